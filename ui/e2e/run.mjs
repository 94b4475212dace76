// End-to-end test of the real app in a real window: tauri-driver +
// WebKitWebDriver drive target/debug/ramkoll-app (run under Xvfb on CI, see
// scripts/e2e.sh). Starts on an empty database, imports the fixture frames,
// ledgers, budgets, HR exports and operating ledgers through the Import screen
// (the operating ledgers would replace the investment ledgers' periods: the
// dialog asks, and they become a source "drift" of their own), with two
// hostile files (a cell at XFD1048576, one at column ZZZZZZ: clear errors, the
// app goes on) and the 2018 ledger once more as an SIE 4 export, which replaces
// the xlsx one; checks the reference figures on Investeringar, opens the
// lines behind a figure, writes a comment, exports the variance workbook and
// reads the file back, then checks Personal and exports the staffing workbook,
// signs off a period and reads the Logg screen (and a batch's log rows).
//
// The native file dialogs are the only thing stood in for: the app reads
// RAMKOLL_E2E_OPEN_FILES / RAMKOLL_E2E_SAVE_FILE instead of opening them.
// Everything after the dialog is the real path.
//
// Env: RAMKOLL_APP (binary; default ../target/debug/ramkoll-app),
//      TAURI_DRIVER (default tauri-driver on PATH or ~/.cargo/bin),
//      E2E_SHOTS (directory for screenshots; default e2e/out),
//      E2E_PORT (tauri-driver's port, default 4444; WebKitWebDriver takes the next).

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { By, Key, until } from "selenium-webdriver";
import { readZip } from "./zip.mjs";
import { openApp, screenshot, count } from "./session.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const app = resolve(process.env.RAMKOLL_APP ?? join(root, "target/debug/ramkoll-app"));
const fixtures = join(root, "fixtures");
const shots = resolve(process.env.E2E_SHOTS ?? join(here, "out"));
const NBSP = "\u00a0";
const T = 30_000;

const step = (s) => console.log(`• ${s}`);

/** A zip of stored (uncompressed) entries: enough for a one-sheet xlsx. */
function storedZip(entries) {
  const local = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const n = Buffer.from(name);
    const body = Buffer.from(text);
    const crc = crc32(body);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x21, 12); // 1980-01-01
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(body.length, 18);
    head.writeUInt32LE(body.length, 22);
    head.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(body.length, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    local.push(head, n, body);
    central.push(dir, n);
    offset += 30 + n.length + body.length;
  }
  const size = central.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, end]);
}

