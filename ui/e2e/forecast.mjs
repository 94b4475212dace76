// End-to-end test of the forecast rounds on Avvikelser, in the real app
// (tauri-driver + WebKitWebDriver, as run.mjs; its own app start and
// database). Loads the demo from the empty state — its budget file carries a
// Prognos column, the budget's own round (+8 000 000 against the +6 000 000
// outcome) — then enters a new October round's Lön for VO Drift through the
// form (every other row at its budget: result +4 000 000), sees the round's
// deviation from the outcome (+2 000 000), locks the round and sees a
// further change refused.
//
// Run: RAMKOLL_APP=target/debug/ramkoll-app E2E_PORT=4480 \
//        xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/forecast.mjs
// Env as run.mjs: RAMKOLL_APP, TAURI_DRIVER, E2E_SHOTS, E2E_PORT.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { By } from "selenium-webdriver";
import { openApp, plain, step, tools, count } from "./session.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const app = resolve(process.env.RAMKOLL_APP ?? join(root, "target/debug/ramkoll-app"));
const shots = resolve(process.env.E2E_SHOTS ?? join(here, "out"));
const T = 30_000;


async function main() {
  assert.ok(existsSync(app), `app binary missing: ${app} (cargo build -p ramkoll-app --features e2e)`);
  const work = mkdtempSync(join(tmpdir(), "ramkoll-e2e-forecast-"));
  const db = join(work, "e2e.db");
  const env = { ...process.env, RAMKOLL_DB: db };
  const { driver, stop } = await openApp(app, env, 4480);
  const { shot, $, click, raw } = tools(driver, shots, T);
  /** The result row's cells: [label, forecasts…, outcome, deviations…] as plain numbers. */
  const resultRow = async () => {
    const rows = await driver.findElements(By.css("#forecast-table tbody tr"));
    const cells = await rows[rows.length - 1].findElements(By.css("th, td"));
    return Promise.all(cells.map(async (c) => plain(await raw(c))));
  };
  const waitResult = (pred, what) =>
    driver.wait(async () => {
      try {
        const r = await resultRow();
        return pred(r) ? r : false;
      } catch {
        return false;
      }
    }, T, `timed out waiting for ${what}`);

  try {
    await driver.executeScript("localStorage.clear()");
    await driver.navigate().refresh();
    step(`empty database ${db}: load the demo`);
    await click(".empty-state button.secondary");
    await driver.wait(async () => (await count(driver, ".empty-state")) === 0, T * 4, "demo loaded");

    step("Avvikelser: the budget file's own round, +8 000 000 against the +6 000 000 outcome");
    await click("#nav-variance");
    await $("#forecast-rounds");
    // [Resultat, budget forecast, outcome, deviation]
    const before = await waitResult((r) => r.length === 4, "the budget round");
    assert.deepEqual(before.slice(1), ["8000000", "6000000", "-2000000"]);
    await shot("forecast-01-budget-round");

    step("enter the October round: Lön, VO Drift, 36 000 000,00");
    const round = await $("#forecast-round");
    await round.clear();
    await round.sendKeys("201810");
    await driver.executeScript(
      "const s = document.querySelector('#forecast-cost-type'); s.value = 'Lön'; s.dispatchEvent(new Event('change', {bubbles: true}));",
    );
    await (await $("#forecast-vo")).sendKeys("VO Drift");
    await (await $("#forecast-amount")).sendKeys("36 000 000,00");
    await (await $("#forecast-comment")).sendKeys("Rekrytering klar i november");
    await click("#forecast-save");
    // [Resultat, budget, 201810, outcome, dev budget, dev 201810]: the new round
    // keeps the budget on every row it does not mention, and Lön VO Drift is
    // budgeted at 40 000 000, so the round's result is +4 000 000, 2 000 000
    // under the outcome
    const after = await waitResult((r) => r.length === 6, "the October round");
    assert.deepEqual(after.slice(1), ["8000000", "4000000", "6000000", "-2000000", "2000000"]);
    await shot("forecast-02-october-round");

    step("lock the round; a further change is refused");
    await click("#forecast-lock");
    await driver.wait(async () => {
      const heads = await driver.findElements(By.css("#forecast-table thead th"));
      for (const h of heads) if ((await raw(h)).includes("201810 (fastställd)")) return true;
      return false;
    }, T, "locked round header");
    const amount = await $("#forecast-amount");
    await amount.clear();
    await amount.sendKeys("1");
    await click("#forecast-save");
    await driver.wait(async () => {
      const errs = await driver.findElements(By.css("#forecast-form .error, #forecast-form [role=alert]"));
      for (const e of errs) if ((await raw(e)).includes("fastställd")) return true;
      return false;
    }, T, "refusal shown");
    assert.deepEqual((await resultRow()).slice(1), after.slice(1), "the locked round is unchanged");
    await shot("forecast-03-locked");
    console.log(`E2E forecast OK — screenshots in ${shots}`);
  } catch (e) {
    await shot("forecast-failure").catch(() => undefined);
    throw e;
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
