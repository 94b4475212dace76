// Measures the desktop app during one large import (not part of the test
// run; see PERFORMANCE.md): drives the real app through WebDriver, and inside
// the page samples, on every animation frame, the import progress bar's value.
// Prints how long the bar stood still at most and the longest gap between two
// frames (the window repainting: it stays responsive while the core imports).
//
//   RAMKOLL_APP=target/release/ramkoll-app RAMKOLL_DB=/path/to/copy.db \
//     xvfb-run -a node ui/e2e/progress.mjs /path/to/huvudbok.xlsx
//
// RAMKOLL_DB is imported into: use a copy.
//
//   RAMKOLL_APP=target/debug/ramkoll-app xvfb-run -a node ui/e2e/progress.mjs --smoke
//
// --smoke (scripts/e2e.sh, CI): a generated 100 000-line ledger into a new
// database; prints the same figures and checks what does not depend on the
// machine: the import lands, the bar moved, the saving phase was shown.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Builder, By, Capabilities, until } from "selenium-webdriver";

const smoke = process.argv[2] === "--smoke";
const app = resolve(process.env.RAMKOLL_APP ?? (smoke ? "target/debug/ramkoll-app" : "target/release/ramkoll-app"));
const file = smoke ? smokeLedger() : resolve(process.argv[2] ?? "");
assert.ok(existsSync(app), `app binary missing: ${app}`);
assert.ok(existsSync(file), `ledger file missing: ${file}`);
assert.ok(process.env.RAMKOLL_DB, "set RAMKOLL_DB (a copy: it is imported into)");
const T = 600_000;
const cargoDriver = join(homedir(), ".cargo/bin/tauri-driver");
const driverBin = process.env.TAURI_DRIVER ?? (existsSync(cargoDriver) ? cargoDriver : "tauri-driver");

/** --smoke's ledger (1,00 kr a line on IT/Nät in 2019) and a new database for it. */
function smokeLedger() {
  const work = mkdtempSync(join(tmpdir(), "ramkoll-e2e-progress-"));
  process.env.RAMKOLL_DB = join(work, "progress.db");
  const parts = ["Period;Konto;Ansvar;Projekt;Text;Belopp\n"];
  for (let i = 0; i < 100_000; i++) parts.push(`2019-${String((i % 12) + 1).padStart(2, "0")};1225;52320;IT-NAT-2019-01;rad ${i};1,00\n`);
  const path = join(work, "huvudbok_2019_progress.csv");
  writeFileSync(path, parts.join(""));
  return path;
}

const env = { ...process.env, RAMKOLL_E2E_OPEN_FILES: file };
const driverProc = spawn(driverBin, ["--port", "4444"], { env, stdio: ["ignore", "inherit", "inherit"] });
await new Promise((r) => setTimeout(r, 1500));
const caps = new Capabilities();
caps.setBrowserName("wry");
caps.set("tauri:options", { application: app });
const driver = await new Builder().withCapabilities(caps).usingServer("http://127.0.0.1:4444/").build();
try {
  const $ = (css) => driver.wait(until.elementLocated(By.css(css)), T);
  await (await $("#nav-import")).click();
  await (await $("#pick-files")).click();
  await driver.wait(async () => (await $("#start-import")).isEnabled(), T, "preview");
  // sample the bar on every frame until the results appear (NO_SAMPLER=1:
  // only the wall time, to see what the sampling itself costs)
  if (!process.env.NO_SAMPLER) await driver.executeScript(`
    window.__samples = [];
    window.__sawSaving = false;
    new MutationObserver(() => {
      if (document.querySelector('#import-busy[data-phase="saving"]')) window.__sawSaving = true;
    }).observe(document.body, { childList: true, subtree: true });
    const t0 = performance.now();
    const tick = () => {
      const bar = document.getElementById("import-progress");
      const busy = document.getElementById("import-busy");
      window.__samples.push([performance.now() - t0, bar ? bar.value : null, busy ? busy.dataset.phase : null]);
      if (!document.getElementById("import-results")) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  `);
  // the page notes when the results appear; we look once a second (WebDriver
  // polling flat out would itself keep the webview busy)
  await driver.executeScript(`
    window.__t0 = performance.now();
    new MutationObserver((_, obs) => {
      if (document.getElementById("import-results")) {
        window.__wall = performance.now() - window.__t0;
        obs.disconnect();
      }
    }).observe(document.body, { childList: true, subtree: true });
  `);
  await (await $("#start-import")).click();
  let wallMs = null;
  for (let waited = 0; wallMs === null && waited < T; waited += 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    wallMs = await driver.executeScript("return window.__wall ?? null");
  }
  assert.ok(wallMs !== null, "no results after the import");
  const wall = wallMs / 1000;
  const failed = await driver.findElements(By.css("#import-results .result.failed"));
  assert.equal(failed.length, 0, "the import failed");
  const samples = (await driver.executeScript("return window.__samples")) ?? [];
  let maxFrame = 0;
  let maxStill = 0;
  let lastMove = null;
  let lastValue = null;
  let moves = 0;
  // the phases without a fraction (opening the file, saving) show a bar that
  // slides by itself: their lengths are reported apart, and a standstill of
  // the fraction ends where one begins
  const busyMs = { opening: 0, saving: 0 };
  let stillAt = null; // the bar's value during its longest standstill
  for (let i = 0; i < samples.length; i++) {
    const [t, v, busy] = samples[i];
    if (i > 0) maxFrame = Math.max(maxFrame, t - samples[i - 1][0]);
    if (busy && i > 0) busyMs[busy] += t - samples[i - 1][0];
    if (busy && lastMove !== null) {
      if (t - lastMove > maxStill) stillAt = lastValue;
      maxStill = Math.max(maxStill, t - lastMove);
      lastMove = null;
    }
    if (v === null) continue;
    if (lastMove === null) {
      lastMove = t;
      lastValue = v;
    } else if (v !== lastValue) {
      if (t - lastMove > maxStill) stillAt = lastValue;
      maxStill = Math.max(maxStill, t - lastMove);
      lastMove = t;
      lastValue = v;
      moves++;
    }
  }
  console.log(`import i appen: ${wall.toFixed(1)} s, ${samples.length} bildrutor, stapeln flyttade sig ${moves} gånger`);
  console.log(`längsta stillastående stapel: ${maxStill.toFixed(0)} ms (vid ${((stillAt ?? 0) * 100).toFixed(0)} %); längsta glapp mellan två bildrutor: ${maxFrame.toFixed(0)} ms`);
  console.log(`faser utan andel (glidande stapel): öppnar filen ${busyMs.opening.toFixed(0)} ms, sparar ${busyMs.saving.toFixed(0)} ms`);
  if (smoke && !process.env.NO_SAMPLER) {
    assert.ok(moves > 0, "the bar never moved during the import");
    assert.ok(await driver.executeScript("return window.__sawSaving"), "the saving phase was never shown");
  }
} finally {
  await driver.quit().catch(() => undefined);
  driverProc.kill();
}
