// The part every desktop E2E shares: start tauri-driver (which starts
// WebKitWebDriver and the app) and open a WebDriver session on the app.
// Env: TAURI_DRIVER (default tauri-driver on PATH or ~/.cargo/bin), E2E_PORT
// (tauri-driver's port; WebKitWebDriver takes the next).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { Builder, Capabilities } from "selenium-webdriver";

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
