// End-to-end test of the app during an import (issue 16), in the real app
// (tauri-driver + WebKitWebDriver, its own app start and database): loads the
// demo, starts the import of a generated 300 000-line ledger of 2019 (1,00 kr
// a line on IT/Nät), and while it runs switches to Översikt and Investeringar:
// they show the demo's 2018 figures (the state before the import), say that an
// import is running, and the drill-down opens. Once the import is done the
// notice goes and 2019 shows the imported 300 000 kr.
//
// Run: RAMKOLL_APP=target/debug/ramkoll-app E2E_PORT=4510 \
//        xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/usable.mjs
// Env as run.mjs: RAMKOLL_APP, TAURI_DRIVER, E2E_SHOTS, E2E_PORT.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { By, Key } from "selenium-webdriver";
import { openApp, plain, step, tools, count } from "./session.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const app = resolve(process.env.RAMKOLL_APP ?? join(root, "target/debug/ramkoll-app"));
const shots = resolve(process.env.E2E_SHOTS ?? join(here, "out"));
const T = 30_000;
const ROWS = 300_000;


/** The generated ledger: ROWS lines of 1,00 kr on IT-NAT-2019-01, spread over 2019's months. */
function bigLedger(path) {
  const parts = ["Period;Konto;Ansvar;Projekt;Text;Belopp\n"];
  for (let i = 0; i < ROWS; i++) parts.push(`2019-${String((i % 12) + 1).padStart(2, "0")};1225;52320;IT-NAT-2019-01;rad ${i};1,00\n`);
  writeFileSync(path, parts.join(""));
}

async function main() {
  assert.ok(existsSync(app), `app binary missing: ${app} (cargo build -p ramkoll-app --features e2e)`);
  const work = mkdtempSync(join(tmpdir(), "ramkoll-e2e-usable-"));
  const db = join(work, "e2e.db");
  const csv = join(work, "huvudbok_2019_stor.csv");
  bigLedger(csv);
  // the open dialog's stand-in answers with the big ledger
  const env = { ...process.env, RAMKOLL_DB: db, RAMKOLL_E2E_OPEN_FILES: csv };
  const { driver, stop } = await openApp(app, env, 4510);
  const { shot, $, clickEl, click, raw } = tools(driver, shots, T);
  const running = async () => (await count(driver, "#import-running")) > 0;
  /** Översikt's Utfall figure, once shown. */
  const outcome = async () => {
    let text = "";
    await driver.wait(async () => {
      const kpis = await driver.findElements(By.css("#kpis .kpi strong"));
      if (kpis.length < 2) return false;
      text = plain(await raw(kpis[1]));
      return /\d/.test(text);
    }, T, "Översikt's outcome");
    return text;
  };

  try {
    await driver.executeScript("localStorage.clear()");
    await driver.navigate().refresh();
    step(`empty database ${db}: load the demo`);
    await click(".empty-state button.secondary");
    await driver.wait(async () => (await count(driver, ".empty-state")) === 0, T * 4, "demo loaded");
    const before = await outcome();
    step(`Översikt 2018 before the import: Utfall ${before}`);

    step(`Import: ${ROWS} lines of 2019`);
    await click("#nav-import");
    await click("#pick-files");
    const go = await $("#start-import");
    // the preview reads the whole file on trial (what would it replace?)
    await driver.wait(async () => go.isEnabled(), T * 10, "the preview");
    await clickEl(go);
    await $("#import-progress");

    step("during the import: Översikt shows the state before it, and says so");
    await click("#nav-overview");
    await $("#import-running");
    assert.equal(await outcome(), before, "Översikt during the import: the figures before it");
    await shot("usable-01-overview-during-import");
    step("drill-down during the import");
    const kpiDrill = await $("#kpis .kpi:nth-child(2) button.drill");
    await clickEl(kpiDrill);
    const summary = await $("#drill-summary");
    await driver.wait(async () => /\d/.test(await raw(summary)), T, "drill summary");
    console.log(`  ${await raw(summary)}`);
    await driver.actions().sendKeys(Key.ESCAPE).perform();
    await driver.wait(async () => (await count(driver, ".modal")) === 0, T);

    step("Investeringar during the import: IT's 2018 outcome 19 600 000");
    await click("#nav-investments");
    const itOutcome = await driver.wait(async () => {
      for (const tr of await driver.findElements(By.css("#reference-table tbody tr"))) {
        const t = await raw(tr);
        if (t.startsWith("IT")) return plain(await raw(await tr.findElement(By.css('[data-col="outcome_total"]'))));
      }
      return false;
    }, T, "IT row");
    assert.equal(itOutcome, "19600000");
    assert.ok(await running(), "the figures above were read while the import ran (it ended too soon to tell)");
    await shot("usable-02-investments-during-import");

    step("the import ends: the notice goes, 2019 has the imported 300 000 kr");
    await driver.wait(async () => !(await running()), T * 20, "the import's end");
    await click("#nav-overview");
    await driver.wait(async () => (await count(driver, "#year option[value='2019']")) > 0, T, "2019 in the year list");
    await driver.executeScript(
      "const s = document.querySelector('#year'); s.value = '2019'; s.dispatchEvent(new Event('change', {bubbles: true}));",
    );
    await driver.wait(async () => (await outcome()) === "300000kr", T, "2019's outcome 300 000 kr");
    await shot("usable-03-after-import");
    console.log(`E2E usable OK — screenshots in ${shots}`);
  } catch (e) {
    await shot("usable-failure").catch(() => undefined);
    throw e;
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
