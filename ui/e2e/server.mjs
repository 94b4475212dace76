// End-to-end test of a shared database on a PostgreSQL server (issue 15), in
// the real app (tauri-driver + WebKitWebDriver, as orders.mjs). The app starts
// on an empty database file; Inställningar → "Anslut till server…" is first
// refused (no server on that port: the message in the dialog, the file still
// open), then connects to a fresh database on the server of RAMKOLL_TEST_PG;
// the settings show the server's address and that the server keeps the
// backups; fixtures/huvudbok_2018.xlsx and ramar.xlsx are imported through
// the Import screen and Investeringar shows 42 800 000 outcome in total; the
// rows are on the server (psql counts them), the file has none.
//
// Run: RAMKOLL_TEST_PG='host=/tmp/pgdev port=5433 user=postgres dbname=postgres' \
//      RAMKOLL_APP=target/debug/ramkoll-app E2E_PORT=4530 \
//        xvfb-run -a --server-args="-screen 0 1400x900x24" node ui/e2e/server.mjs
// Env as run.mjs (RAMKOLL_APP, TAURI_DRIVER, E2E_SHOTS, E2E_PORT), and
// RAMKOLL_TEST_PG (libpq key=value or URL; required), E2E_PG_PREFIX (the new
// database's name prefix, default ramkoll_e2e).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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
const admin = process.env.RAMKOLL_TEST_PG ?? "";
const T = 30_000;
const PASSWORD = "e2e-lösen";

/** host, port, user of a libpq connection string (`key=value …` or a URL). */
function serverOf(conn) {
  if (/^postgres(ql)?:\/\//.test(conn)) {
    const u = new URL(conn.replace(/^postgres(ql)?:/, "http:"));
    const host = decodeURIComponent(u.hostname || u.searchParams.get("host") || "localhost");
    return { host, port: u.port || "5432", user: decodeURIComponent(u.username || "") };
  }
  const kv = {};
  for (const m of conn.matchAll(/(\w+)\s*=\s*('((?:\\.|[^'\\])*)'|\S+)/g)) kv[m[1]] = m[3] !== undefined ? m[3].replace(/\\(.)/g, "$1") : m[2];
  return { host: kv.host ?? "localhost", port: kv.port ?? "5432", user: kv.user ?? "" };
}

const psql = (sql, db) => {
  const conn = db ? `${admin} dbname=${db}` : admin;
  return execFileSync("psql", [conn, "-XtAc", sql], { encoding: "utf8" }).trim();
};