/** Issue 18's file: a header row and one cell at column ZZZZZZ (the reader once grew the row to 10 GB). */
function farColumnXlsx() {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const cell = (r, t) => `<c r="${r}" t="inlineStr"><is><t>${t}</t></is></c>`;
  return storedZip([
    [
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ],
    ["_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ["xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="Huvudbok" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ["xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
    [
      "xl/worksheets/sheet1.xml",
      `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData><row r="1">${cell("A1", "Period")}${cell("B1", "Belopp")}</row><row r="2"><c r="ZZZZZZ2"><v>1</v></c></row></sheetData></worksheet>`,
    ],
  ]);
}

async function main() {
  assert.ok(existsSync(app), `app binary missing: ${app} (cargo build -p ramkoll-app)`);
  const ledgers = readdirSync(fixtures)
    .filter((f) => /^huvudbok_\d{4}\.(xlsx|ods|csv)$/.test(f))
    .sort();
  assert.ok(existsSync(join(fixtures, "ramar.xlsx")), "fixtures/ramar.xlsx missing");
  assert.ok(ledgers.length >= 5, `expected the 2014–2018 ledgers in fixtures/, found ${ledgers}`);
  // Budgets, HR exports and the operating ledgers for the Personal screen.
  const staffFiles = readdirSync(fixtures)
    .filter((f) => /^(budget|personal|drift_huvudbok)_\d{4}\.(xlsx|csv)$/.test(f))
    .sort();
  assert.equal(staffFiles.length, 6, `expected budget/personal/drift_huvudbok 2017–2018 in fixtures/, found ${staffFiles}`);
  // The asset register for Kapitalkostnader.
  const register = "anlaggningsregister_2018.xlsx";
  assert.ok(existsSync(join(fixtures, register)), `fixtures/${register} missing`);
  // Hostile files (issue 18): one previews and fails at its last row, one is refused at once.
  const farCell = join(fixtures, "bad", "far_cell_xfd1048576.xlsx");
  assert.ok(existsSync(farCell), `${farCell} missing`);
  const work = mkdtempSync(join(tmpdir(), "ramkoll-e2e-"));
  const farColumn = join(work, "langt_bort.xlsx");
  writeFileSync(farColumn, farColumnXlsx());
  // The 2018 investment ledger again, as the SIE 4 export an ERP writes (issue 12).
  const sie = join(fixtures, "erp", "huvudbok_2018.se");
  assert.ok(existsSync(sie), `${sie} missing`);
  const files = [
    join(fixtures, "ramar.xlsx"),
    ...ledgers.map((f) => join(fixtures, f)),
    ...staffFiles.map((f) => join(fixtures, f)),
    join(fixtures, register),
    farCell,
    farColumn,
    sie,
  ];

  const db = join(work, "e2e.db");
  const out = join(work, "Avvikelser 2018.xlsx");
  mkdirSync(shots, { recursive: true });

  const env = {
    ...process.env,
    RAMKOLL_DB: db,
    RAMKOLL_E2E_OPEN_FILES: files.join(delimiter),
    RAMKOLL_E2E_SAVE_FILE: out,
  };
  const { driver, stop } = await openApp(app, env);

  const shot = async (name) => writeFileSync(join(shots, `${name}.png`), await screenshot(driver), "base64");
  const $ = (css) => driver.wait(until.elementLocated(By.css(css)), T);
  const clickEl = async (el) => {
    await driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", el);
    await el.click();
  };
  const click = async (css) => clickEl(await $(css));
  const text = async (el) => (await el.getText()).trim();
  // WebDriver's getText turns NBSP into a space; the DOM text keeps it.
  const raw = async (el) => String(await driver.executeScript("return arguments[0].textContent", el)).trim();
  const waitText = (css, pred, what) =>
    driver.wait(async () => {
      const els = await driver.findElements(By.css(css));
      for (const e of els) if (pred(await text(e))) return e;
      return false;
    }, T, `timed out waiting for ${what ?? css}`);

  try {
    // The webview profile (localStorage: language, unit) outlives a run: start from the defaults.
    await driver.executeScript("localStorage.clear()");
    await driver.navigate().refresh();
    step(`empty database ${db}`);
    await waitText(".empty-state h2", (s) => s === "Databasen är tom");
    await shot("01-oversikt-tom");

    step(`import ${files.length} files through the Import screen`);
    await click("#nav-import");
    await click("#pick-files");
    // Every file gets a preview; ramar.xlsx is recognised as frames.
    await driver.wait(async () => (await count(driver, "#import-files tbody tr")) === files.length, T);
    const row = (f) => `#import-files tr[data-file="${f}"]`;
    await waitText(`${row("langt_bort.xlsx")} .error`, (s) => s === "Kunde inte läsa filen", "the ZZZZZZ file's preview error");
    // The previews of the others are done when only the unreadable file holds Importera back.
    const reason = await waitText("#start-import-reason", (s) => s === "1 fil kunde inte läsas — ta bort den eller välj om", "why Importera waits");
    assert.equal(await (await $("#start-import")).isEnabled(), false, "Importera waits for the unreadable file");
    assert.equal(await (await $("#start-import")).getAttribute("aria-describedby"), await reason.getAttribute("id"));
    await clickEl(await driver.findElement(By.css(`${row("langt_bort.xlsx")} th button`)));
    const refusal = await waitText("#import-preview-error .error", (s) => s.includes("ZZZZZZ"), "the ZZZZZZ refusal");
    assert.ok((await text(refusal)).includes("kolumn ZZZZZZ ligger utanför Excels gräns (XFD, 16 384 kolumner)"), await text(refusal));
    console.log(`  ${await text(refusal)}`);
    await shot("02a-import-far-column");
    await click(`${row("langt_bort.xlsx")} button[aria-label^="Ta bort"]`);
    await driver.wait(async () => (await (await $("#start-import")).isEnabled()), T, "Importera once the unreadable file is gone");
    assert.equal((await count(driver, "#start-import-reason")), 0, "no reason left");

    const kind = await driver.findElement(By.css(`${row("ramar.xlsx")} select`));
    assert.equal(await kind.getAttribute("value"), "frames", "ramar.xlsx should be detected as frames");
    for (const f of staffFiles) {
      const want = f.startsWith("budget") ? "budget" : f.startsWith("personal") ? "staff" : "ledger";
      const sel = await driver.findElement(By.css(`${row(f)} select`));
      assert.equal(await sel.getAttribute("value"), want, `${f} should be detected as ${want}`);
    }
    const regKind = await driver.findElement(By.css(`${row(register)} select`));
    assert.equal(await regKind.getAttribute("value"), "assets", `${register} should be detected as an asset register`);
    await clickEl(await driver.findElement(By.css(`${row("ramar.xlsx")} th button`)));
    await $("#import-preview table.preview");
    await shot("02-import-forhandsgranskning");

    // The SIE file's preview says what it is, not a sheet with header row 0.
    await clickEl(await driver.findElement(By.css(`${row("huvudbok_2018.se")} th button`)));
    const siePreview = await waitText("#sie-preview p", (s) => s.startsWith("SIE 4"), "the SIE preview");
    console.log(`  ${await text(siePreview)}`);
    assert.equal(await text(await $("#sie-checksum")), "✓ kontrollsumman stämmer");
    // tests/sie.rs: 302 vouchers, the 615 investment lines and a counter-entry per voucher
    assert.equal(await raw(await $('#sie-preview [data-sie="vouchers"]')), "302");
    assert.equal(await raw(await $('#sie-preview [data-sie="lines"]')), "917");
    await shot("02b-import-sie");

    await click("#start-import");
    await $("#import-results");
    // The results come into view and take the focus (issue 20) — unless the replace dialog already has it.
    await driver.wait(async () => {
      const [top, focus] = await driver.executeScript(
        "const r = document.getElementById('import-results').getBoundingClientRect(); const a = document.activeElement; return [r.top, a.id === 'import-results-title' || !!a.closest('#replace-dialog')]",
      );
      return top >= 0 && top < 200 && focus;
    }, T, "the results in view, with the focus");
    const result = (f) => `#import-results .result[data-result="${f}"]`;
    await waitText(`${result("far_cell_xfd1048576.xlsx")} .cell-errors`, (s) => s.includes("cell A1048576 (rad 1048576, kolumn A)"), "the far cell's errors");
    await waitText(`${result("huvudbok_2018.se")} h3`, (s) => s.startsWith("✓ huvudbok_2018.se: Importerad"), "the SIE import");
    await waitText(`${result("huvudbok_2018.se")} dd`, (s) => s.startsWith("huvudbok_2018.xlsx: 201801, 201802"), "the SIE replaced the xlsx 2018");
    await shot("03a-import-resultat-forst");

    // The operating ledgers would replace the investment ledgers' months: the dialog asks (issue 12).
    const answerDialog = async (f) => {
      step(`the replace dialog for ${f}`);
      const dialog = await $("#replace-dialog");
      assert.equal(await text(await dialog.findElement(By.css("h2"))), `Ersätta med ${f}?`);
      const year = f.match(/\d{4}/)[0];
      const replaced = await text(await dialog.findElement(By.css("li[data-replaces]")));
      assert.ok(/^ersätter huvudbok_\d{4}\.(xlsx|ods|csv|se) /.test(replaced), replaced);
      assert.ok(replaced.includes(`${year}01–${year}12`), `the periods: ${replaced}`);
      console.log(`  ${replaced}`);
      await shot(`03b-import-fraga-${year}`);
      const own = await dialog.findElement(By.css("input.source"));
      assert.equal(await own.getAttribute("value"), "drift");
      await clickEl(await dialog.findElement(By.css("#own-source")));
      await waitText(`${result(f)} h3`, (s) => s.startsWith(`✓ ${f}: Importerad`), `${f} imported as drift`);
    };
    const cards = async (css) => Promise.all((await driver.findElements(By.css(`#import-results ${css}`))).map((e) => e.getAttribute("data-result")));
    // The first refused file is asked about at once; the other stays listed, refused as a conflict.
    await answerDialog("drift_huvudbok_2017.xlsx");
    await driver.wait(async () => (await (await $("#start-import")).isEnabled()), T, "the run done");
    assert.deepEqual(await cards(".result.failed"), ["drift_huvudbok_2018.xlsx", "far_cell_xfd1048576.xlsx"]);
    assert.equal((await cards(".result.ok, .result.warn")).length, files.length - 3);
    await shot("03-import-resultat");

    step("Importera again: drift_huvudbok_2018.xlsx joins the source drift (or asks)");
    await click("#start-import");
    const f18 = "drift_huvudbok_2018.xlsx";
    await driver.wait(
      async () => (await count(driver, "#replace-dialog")) > 0 || (await count(driver, row(f18))) === 0,
      T,
      `${f18}: a dialog or imported`,
    );
    if ((await count(driver, "#replace-dialog")) > 0) await answerDialog(f18);
    await waitText(`${result(f18)} h3`, (s) => s.startsWith(`✓ ${f18}: Importerad`), `${f18} imported`);
    await driver.wait(async () => (await (await $("#start-import")).isEnabled()), T, "the run done");
    assert.deepEqual(await cards(".result.failed"), ["far_cell_xfd1048576.xlsx"], "only the far cell's file fails");


    step("the list and the results stay across screens, until Rensa");
    await click("#nav-history");
    await $("#screen-history");
    await click("#nav-import");
    await $(result(f18));
    await $(`${result("far_cell_xfd1048576.xlsx")} .cell-errors`);
    await $(row("far_cell_xfd1048576.xlsx"));
    await click("#import-clear");
    await waitText("#screen-import p.muted", (s) => s === "Inga filer valda ännu.", "cleared");

    step("reference figures on Investeringar 2018");
    await click("#nav-investments");
    const yearSel = await $("#year");
    assert.equal(await yearSel.getAttribute("value"), "2018");
    await $("#reference-table tbody tr");
    const cols = ["decided", "extended", "total_frame", "outcome_before", "outcome_year", "outcome_total"];
    const expected = {
      IT: ["8 200 000", "6 400 000", "14 600 000", "12 400 000", "7 200 000", "19 600 000"],
      MT: ["63 000 000", "–", "63 000 000", "2 400 000", "20 800 000", "23 200 000"],
      Totalt: ["71 200 000", "6 400 000", "77 600 000", "14 800 000", "28 000 000", "42 800 000"],
    };
    const rows = await driver.findElements(By.css("#reference-table tbody tr"));
    const seen = {};
    for (const tr of rows) {
      const label = await text(await tr.findElement(By.css("th")));
      seen[label] = [];
      for (const c of cols) seen[label].push(await raw(await tr.findElement(By.css(`[data-col="${c}"]`))));
    }
    for (const [label, want] of Object.entries(expected)) {
      assert.deepEqual(seen[label], want.map((s) => s.replace(/ /g, NBSP)), `row ${label}`);
    }
    await shot("04-investeringar");

    step("drill down: the lines behind IT's total outcome");
    const itRow = await waitText("#reference-table tbody tr", (s) => s.startsWith("IT"));
    await clickEl(await itRow.findElement(By.css('[data-col="outcome_total"] button')));
    const summary = await $("#drill-summary");
    await driver.wait(async () => (await raw(summary)).includes(`19${NBSP}600${NBSP}000,00${NBSP}kr`), T, "drill summary");
    console.log(`  ${await text(summary)}`);
    await shot("05-verifikationsrader");
    // Escape closes the dialog (focus is on its close button).
    await driver.actions().sendKeys(Key.ESCAPE).perform();
    await driver.wait(async () => (await count(driver, ".modal")) === 0, T);

    step("write a comment on the IT row");
    const comment = "Nätinvesteringar tidigarelagda; utökad ram 6,4 mnkr beslutad i juni.";
    const box = await itRow.findElement(By.css("textarea"));
    await clickEl(box);
    await box.sendKeys(comment, Key.ENTER);
    await waitText("#reference-table .comment-status", (s) => s.includes("Sparat"), "comment saved");
    // Survives a reload of the screen (it is in the database).
    await click("#nav-overview");
    await $("#kpis");
    await shot("06-oversikt");
    await click("#nav-investments");
    await driver.wait(async () => {
      const tas = await driver.findElements(By.css("#reference-table textarea"));
      for (const t of tas) if ((await t.getAttribute("value")) === comment) return true;
      return false;
    }, T, "comment after reload");

    step("export the variance workbook");
    await click("#nav-export");
    await click("#export-variance");
    await waitText("#export-result h3", (s) => s.includes(out), "export result");
    await shot("07-export");
    assert.ok(existsSync(out), `workbook not written: ${out}`);
    const zip = readZip(out);
    const xml = [...zip.entries()].filter(([n]) => n.startsWith("xl/")).map(([, v]) => v).join("\n");
    for (const n of ["8200000", "14600000", "19600000", "63000000", "23200000", "77600000", "42800000"]) {
      assert.ok(new RegExp(`>${n}(\\.0+)?<`).test(xml), `workbook lacks ${n}`);
    }
    assert.ok(xml.includes("Nätinvesteringar tidigarelagda"), "workbook lacks the comment");
    console.log(`  ${out}: ${zip.size} entries, figures and comment present`);

    step("Personal 2018: consultants −41,0 %, extra hours 26 000 h");
    await click("#nav-staffing");
    const consultants = await waitText("#staffing-cost-types tbody tr", (s) => s.startsWith("Konsulter"), "consultants row");
    assert.equal(await raw(await consultants.findElement(By.css('[data-col="change"]'))), `-1${NBSP}300${NBSP}000`);
    assert.equal(await raw(await consultants.findElement(By.css('[data-col="change_pct"]'))), `-41,0${NBSP}%`);
    const extra = await raw(await $("#staffing-extra-line"));
    assert.ok(extra.includes(`26${NBSP}000${NBSP}h`) && extra.includes(`25${NBSP}000${NBSP}h`) && extra.includes(`+4,0${NBSP}%`), extra);
    await driver.sleep(300);
    await shot("13-personal");
    await driver.executeScript("document.querySelector('#staffing-vo-columns').scrollIntoView()");
    await shot("14-personal-per-vo");
    await driver.executeScript("document.querySelector('#staffing-types').scrollIntoView()");
    await shot("14b-personal-kostnadsslag");

    step("export the staffing workbook");
    await click("#nav-export");
    await click("#export-staffing");
    await waitText("#export-staffing-result h3", (s) => s.includes(out), "staffing export result");
    const staffZip = readZip(out);
    const wbXml = staffZip.get("xl/workbook.xml") ?? "";
    assert.ok(wbXml.includes('name="Per VO"'), "staffing workbook lacks the Per VO sheet");
    console.log(`  ${out}: ${staffZip.size} entries, sheet Per VO present`);
    await shot("15-export-personal");

    step("sign off December 2018 on the Logg screen, see the log, reopen with a reason");
    await click("#nav-log");
    await $("#screen-log");
    await click('#close-period option[value="201812"]');
    await (await $("#close-note")).sendKeys("December avstämd");
    await click("#close-period-button");
    await $("#close-result");
    const checks = await driver.findElements(By.css("#signoff-checks > li"));
    assert.equal(checks.length, 3, "the sign-off shows its three checks");
    await waitText("#log-table tbody tr", (s) => s.includes("Klarmarkering") && s.includes("201812"), "the sign-off in the log");
    await waitText("#log-table tbody tr", (s) => s.includes("Kommentar"), "the comment in the log");
    await click("#verify-log");
    await waitText("#chain-status", (s) => s.startsWith("Loggen är hel"), "chain verified");
    await shot("16-logg-klarmarkering");
    await click("#reopen-period");
    await (await $("#reopen-reason")).sendKeys("E2E: öppnar igen");
    await click("#reopen-confirm");
    await waitText("#log-table tbody tr", (s) => s.includes("Period öppnad igen"), "the reopening in the log");
    step("the log rows behind a batch, from Importhistorik");
    await click("#nav-history");
    await click('[data-log-batch="1"]');
    await $("#screen-log");
    await waitText("#log-table tbody tr", (s) => s.includes("batch 1") && s.includes("Import"), "batch 1's import entry");
    await shot("17-logg-batch");

    step("Kapitalkostnader 2018: the register depreciates the booked 31 800 000");
    await click("#nav-capital");
    await $("#screen-capital");
    const capTotal = await waitText("#capital-table-2018 tr.total", (s) => s.startsWith("Totalt"), "capital total row");
    assert.equal(await raw(await capTotal.findElement(By.css('[data-col="depreciation"]'))), `31${NBSP}800${NBSP}000`);
    const booked = await waitText("#capital-cmp-table-2018 tr", (s) => s.startsWith("Bokfört t.o.m."), "booked depreciation");
    assert.equal(await raw(await booked.findElement(By.css("td"))), `31${NBSP}800${NBSP}000`);
    await shot("18-kapitalkostnader");

    step("a planned purchase's costing: 2 500 phones counted together, 3 230 000 a year");
    await click("#nav-investments");
    await (await $("#plan-text")).sendKeys("Tjänstetelefoner");
    await (await $("#plan-quantity")).sendKeys("2500");
    await (await $("#plan-unit-price")).sendKeys("3 876,00");
    await (await $("#plan-life")).sendKeys("3");
    await (await $("#plan-start")).sendKeys("201801");
    await click("#plan-together");
    await click("#plan-add");
    await click("#plan-table .plan-cost-open");
    const dep = await waitText("#plan-cost-table tbody tr", (s) => s.startsWith("Avskrivningar"), "costing depreciation row");
    const depCells = await dep.findElements(By.css("td"));
    assert.equal(await raw(depCells[0]), `3${NBSP}230${NBSP}000`);
    await waitText("#plan-cost-treatment", (s) => s.startsWith("Investering"), "the costing's assessment");
    await shot("19-kalkyl-planerad-anskaffning");

    step("screenshots of the other screens");
    for (const [id, name] of [
      ["variance", "08-avvikelser"],
      ["rules", "09-regler"],
      ["history", "10-importhistorik"],
      ["settings", "11-installningar"],
    ]) {
      await click(`#nav-${id}`);
      await $(`#screen-${id}`);
      await driver.sleep(400);
      await shot(name);
    }
    step("amounts in mnkr, English");
    await click("#nav-investments");
    await clickEl(await driver.findElement(By.xpath("//div[contains(@class,'segmented')]/button[text()='mnkr']")));
    await clickEl(await driver.findElement(By.xpath("//div[contains(@class,'segmented')]/button[text()='EN']")));
    const total = await waitText("#reference-table tbody tr.total", (s) => s.startsWith("Total"), "total row");
    assert.equal(await raw(await total.findElement(By.css('[data-col="total_frame"]'))), "77,6");
    await waitText("h1", (s) => s === "Investments", "English title");
    await shot("12-investments-en-mnkr");
    console.log(`E2E OK — screenshots in ${shots}`);
  } catch (e) {
    await shot("failure").catch(() => undefined);
    throw e;
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
