// The part every desktop E2E shares: start tauri-driver (which starts
// WebKitWebDriver and the app) and open a WebDriver session on the app.
// Env: TAURI_DRIVER (default tauri-driver on PATH or ~/.cargo/bin), E2E_PORT
// (tauri-driver's port; WebKitWebDriver takes the next).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { Builder, By, Capabilities, until } from "selenium-webdriver";

function driverPath() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const cargo = join(homedir(), ".cargo/bin/tauri-driver");
  return existsSync(cargo) ? cargo : "tauri-driver";
}

/** The app binary `app` started with `env`; `stop` ends the session and the driver. */
export async function openApp(app, env, defaultPort = 4444) {
  assert.ok(existsSync(app), `app binary missing: ${app} (cargo build -p ramkoll-app --features e2e)`);
  // E2E_PORT: another port when two runs share a machine
  const port = Number(process.env.E2E_PORT ?? defaultPort);
  const args = ["--port", String(port), "--native-port", String(port + 1)];
  const driverProc = spawn(driverPath(), args, { env, stdio: ["ignore", "inherit", "inherit"] });
  let driverExited = false;
  driverProc.on("exit", () => (driverExited = true));
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(!driverExited, "tauri-driver exited at once (is WebKitWebDriver installed?)");

  const caps = new Capabilities();
  caps.setBrowserName("wry");
  caps.set("tauri:options", { application: app });
  const driver = await new Builder().withCapabilities(caps).usingServer(`http://127.0.0.1:${port}/`).build();
  const stop = async () => {
    await driver.quit().catch(() => undefined);
    driverProc.kill();
  };
  return { driver, stop };
}

/**
 * The window as a PNG (base64). WebKitGTK's WebDriver takes it after the
 * page's next repaint, and without compositing (the app's mode on a machine
 * without a GPU: src-tauri/src/webview.rs) a page at rest never repaints, so
 * the command would wait for ever: a 1-px mark in the corner changes shade
 * until the shot is taken.
 */
export async function screenshot(driver) {
  await driver.executeScript(`
    const m = document.createElement("div");
    m.id = "e2e-repaint";
    m.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647";
    document.body.appendChild(m);
    let i = 0;
    window.__e2eRepaint = setInterval(() => { m.style.background = i++ % 2 ? "rgba(0,0,0,0.02)" : "rgba(0,0,0,0.03)"; }, 40);
  `);
  try {
    return await driver.takeScreenshot();
  } finally {
    await driver.executeScript(`clearInterval(window.__e2eRepaint); document.getElementById("e2e-repaint")?.remove();`);
  }
}

/**
 * How many elements match `css`, counted in the page: no element handles, so
 * nothing goes stale when React replaces a node between the driver finding it
 * and making its handle (WebKitWebDriver's StaleElementReferenceError, seen
 * in a wait for the demo data to replace the empty state).
 */
export const count = async (driver, css) => Number(await driver.executeScript("return document.querySelectorAll(arguments[0]).length", css));

/** A scenario step, as the E2E logs print them. */
export const step = (s) => console.log(`• ${s}`);

/** "−2 000 000 kr" (NBSP, U+2212) → "-2000000kr": figures compared as plain text. */
export const plain = (s) => s.replace(/[\s\u00a0]/g, "").replace(/\u2212/g, "-");

/**
 * What the scenarios do on `driver`: a screenshot into `shots`, an element
 * once there (`T` ms), a click on it scrolled into view, an element's text
 * content (also when hidden or clipped).
 */
export function tools(driver, shots, T) {
  mkdirSync(shots, { recursive: true });
  const shot = async (name) => writeFileSync(join(shots, `${name}.png`), await screenshot(driver), "base64");
  const $ = (css) => driver.wait(until.elementLocated(By.css(css)), T);
  const clickEl = async (el) => {
    await driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", el);
    await el.click();
  };
  const click = async (css) => clickEl(await $(css));
  const raw = async (el) => String(await driver.executeScript("return arguments[0].textContent", el)).trim();
  // until f() is truthy; an element that went stale meanwhile counts as not yet
  const waitFor = (f, what) =>
    driver.wait(async () => {
      try {
        return (await f()) || false;
      } catch {
        return false;
      }
    }, T, `timed out waiting for ${what}`);
  return { shot, $, clickEl, click, raw, waitFor };
}
