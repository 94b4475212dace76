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
// --json: the figures as one JSON line (`ramkoll-testkit bench --app` reads
// it). NO_SAMPLER=1: no sampling on every frame (it keeps the webview
// painting): the wall time and the webview's CPU as a user's import has them.
//
//   RAMKOLL_APP=target/debug/ramkoll-app xvfb-run -a node ui/e2e/progress.mjs --smoke
//
// --smoke (scripts/e2e.sh, CI): a generated 100 000-line ledger into a new
// database; prints the same figures and checks what does not depend on the
// machine: the import lands, the bar moved, the saving phase was shown.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Builder, By, Capabilities, until } from "selenium-webdriver";

const smoke = process.argv[2] === "--smoke";
const json = process.argv.includes("--json");
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
  // as wide as a real export (twelve columns), so that the mapping preview scrolls sideways
  const parts = ["Period;Bokföringsdatum;Konto;Ansvar;Verksamhet;Projekt;Motpart;Verifikationsnummer;Text;Belopp;Objekt;Kommentar\n"];
  for (let i = 0; i < 100_000; i++) {
    const m = String((i % 12) + 1).padStart(2, "0");
    parts.push(`2019-${m};2019-${m}-15;1225;52320;310;IT-NAT-2019-01;9000;V${i};rad ${i};1,00;OBJ-${i % 50};kontrollerad\n`);
  }
  const path = join(work, "huvudbok_2019_progress.csv");
  writeFileSync(path, parts.join(""));
  return path;
}

/**
 * CPU seconds used so far by the webview's processes (WebKitGTK's web
 * process; Linux's /proc): the share of the machine the window takes from
 * the import. Null where there is no /proc.
 */
function webviewCpu() {
  if (!existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("WebKitWebProcess")) continue;
      // utime and stime: the 14th and 15th fields, after the command's ") "
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
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
  // the window at rest with the file and its mapping preview listed: it
  // should use next to nothing (a repainting scrollbar once took a core)
  await new Promise((r) => setTimeout(r, 500));
  if (smoke) {
    const scrolls = await driver.executeScript("const b = document.querySelector('#import-preview .scroll-x'); return !!b && b.scrollWidth > b.clientWidth");
    assert.ok(scrolls, "the mapping preview does not scroll sideways: the idle check below would not see its scrollbar");
  }
  const idle0 = webviewCpu();
  await new Promise((r) => setTimeout(r, 3000));
  const idleShare = idle0 === null ? null : (webviewCpu() - idle0) / 3;
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
  const cpu0 = webviewCpu();
  await (await $("#start-import")).click();
  let wallMs = null;
  for (let waited = 0; wallMs === null && waited < T; waited += 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    wallMs = await driver.executeScript("return window.__wall ?? null");
  }
  assert.ok(wallMs !== null, "no results after the import");
  const importCpu = cpu0 === null ? null : webviewCpu() - cpu0;
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
  if (json) {
    console.log(JSON.stringify({
      wall_s: wall,
      frames: samples.length,
      moves,
      max_still_ms: maxStill,
      max_frame_ms: maxFrame,
      opening_ms: busyMs.opening,
      saving_ms: busyMs.saving,
      idle_share: idleShare,
      import_cpu_s: importCpu,
    }));
  }
  console.log(`import i appen: ${wall.toFixed(1)} s, ${samples.length} bildrutor, stapeln flyttade sig ${moves} gånger`);
  console.log(`längsta stillastående stapel: ${maxStill.toFixed(0)} ms (vid ${((stillAt ?? 0) * 100).toFixed(0)} %); längsta glapp mellan två bildrutor: ${maxFrame.toFixed(0)} ms`);
  console.log(`faser utan andel (glidande stapel): öppnar filen ${busyMs.opening.toFixed(0)} ms, sparar ${busyMs.saving.toFixed(0)} ms`);
  if (idleShare !== null) {
    console.log(`webbvyns CPU: i vila med filen listad ${(idleShare * 100).toFixed(0)} % av en kärna; under importen ${importCpu.toFixed(1)} s (${((importCpu / wall) * 100).toFixed(0)} % av en kärna)`);
  }
  if (smoke && idleShare !== null) {
    // not a timing: at rest the window has nothing to do, whatever the machine
    assert.ok(idleShare < 0.3, `the webview used ${(idleShare * 100).toFixed(0)} % of a core at rest on the Import screen`);
  }
  if (smoke && !process.env.NO_SAMPLER) {
    assert.ok(moves > 0, "the bar never moved during the import");
    assert.ok(await driver.executeScript("return window.__sawSaving"), "the saving phase was never shown");
  }
} finally {
  await driver.quit().catch(() => undefined);
  driverProc.kill();
}
