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

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { Builder, By, Capabilities, until } from "selenium-webdriver";

const app = resolve(process.env.RAMKOLL_APP ?? "target/release/ramkoll-app");
const file = resolve(process.argv[2] ?? "");
assert.ok(existsSync(app), `app binary missing: ${app}`);
assert.ok(existsSync(file), `ledger file missing: ${file}`);
assert.ok(process.env.RAMKOLL_DB, "set RAMKOLL_DB (a copy: it is imported into)");
const T = 600_000;
const cargoDriver = join(homedir(), ".cargo/bin/tauri-driver");
const driverBin = process.env.TAURI_DRIVER ?? (existsSync(cargoDriver) ? cargoDriver : "tauri-driver");

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
    const t0 = performance.now();
    const tick = () => {
      const bar = document.getElementById("import-progress");
      window.__samples.push([performance.now() - t0, bar ? bar.value : null]);
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
  for (let i = 0; i < samples.length; i++) {
    const [t, v] = samples[i];
    if (i > 0) maxFrame = Math.max(maxFrame, t - samples[i - 1][0]);
    if (v === null) continue;
    if (lastMove === null) {
      lastMove = t;
      lastValue = v;
    } else if (v !== lastValue) {
      maxStill = Math.max(maxStill, t - lastMove);
      lastMove = t;
      lastValue = v;
      moves++;
    }
  }
  console.log(`import i appen: ${wall.toFixed(1)} s, ${samples.length} bildrutor, stapeln flyttade sig ${moves} gånger`);
  console.log(`längsta stillastående stapel: ${maxStill.toFixed(0)} ms; längsta glapp mellan två bildrutor: ${maxFrame.toFixed(0)} ms`);
} finally {
  await driver.quit().catch(() => undefined);
  driverProc.kill();
}
