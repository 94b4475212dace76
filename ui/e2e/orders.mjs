// End-to-end test of the open purchase orders and a forecast round's file,
// in the real app (tauri-driver + WebKitWebDriver, as forecast.mjs; its own
// app start and database). Loads the demo from the empty state, imports
// fixtures/bestallningar_2018.xlsx through the Import screen (detected as
// orders), sees Beställt and Disponibelt on Investeringar with the figures
// tests/orders.rs asserts, opens the orders behind MT Röntgen's Beställt; then
// imports prognos_2018_08.xlsx as round 201808 from Avvikelser ("Importera
// prognosfil…"), sees its deviation from the outcome, and is asked before a
// second import replaces the round's rows.
//
// Run: RAMKOLL_APP=target/debug/ramkoll-app E2E_PORT=4490 \
//        xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/orders.mjs
// Env as run.mjs: RAMKOLL_APP, TAURI_DRIVER, E2E_SHOTS, E2E_PORT.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { By } from "selenium-webdriver";
import { openApp, plain, step, tools, count } from "./session.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const app = resolve(process.env.RAMKOLL_APP ?? join(root, "target/debug/ramkoll-app"));
const shots = resolve(process.env.E2E_SHOTS ?? join(here, "out"));
const fixtures = join(root, "fixtures");
const T = 30_000;


async function main() {
  assert.ok(existsSync(app), `app binary missing: ${app} (cargo build -p ramkoll-app --features e2e)`);
  const work = mkdtempSync(join(tmpdir(), "ramkoll-e2e-orders-"));
  const db = join(work, "e2e.db");
  // the dialog's stand-in: the forecast file first (the round's import takes the first file chosen)
  const files = [join(fixtures, "prognos_2018_08.xlsx"), join(fixtures, "bestallningar_2018.xlsx")];
  const env = { ...process.env, RAMKOLL_DB: db, RAMKOLL_E2E_OPEN_FILES: files.join(delimiter) };
  const { driver, stop } = await openApp(app, env, 4490);
  const { shot, $, clickEl, click, raw, waitFor } = tools(driver, shots, T);
  /** The commitments table's row labelled `label`: {column key: plain text}. */
  const commitRow = async (label) => {
    for (const tr of await driver.findElements(By.css("#commitments-table tr"))) {
      const th = await tr.findElements(By.css("th"));
      if (th.length === 0 || (await raw(th[0])) !== label) continue;
      const out = {};
      for (const td of await tr.findElements(By.css("td[data-col]"))) out[await td.getAttribute("data-col")] = plain(await raw(td));
      return out;
    }
    return null;
  };
  /** The forecast table's result row: [label, forecasts…, outcome, deviations…] as plain numbers. */
  const resultRow = async () => {
    const rows = await driver.findElements(By.css("#forecast-table tbody tr"));
    const cells = await rows[rows.length - 1].findElements(By.css("th, td"));
    return Promise.all(cells.map(async (c) => plain(await raw(c))));
  };

  try {
    await driver.executeScript("localStorage.clear()");
    await driver.navigate().refresh();
    step(`empty database ${db}: load the demo`);
    await click(".empty-state button.secondary");
    await driver.wait(async () => (await count(driver, ".empty-state")) === 0, T * 4, "demo loaded");

    step("Import: bestallningar_2018.xlsx is detected as open orders and imported");
    await click("#nav-import");
    await click("#pick-files");
    const row = (f) => `#import-files tr[data-file="${f}"]`;
    await $(row("bestallningar_2018.xlsx"));
    await click(`${row("prognos_2018_08.xlsx")} button[aria-label^="Ta bort"]`);
    const kind = await $(`${row("bestallningar_2018.xlsx")} select`);
    await waitFor(async () => (await kind.getAttribute("value")) === "orders", "the orders kind");
    await driver.wait(async () => (await (await $("#start-import")).isEnabled()), T, "Importera");
    await click("#start-import");
    const result = `#import-results .result[data-result="bestallningar_2018.xlsx"]`;
    await waitFor(async () => (await raw(await $(`${result} h3`))).startsWith("✓ bestallningar_2018.xlsx"), "the orders import");
    await shot("orders-01-imported");

    step("Investeringar: Beställt and Disponibelt as tests/orders.rs asserts them");
    await click("#nav-investments");
    await $("#commitments-table");
    // MT: 63 000 000 − 23 200 000 − 5 035 000; Röntgen: 35 000 000 − 12 200 000 − 3 400 000
    const mt = await waitFor(() => commitRow("MT"), "the MT row");
    assert.equal(mt.committed, "5035000");
    assert.equal(mt.available, "34765000");
    const rtg = await commitRow("Röntgen");
    assert.deepEqual([rtg.committed, rtg.available], ["3400000", "19400000"]);
    const uls = await commitRow("Ultraljud");
    assert.equal(uls.available, "6520000");
    const unplaced = await commitRow("Ej klassificerat");
    assert.deepEqual([unplaced.committed, unplaced.available], ["87250", "-87250"]);
    await shot("orders-02-commitments");

    step("the orders behind MT Röntgen's Beställt");
    for (const tr of await driver.findElements(By.css("#commitments-table tr"))) {
      const th = await tr.findElements(By.css("th"));
      if (th.length && (await raw(th[0])) === "Röntgen") {
        await clickEl(await tr.findElement(By.css("td[data-col=committed] button")));
        break;
      }
    }
    const dialog = await $("#orders-drill");
    await waitFor(async () => (await raw(dialog)).includes("BE-18-0460"), "the Röntgen order");
    const text = await raw(dialog);
    assert.ok(text.includes("Philips AB") && text.includes("Genomlysningsutrustning"), text);
    assert.ok(plain(await raw(await $("#orders-summary"))).includes("3400000,00"), await raw(await $("#orders-summary")));
    await shot("orders-03-drill");
    await driver.actions().sendKeys("\uE00C").perform();
    await driver.wait(async () => (await count(driver, "#orders-drill")) === 0, T, "drill closed");

    step("Avvikelser: import prognos_2018_08.xlsx as round 201808");
    await click("#nav-variance");
    await $("#forecast-rounds");
    const round = await $("#forecast-round");
    await round.clear();
    await round.sendKeys("201808");
    await click("#forecast-import");
    await waitFor(async () => (await raw(await $("#forecast-import-result"))).includes("omgång 201808"), "the round's import");
    // [Resultat, budget, 201808, outcome, dev budget, dev 201808]: August +5 500 000, 500 000 under the outcome
    const after = await waitFor(async () => {
      const r = await resultRow();
      return r.length === 6 ? r : false;
    }, "the August round");
    assert.deepEqual(after.slice(1), ["8000000", "5500000", "6000000", "-2000000", "500000"]);
    await shot("orders-04-forecast-imported");

    step("importing it again asks before the round's rows are replaced");
    await click("#forecast-import");
    const ask = await $("#forecast-replace");
    assert.ok((await raw(ask)).includes("har redan"), await raw(ask));
    await click("#forecast-replace-yes");
    await waitFor(async () => (await count(driver, "#forecast-replace")) === 0, "the question gone");
    await waitFor(async () => (await raw(await $("#forecast-import-result"))).includes("omgång 201808"), "the replacing import");
    assert.deepEqual((await resultRow()).slice(1), after.slice(1), "the same figures after replacing");
    await shot("orders-05-forecast-replaced");
    console.log(`E2E orders OK — screenshots in ${shots}`);
  } catch (e) {
    await shot("orders-failure").catch(() => undefined);
    throw e;
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
