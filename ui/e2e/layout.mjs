// Layout and language E2E (issue 20): the real app on a fresh database with
// the demo loaded, at 1366×768 (an office laptop) and 1920×1080, in Swedish
// and in English. On every screen it fails on
//   - a table cell, header or input whose text does not fit (scrollWidth >
//     clientWidth + 1),
//   - horizontal scrolling of the page or of the screen's scroll pane,
//   - visible text that is the other language's (compared with the i18n
//     tables: a value of the other language, or one of its templates with the
//     placeholders filled in, that is not also a text of the shown language),
// and saves a screenshot of each: e2e/out/layout-<lang>-<width>-<screen>.png.
//
// Env: RAMKOLL_APP, TAURI_DRIVER, E2E_SHOTS, E2E_PORT as for run.mjs;
// E2E_FIT_ONLY=1 only checks that the window opened inside the screen (run it
// under a 1366×768 X server). Run under
// an X server at least 1920×1080 (xvfb-run --server-args="-screen 0 1920x1080x24").

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { By, until } from "selenium-webdriver";
import { foreignMatchers, norm, readTables } from "./lang.mjs";
import { openApp, screenshot } from "./session.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const app = resolve(process.env.RAMKOLL_APP ?? join(root, "target/debug/ramkoll-app"));
const shots = resolve(process.env.E2E_SHOTS ?? join(here, "out"));
const T = 30_000;
const SIZES = [
  [1366, 768],
  [1920, 1080],
];
const SCREENS = ["overview", "import", "investments", "variance", "staffing", "rules", "history", "log", "export", "settings", "capital"];

const step = (s) => console.log(`• ${s}`);

// Runs in the page: what does not fit, whether the page scrolls sideways, and
// the visible texts (each element's own text, with its children's).
const MEASURE = `
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
  const label = (el) => (el.id ? "#" + el.id : el.tagName.toLowerCase()) + " " + JSON.stringify((el.innerText || el.value || "").trim().slice(0, 60));
  const where = (el) => { const t = el.closest("table"); return t ? (t.id || (t.closest("[id]") || {}).id || "table") : ""; };
  const overflow = [];
  for (const el of document.querySelectorAll("th, td")) {
    if (!visible(el)) continue;
    if (el.scrollWidth > el.clientWidth + 1) overflow.push(where(el) + ": " + label(el) + " " + el.scrollWidth + ">" + el.clientWidth);
  }
  for (const el of document.querySelectorAll("input:not([type=checkbox]):not([type=radio]):not([type=file]), select")) {
    if (!visible(el)) continue;
    if (el.tagName === "SELECT") {
      const o = el.options[el.selectedIndex];
      if (!o) continue;
      const probe = document.createElement("span");
      const cs = getComputedStyle(el);
      probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre;font:" + cs.font;
      probe.textContent = o.text;
      document.body.appendChild(probe);
      const need = probe.getBoundingClientRect().width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 18;
      probe.remove();
      if (need > el.getBoundingClientRect().width + 1) overflow.push(where(el) + ": select " + JSON.stringify(o.text) + " " + Math.ceil(need) + ">" + Math.floor(el.getBoundingClientRect().width));
    } else if (el.value && el.scrollWidth > el.clientWidth + 1) {
      overflow.push(where(el) + ": input " + JSON.stringify(el.value) + " " + el.scrollWidth + ">" + el.clientWidth);
    }
  }
  const scrolls = [];
  const de = document.documentElement;
  if (de.scrollWidth > de.clientWidth + 1) scrolls.push("page " + de.scrollWidth + ">" + de.clientWidth);
  // a table wider than its box scrolls inside it: its right-hand columns (the comments) are out of sight
  for (const el of document.querySelectorAll(".datatable, .scroll-x")) {
    if (visible(el) && el.scrollWidth > el.clientWidth + 1) scrolls.push((el.id || el.querySelector("table[id]")?.id || "table") + " " + el.scrollWidth + ">" + el.clientWidth);
  }
  const content = document.getElementById("content");
  if (content && content.scrollWidth > content.clientWidth + 1) scrolls.push("#content " + content.scrollWidth + ">" + content.clientWidth);
  const texts = [];
  for (const el of document.querySelectorAll("body *")) {
    if (["SCRIPT", "STYLE", "OPTION"].includes(el.tagName) || !visible(el)) continue;
    if (el.closest("[translate=no]")) continue; // names from the data, shown as stored
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    texts.push(el.innerText ?? el.textContent ?? "");
  }
  for (const el of document.querySelectorAll("[placeholder], [title], [aria-label]")) {
    if (!visible(el)) continue;
    for (const a of ["placeholder", "title", "aria-label"]) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
  }
  for (const el of document.querySelectorAll("select")) if (visible(el) && el.options[el.selectedIndex]) texts.push(el.options[el.selectedIndex].text);
  return { overflow, scrolls, texts };
`;