async function main() {
  assert.ok(admin, "RAMKOLL_TEST_PG is not set: this test needs a PostgreSQL server (scripts/pg.sh)");
  assert.ok(!admin.startsWith("postgres"), "RAMKOLL_TEST_PG: this script takes the key=value form scripts/pg.sh prints");
  assert.ok(existsSync(app), `app binary missing: ${app} (cargo build -p ramkoll-app --features e2e)`);
  const dbname = `${process.env.E2E_PG_PREFIX ?? "ramkoll_e2e"}_${process.pid}_${Date.now()}`;
  psql(`CREATE DATABASE ${dbname}`);
  const srv = { ...serverOf(admin), dbname };
  const label = `postgres://${srv.user}@${srv.host}:${srv.port}/${dbname}`;
  const work = mkdtempSync(join(tmpdir(), "ramkoll-e2e-server-"));
  const file = join(work, "egen.db");
  const files = [join(fixtures, "huvudbok_2018.xlsx"), join(fixtures, "ramar.xlsx")];
  const env = { ...process.env, RAMKOLL_DB: file, RAMKOLL_E2E_OPEN_FILES: files.join(delimiter) };
  const { driver, stop } = await openApp(app, env, 4530);
  const { shot, $, click, raw, waitFor } = tools(driver, shots, T);
  const fill = async (id, value) => {
    const el = await $(`#srv-${id}`);
    await el.clear();
    // clear() leaves React's state as it was: select and overwrite instead
    await driver.executeScript("arguments[0].select()", el);
    await el.sendKeys(value === "" ? "\uE003" : value);
    await waitFor(async () => (await el.getAttribute("value")) === value, `#srv-${id} = ${value}`);
  };

  try {
    await driver.executeScript("localStorage.clear()");
    await driver.navigate().refresh();
    step(`the app on the file ${file}`);
    await $(".empty-state");
    await click("#nav-settings");
    await waitFor(async () => (await raw(await $("#db-path"))) === file, "the file's path");
    assert.equal((await count(driver, "#db-backups")), 0, "a file: no server note");

    step("Anslut till server…: no server on port 1 — refused in the dialog, the file stays open");
    await click("#connect-server");
    const dialog = await $("#server-dialog");
    assert.equal(await raw(await dialog.findElement(By.css("h2"))), "Anslut till en gemensam databas");
    assert.equal(await (await $("#srv-port")).getAttribute("value"), "5432");
    assert.equal(await (await $("#srv-password")).getAttribute("type"), "password");
    await fill("host", "127.0.0.1");
    await fill("port", "1");
    await fill("dbname", dbname);
    await fill("user", srv.user);
    await fill("password", PASSWORD);
    await click("#server-connect");
    const refused = await waitFor(async () => raw(await $("#server-error")), "the refusal");
    assert.ok(refused.startsWith("Kunde inte ansluta till databasen."), refused);
    assert.ok(refused.includes("kan inte ansluta till databasservern"), refused);
    assert.ok(!refused.includes(PASSWORD), refused);
    console.log(`  ${refused}`);
    await shot("server-01-refused");
    assert.equal(await raw(await $("#db-path")), file);

    step(`connect to ${label}`);
    await fill("host", srv.host);
    await fill("port", srv.port);
    await shot("server-02-dialog");
    await click("#server-connect");
    await waitFor(async () => (await count(driver, "#server-dialog")) === 0, "the dialog closed");
    await waitFor(async () => (await raw(await $("#db-path"))) === label, "the server's address");
    const note = await raw(await $("#db-backups"));
    assert.ok(note.startsWith("Säkerhetskopior sköts av servern (pg_dump)"), note);
    assert.equal(await raw(await $(".db .db-path")), dbname);
    assert.equal(await raw(await $(".db .db-server")), `på ${srv.host}`);
    assert.ok(!(await driver.getPageSource()).includes(PASSWORD), "the password is not in the page");
    await shot("server-03-connected");

    step("Import: huvudbok_2018.xlsx and ramar.xlsx into the server's database");
    await click("#nav-import");
    await click("#pick-files");
    const row = (f) => `#import-files tr[data-file="${f}"]`;
    const kind = await $(`${row("ramar.xlsx")} select`);
    await waitFor(async () => (await kind.getAttribute("value")) === "frames", "ramar.xlsx as frames");
    await waitFor(async () => (await (await $(`${row("huvudbok_2018.xlsx")} select`)).getAttribute("value")) === "ledger", "the ledger");
    const noCopy = await raw(await $("#import-server-note"));
    assert.ok(noCopy.startsWith("Databasen ligger på en server: Ramkoll tar ingen kopia före importen"), noCopy);
    await driver.wait(async () => (await (await $("#start-import")).isEnabled()), T, "Importera");
    await click("#start-import");
    const result = (f) => `#import-results .result[data-result="${f}"]`;
    for (const f of ["huvudbok_2018.xlsx", "ramar.xlsx"])
      await waitFor(async () => (await raw(await $(`${result(f)} h3`))).startsWith(`✓ ${f}`), `${f} imported`);
    await shot("server-04-imported");

    step("Investeringar 2018: 42 800 000 outcome in total");
    await click("#nav-investments");
    const total = await waitFor(async () => {
      for (const tr of await driver.findElements(By.css("#reference-table tbody tr"))) {
        if ((await raw(await tr.findElement(By.css("th")))) !== "Totalt") continue;
        return plain(await raw(await tr.findElement(By.css('[data-col="outcome_total"]'))));
      }
      return false;
    }, "the total row");
    assert.equal(total, "42800000");
    const frame = await raw(await $('#reference-table tbody tr.total [data-col="total_frame"]'));
    assert.equal(plain(frame), "77600000");
    await shot("server-05-investments");

    step("the rows are on the server; the file was left as it was");
    assert.equal(psql("SELECT count(*) FROM import_batch", dbname), "2");
    // the database user is who imported (the audit log's "who")
    assert.equal(psql(`SELECT string_agg(DISTINCT "user", ',') FROM audit_log WHERE operation = 'import'`, dbname), srv.user);
    console.log(`E2E server OK — screenshots in ${shots}`);
  } catch (e) {
    await shot("server-failure").catch(() => undefined);
    throw e;
  } finally {
    await stop();
    try {
      psql(`DROP DATABASE IF EXISTS ${dbname} WITH (FORCE)`);
    } catch (e) {
      console.error(`could not drop ${dbname}: ${e.message}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