async function main() {
  assert.ok(existsSync(app), `app binary missing: ${app} (cargo build -p ramkoll-app --features e2e)`);
  const tables = readTables(readFileSync(join(root, "ui/src/i18n.ts"), "utf8"));
  const foreign = { sv: foreignMatchers(tables, "sv", "en"), en: foreignMatchers(tables, "en", "sv") };
  const work = mkdtempSync(join(tmpdir(), "ramkoll-layout-"));
  const db = join(work, "layout.db");
  mkdirSync(shots, { recursive: true });

  const env = { ...process.env, RAMKOLL_DB: db };
  const { driver, stop } = await openApp(app, env);
  const shot = async (name) => writeFileSync(join(shots, `${name}.png`), await screenshot(driver), "base64");
  const $ = (css) => driver.wait(until.elementLocated(By.css(css)), T);
  const byText = (text) => driver.wait(until.elementLocated(By.xpath(`//div[contains(@class,'segmented')]/button[text()='${text}']`)), T);

  const problems = [];
  try {
    // The window opens inside the screen's work area (src-tauri/src/window.rs), whatever the screen.
    const opened = await driver.manage().window().getRect();
    const avail = await driver.executeScript("return [screen.availWidth, screen.availHeight]");
    step(`opened at ${opened.width}×${opened.height} on a ${avail[0]}×${avail[1]} work area`);
    assert.ok(opened.width <= avail[0] && opened.height <= avail[1], `the window (${opened.width}×${opened.height}) is larger than the screen (${avail})`);
    if (process.env.E2E_FIT_ONLY === "1") return; // run on a small screen: only this check
    await driver.executeScript("localStorage.clear()");
    await driver.navigate().refresh();
    step(`fresh database ${db}: load the demo from Översikt`);
    await $(".empty-state");
    await (await $(".empty-state button.secondary")).click();
    await $("#lead");
    await $("#overview-reference");

    for (const lang of ["sv", "en"]) {
      await (await byText(lang.toUpperCase())).click();
      await driver.wait(async () => (await driver.executeScript("return document.documentElement.lang")) === lang, T);
      for (const [w, h] of SIZES) {
        await driver.manage().window().setRect({ width: w, height: h });
        await driver.sleep(300);
        for (const s of SCREENS) {
          await (await $(`#nav-${s}`)).click();
          await $(`#screen-${s}`);
          // the screen's reports load after it shows
          await driver.sleep(900);
          await shot(`layout-${lang}-${w}-${s}`);
          // E2E_SCROLL_SHOTS=1: also the rest of the screen, a window height at a time (to look at)
          if (process.env.E2E_SCROLL_SHOTS === "1" && w === 1366) {
            const pages = Number(await driver.executeScript("const c = document.getElementById('content'); return Math.ceil(c.scrollHeight / c.clientHeight)"));
            for (let k = 1; k < Math.min(pages, 6); k++) {
              await driver.executeScript(`document.getElementById('content').scrollTop = ${k} * document.getElementById('content').clientHeight`);
              await driver.sleep(150);
              await shot(`layout-${lang}-${w}-${s}-${k}`);
            }
            await driver.executeScript("document.getElementById('content').scrollTop = 0");
          }
          const m = await driver.executeScript(MEASURE);
          const at = `${lang} ${w}×${h} ${s}`;
          for (const o of m.overflow) problems.push(`${at}: does not fit: ${o}`);
          for (const o of m.scrolls) problems.push(`${at}: scrolls sideways: ${o}`);
          const seen = new Set();
          for (const raw of m.texts) {
            const text = norm(String(raw ?? ""));
            if (!text || seen.has(text)) continue;
            seen.add(text);
            const hit = foreign[lang].find((f) => f.test(text));
            if (hit) problems.push(`${at}: ${lang === "en" ? "Swedish" : "English"} text ${JSON.stringify(text.slice(0, 120))} (${hit.key}: ${JSON.stringify(hit.text)})`);
          }
          step(`${at}: ${m.overflow.length} overflowing, ${m.scrolls.length} scrolling`);
        }
      }
    }
    if (problems.length > 0) {
      console.error(problems.join("\n"));
      assert.fail(`${problems.length} layout or language problems (above); screenshots in ${shots}`);
    }
    console.log(`LAYOUT E2E OK — screenshots in ${shots}`);
  } catch (e) {
    await shot("layout-failure").catch(() => undefined);
    throw e;
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
