// Screen tests: the real React screens over Tauri's IPC mocks. Each test
// records the commands the UI invokes and answers like the shell would.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import { NBSP } from "../src/format";
import type { ImportResult, LineQuery, PlanFit, StaffingReport } from "../src/types";
import { batch, info, lines, report } from "./fixtures";
// `ramkoll report staffing --year 2018 --json` over the demo database.
import staffing2018 from "./staffing_2018.json";
import { backend, start } from "./harness";

// Accessible names keep the NBSP thousands separator; getByText normalises it
// to a plain space, so text queries below are written with plain spaces.
const sv = (s: string) => s.replace(/ /g, NBSP);

const noPlans = () => ({ year: 2018, plans: [] });
const emptyCategories = () => ({ area: "IT", years: [], rows: [], total: { category: "Totalt", cells: [], total: "0.00" } });

/** 2 500 service phones against what is left of IT/Nät (8 000 000 − 4 900 000). */
function phones(id = 1): PlanFit {
  return {
    id,
    year: 2018,
    area: "IT",
    category: "Nät",
    text: "Tjänstetelefoner",
    quantity: 2500,
    unit_price: "3876.00",
    amount: "9690000.00",
    frame_remaining: "3100000.00",
    remaining_before: "3100000.00",
    remaining_after: "-6590000.00",
    fits: false,
    // IT/Nät has 1 250 000 ordered: 3 100 000 − 1 250 000 before, −6 590 000 − 1 250 000 after
    committed: "1250000.00",
    available_before: "1850000.00",
    available_after: "-7840000.00",
    fits_available: false,
    life_years: null,
    start: null,
    monthly_cost_per_unit: "0.00",
    yearly_running_cost: "0.00",
    yearly_saving: "0.00",
    counted_together: false,
    on_frame: true,
    classification: {
      treatment: "expense",
      reason: "unit_below_threshold",
      reason_text: "varje enhet (3 876,00 kr) understiger beloppsgränsen 22 750,00 kr: förbrukningsinventarier",
      threshold: "22750.00",
    },
  };
}

describe("first start", () => {
  it("tells a new user what to import and loads the demo on request", async () => {
    let years: number[] = [];
    const calls = backend({
      app_info: () => info({ years, last_periods: [], batches: 0 }),
      load_demo: () => {
        years = [2018];
        return [];
      },
      investments: () => report(),
      batches: () => [],
    });
    start("overview");
    expect(await screen.findByText("Databasen är tom")).toBeTruthy();
    expect(screen.getByText(/ramar\.xlsx/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Läs in exempeldata" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "load_demo")).toBe(true));
    // After the demo the overview shows the totals.
    expect(await screen.findByText("77 600 000 kr")).toBeTruthy();
  });

  it("switches to English", async () => {
    backend({ app_info: () => info(), investments: () => report(), batches: () => [] });
    start("overview");
    await screen.findByText("Översikt", { selector: "h1" });
    fireEvent.click(screen.getByRole("button", { name: "EN" }));
    expect(await screen.findByText("Overview", { selector: "h1" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Import history" })).toBeTruthy();
  });
});

describe("Investeringar", () => {
  it("shows the reference table, in mnkr on request", async () => {
    const calls = backend({ app_info: () => info(), investments: () => report(), categories: () => ({ area: "IT", years: [2018], rows: [], total: { category: "Totalt", cells: [], total: "0.00" } }), plans: noPlans });
    start("investments");
    const table = await screen.findByRole("table", { name: /^Belopp i kr/ });
    const it = within(table).getByRole("row", { name: /^IT/ });
    expect(within(it).getByText("14 600 000")).toBeTruthy();
    expect(within(it).getByText("19 600 000")).toBeTruthy();
    expect(within(it).getByText("134,2 %")).toBeTruthy();
    const mt = within(table).getByRole("row", { name: /^MT/ });
    expect(within(mt).getAllByText("–").length).toBeGreaterThan(0); // no extended frame
    expect(calls.find((c) => c.cmd === "investments")?.args).toEqual({ year: 2018, period: null });

    fireEvent.click(screen.getByRole("button", { name: "mnkr" }));
    const table2 = await screen.findByRole("table", { name: /^Belopp i mnkr/ });
    expect(within(within(table2).getByRole("row", { name: /^Totalt/ })).getByText("77,6")).toBeTruthy();
  });

  it("asks for the period when the user picks one", async () => {
    const calls = backend({ app_info: () => info(), investments: () => report(), categories: () => ({ area: "IT", years: [], rows: [], total: { category: "Totalt", cells: [], total: "0.00" } }), plans: noPlans });
    start("investments");
    await screen.findByRole("table", { name: /^Belopp i kr/ });
    fireEvent.change(screen.getByLabelText("Period"), { target: { value: "201803" } });
    await waitFor(() => expect(calls.some((c) => c.cmd === "investments" && c.args.period === 201803)).toBe(true));
  });

  it("opens the ledger lines behind a figure and saves a comment", async () => {
    const calls = backend({
      app_info: () => info(),
      investments: () => report(),
      categories: () => ({ area: "IT", years: [], rows: [], total: { category: "Totalt", cells: [], total: "0.00" } }),
      plans: noPlans,
      lines: (a) => lines(a.query as LineQuery),
      set_comment: () => null,
    });
    start("investments");
    const table = await screen.findByRole("table", { name: /^Belopp i kr/ });
    const it = within(table).getByRole("row", { name: /^IT/ });
    fireEvent.click(within(it).getByRole("button", { name: sv("7 200 000") }));
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText("Brandväggar Malmö")).toBeTruthy();
    const q = calls.find((c) => c.cmd === "lines")!.args.query as LineQuery;
    expect(q).toMatchObject({ year: 2018, area: "IT", decision: "year", investments: true });
    fireEvent.keyDown(dialog, { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    const box = within(it).getByRole("textbox");
    fireEvent.change(box, { target: { value: "Tidigarelagda nätinvesteringar" } });
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(calls.find((c) => c.cmd === "set_comment")?.args).toEqual({ key: "ram/2018/IT", text: "Tidigarelagda nätinvesteringar", over: "" }));
    expect(await within(it).findByText(/Sparat/)).toBeTruthy();
  });

  it("moves between cells with the arrow keys", async () => {
    backend({ app_info: () => info(), investments: () => report(), categories: () => ({ area: "IT", years: [], rows: [], total: { category: "Totalt", cells: [], total: "0.00" } }), plans: noPlans });
    start("investments");
    const table = await screen.findByRole("table", { name: /^Belopp i kr/ });
    const first = table.querySelector<HTMLElement>('[data-cell="0:0"]')!;
    first.focus();
    fireEvent.keyDown(first, { key: "ArrowRight" });
    expect(document.activeElement?.closest("[data-cell]")?.getAttribute("data-cell")).toBe("0:1");
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    expect(document.activeElement?.closest("[data-cell]")?.getAttribute("data-cell")).toBe("1:1");
  });
});

describe("Planerade anskaffningar", () => {
  it("shows a plan that does not fit, with its amounts", async () => {
    const calls = backend({ app_info: () => info(), investments: () => report(), categories: emptyCategories, plans: () => ({ year: 2018, plans: [phones()] }) });
    start("investments");
    const table = await screen.findByRole("table", { name: /^Planer mot kvarvarande ram/ });
    const row = within(table).getByRole("row", { name: /^Tjänstetelefoner/ });
    expect(within(row).getByText("Ryms inte").className).toBe("bad");
    expect(row.className).toBe("over");
    expect(within(row).getByText("IT / Nät")).toBeTruthy();
    expect(within(row).getByText("2 500")).toBeTruthy();
    expect(within(row).getByText("3 876,00")).toBeTruthy();
    expect(within(row).getByText("9 690 000")).toBeTruthy();
    expect(within(row).getByText("3 100 000")).toBeTruthy();
    expect(within(row).getByText("-6 590 000")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "plans")?.args).toEqual({ year: 2018 });
  });

  it("adds a plan from the form and removes it, refreshing the table", async () => {
    let plans: PlanFit[] = [];
    const calls = backend({
      app_info: () => info(),
      investments: () => report(),
      categories: emptyCategories,
      plans: () => ({ year: 2018, plans }),
      add_plan: () => {
        plans = [phones(7)];
        return plans[0];
      },
      remove_plan: () => {
        plans = [];
        return null;
      },
    });
    start("investments");
    const table = await screen.findByRole("table", { name: /^Planer mot kvarvarande ram/ });
    expect(within(table).getByText("Inga planerade anskaffningar för året.")).toBeTruthy();
    const form = screen.getByRole("form", { name: "Planerade anskaffningar 2018" });
    // the categories offered are the report's categories of the chosen område
    await waitFor(() => expect(within(form).getByRole("option", { name: "Nät" })).toBeTruthy());
    fireEvent.change(within(form).getByLabelText("Kategori"), { target: { value: "Nät" } });
    fireEvent.change(within(form).getByLabelText("Text"), { target: { value: "Tjänstetelefoner" } });
    fireEvent.change(within(form).getByLabelText("Antal"), { target: { value: "2 500" } });
    fireEvent.change(within(form).getByLabelText("Styckpris"), { target: { value: "3 876,00" } });
    fireEvent.click(within(form).getByRole("button", { name: "Lägg till" }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "add_plan")?.args).toEqual({
        year: 2018,
        area: "IT",
        category: "Nät",
        text: "Tjänstetelefoner",
        quantity: 2500,
        unitPrice: "3 876,00",
      }),
    );
    expect(await within(table).findByText("Ryms inte")).toBeTruthy();

    fireEvent.click(within(table).getByRole("button", { name: "Ta bort Tjänstetelefoner" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "remove_plan")?.args).toEqual({ id: 7 }));
    expect(await within(table).findByText("Inga planerade anskaffningar för året.")).toBeTruthy();
  });

  it("shows the core's Swedish message for a bad unit price", async () => {
    backend({
      app_info: () => info(),
      investments: () => report(),
      categories: emptyCategories,
      plans: noPlans,
      add_plan: () => {
        throw { code: "invalid", message: "styckpris 'abc': förväntade ett belopp (t.ex. 1 234,50)", details: [], field: "unit_price" };
      },
    });
    start("investments");
    const form = await screen.findByRole("form", { name: "Planerade anskaffningar 2018" });
    fireEvent.change(within(form).getByLabelText("Text"), { target: { value: "Skärmar" } });
    fireEvent.change(within(form).getByLabelText("Antal"), { target: { value: "10" } });
    fireEvent.change(within(form).getByLabelText("Styckpris"), { target: { value: "abc" } });
    fireEvent.click(within(form).getByRole("button", { name: "Lägg till" }));
    expect(await screen.findByText(/styckpris 'abc': förväntade ett belopp/)).toBeTruthy();
  });
});

describe("Import", () => {
  const preview = (path: string, kind: string) => ({
    path,
    kind,
    preview: {
      file: path.split("/").pop(),
      format: "xlsx",
      sheets: ["Huvudbok"],
      sheet: "Huvudbok",
      header_row: 4,
      mapping_from: "detected",
      columns: [
        { index: 0, letter: "A", header: "Period", field: "period" },
        { index: 1, letter: "B", header: "Belopp", field: "belopp" },
      ],
      missing: [],
      rows: [["201801", "1 234,50"]],
    },
  });

  it("picks files, previews them, imports with progress and shows results and cell errors", async () => {
    const results: ImportResult[] = [
      {
        path: "/f/huvudbok_2018.xlsx",
        file: "huvudbok_2018.xlsx",
        outcome: {
          kind: "ledger",
          file: "huvudbok_2018.xlsx",
          batch_id: 7,
          unchanged_as: null,
          sheet: "Huvudbok",
          header_row: 4,
          rows: 615,
          control_sum: "42800000.00",
          source_total: "42800000.00",
          reconciled: true,
          total_rows_checked: 1,
          scope_from: 201801,
          scope_to: 201812,
          replaced: [{ batch_id: 6, file_name: "huvudbok_2018_v1.xlsx", source: "huvudbok", scopes: [201801, 201802], rows: 100, sum: "1000.00", shape: "konto 1xxx", looks_different: false }],
          unclassified: 0,
          unclassified_sum: "0.00",
          message: "",
        },
        error: null,
      },
      {
        path: "/f/trasig.xlsx",
        file: "trasig.xlsx",
        outcome: null,
        error: { code: "input", message: "2 fel", details: ["trasig.xlsx, blad \"Huvudbok\", cell F7 (rad 7, kolumn F): förväntade ett belopp (t.ex. 1 234,50)", "trasig.xlsx, blad \"Huvudbok\", cell A9 (rad 9, kolumn A): okänd period"] },
      },
    ];
    const calls = backend({
      app_info: () => info(),
      pick_import_files: () => [
        { path: "/f/huvudbok_2018.xlsx", name: "huvudbok_2018.xlsx" },
        { path: "/f/trasig.xlsx", name: "trasig.xlsx" },
      ],
      preview_file: (a) => preview(a.path as string, (a.kind as string) ?? "ledger"),
      import_files: async () => {
        await emit("import-progress", { index: 0, count: 2, file: "huvudbok_2018.xlsx", rows: 300, fraction: 0.5, saving: false, done: false });
        return results;
      },
      investments: () => report(),
      batches: () => [],
    });
    start("import");
    fireEvent.click(await screen.findByRole("button", { name: "Välj filer…" }));
    expect(await screen.findByRole("button", { name: "trasig.xlsx" })).toBeTruthy();
    // The preview of the selected file with its column mapping.
    expect(await screen.findByText("A: Period")).toBeTruthy();
    expect(screen.getByText("1 234,50")).toBeTruthy();
    const start_ = await screen.findByRole("button", { name: "Importera 2 filer" });
    await waitFor(() => expect((start_ as HTMLButtonElement).disabled).toBe(false));
    await act(async () => {
      fireEvent.click(start_);
    });
    const res = await screen.findByRole("heading", { name: /huvudbok_2018\.xlsx: Importerad \(Import nr 7\)/ });
    const card = res.closest(".result") as HTMLElement;
    expect(within(card).getByText(/Stämmer mot filens summarad/)).toBeTruthy();
    expect(within(card).getByText(/201801, 201802/)).toBeTruthy();
    expect(screen.getByText(/trasig\.xlsx: Inte importerad/)).toBeTruthy();
    expect(screen.getByText(/cell F7 \(rad 7, kolumn F\)/)).toBeTruthy();
    const imp = calls.find((c) => c.cmd === "import_files")!.args.items as { path: string; kind: string }[];
    expect(imp.map((i) => [i.path, i.kind])).toEqual([
      ["/f/huvudbok_2018.xlsx", "ledger"],
      ["/f/trasig.xlsx", "ledger"],
    ]);
    // The failed file stays in the list for correction.
    expect(screen.getByRole("button", { name: "trasig.xlsx" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "huvudbok_2018.xlsx" })).toBeNull();
  });

  it("moves the progress bar through the backup and the rows", async () => {
    let finish: () => void = () => undefined;
    const held = new Promise<void>((r) => (finish = r));
    const ev = (rows: number, fraction: number, saving = false) =>
      emit("import-progress", { index: 0, count: 1, file: "stor.xlsx", rows, fraction, saving, done: false });
    let step: (rows: number, fraction: number, saving?: boolean) => Promise<void> = async () => undefined;
    backend({
      app_info: () => info(),
      pick_import_files: () => [{ path: "/f/stor.xlsx", name: "stor.xlsx" }],
      preview_file: (a) => preview(a.path as string, "ledger"),
      import_files: async () => {
        step = ev;
        await held;
        return [];
      },
      investments: () => report(),
      batches: () => [],
    });
    start("import");
    fireEvent.click(await screen.findByRole("button", { name: "Välj filer…" }));
    const go = await screen.findByRole("button", { name: "Importera" });
    await waitFor(() => expect((go as HTMLButtonElement).disabled).toBe(false));
    await act(async () => {
      fireEvent.click(go);
    });
    const bar = () => document.getElementById("import-progress") as HTMLProgressElement;
    // the file's start: opened and checked before any fraction is known
    await act(async () => {
      await step(0, 0);
    });
    expect(await screen.findByText(/stor\.xlsx \(1\/1\) — öppnar filen/)).toBeTruthy();
    expect(screen.getByRole("progressbar", { name: "öppnar filen" })).toBeTruthy();
    expect(bar()).toBeNull();
    await act(async () => {
      await step(0, 0.05);
    });
    expect(await screen.findByText(/säkerhetskopierar databasen först/)).toBeTruthy();
    expect(bar().value).toBeCloseTo(0.05);
    // the copy done, the batch beginning: no report for a while, the bar slides
    await act(async () => {
      await step(0, 0.1);
    });
    expect(bar().value).toBeCloseTo(0.1);
    expect(await screen.findByRole("progressbar", { name: "förbereder importen" }, { timeout: 2000 })).toBeTruthy();
    expect(screen.getByText(/stor\.xlsx \(1\/1\) — förbereder importen/)).toBeTruthy();
    expect(bar()).toBeNull();
    await act(async () => {
      await step(450_000, 0.5);
    });
    expect(await screen.findByText(/450 000 rader/)).toBeTruthy();
    expect(bar().value).toBeCloseTo(0.5);
    // every row read: the commit has no fraction, the bar slides by itself
    await act(async () => {
      await step(900_000, 1, true);
    });
    expect(await screen.findByText(/stor\.xlsx \(1\/1\) — sparar i databasen \(900 000 rader\)/)).toBeTruthy();
    expect(bar()).toBeNull();
    expect(screen.getByRole("progressbar", { name: "sparar i databasen" })).toBeTruthy();
    await act(async () => finish());
  });

  it("sends a corrected mapping with the import", async () => {
    const calls = backend({
      app_info: () => info(),
      pick_import_files: () => [{ path: "/f/a.xlsx", name: "a.xlsx" }],
      preview_file: (a) => preview(a.path as string, "ledger"),
    });
    start("import");
    fireEvent.click(await screen.findByRole("button", { name: "Välj filer…" }));
    const sel = await screen.findByLabelText("Fält B Belopp");
    fireEvent.change(sel, { target: { value: "text" } });
    await waitFor(() => {
      const last = calls.filter((c) => c.cmd === "preview_file").pop()!;
      expect((last.args.options as { mapping: unknown }).mapping).toEqual({ period: 0, text: 1 });
    });
  });
});

describe("Import that would replace another kind of export", () => {
  const drift = { path: "/f/drift_huvudbok_2018.xlsx", name: "drift_huvudbok_2018.xlsx" };
  const replacedInvestments = {
    batch_id: 2,
    file_name: "huvudbok_2018.xlsx",
    source: "huvudbok",
    scopes: [201801, 201802, 201803, 201804, 201805, 201806, 201807, 201808, 201809, 201810, 201811, 201812],
    rows: 615,
    sum: "42800000.00",
    shape: "konto 1xxx",
    looks_different: true,
  };
  const plan = (options: { source: string | null; replace: boolean }) => ({
    source: options.source ?? "huvudbok",
    shape: "konto 3xxx–4xxx, 6xxx–7xxx",
    replaces: options.source ? [] : [replacedInvestments],
    needs_confirmation: !options.source && !options.replace,
    unchanged_as: null,
  });
  const filePreview = (a: Record<string, unknown>) => ({
    path: a.path,
    kind: "ledger",
    preview: {
      file: "drift_huvudbok_2018.xlsx",
      format: "xlsx",
      sheets: ["Huvudbok drift"],
      sheet: "Huvudbok drift",
      header_row: 3,
      mapping_from: "detected",
      columns: [
        { index: 0, letter: "A", header: "Period", field: "period" },
        { index: 1, letter: "B", header: "Belopp", field: "belopp" },
      ],
      missing: [],
      rows: [["201801", "-3 990 228,01"]],
    },
    replaces: plan(a.options as { source: string | null; replace: boolean }),
  });
  const refused: ImportResult = {
    path: drift.path,
    file: drift.name,
    outcome: null,
    error: {
      code: "conflict",
      message: "drift_huvudbok_2018.xlsx (konto 3xxx–4xxx, 6xxx–7xxx) skulle ersätta huvudbok_2018.xlsx …",
      details: [],
    },
  };
  const imported = (batch_id: number): ImportResult => ({
    path: drift.path,
    file: drift.name,
    outcome: {
      kind: "ledger",
      file: drift.name,
      batch_id,
      unchanged_as: null,
      sheet: "Huvudbok drift",
      header_row: 3,
      rows: 837,
      control_sum: "-6000000.00",
      source_total: null,
      reconciled: true,
      total_rows_checked: 0,
      scope_from: 201801,
      scope_to: 201812,
      replaced: [],
      unclassified: 837,
      unclassified_sum: "-6000000.00",
      message: "",
    },
    error: null,
  });
  type Opts = { source: string | null; replace: boolean };
  const importedWith = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
    calls.filter((c) => c.cmd === "import_files").map((c) => (c.args.items as { options: Opts }[])[0].options);

  /** Pick the operating ledger, see what the preview says, import, and get the dialog. */
  async function refusedImport() {
    const calls = backend({
      app_info: () => info(),
      pick_import_files: () => [drift],
      preview_file: (a) => filePreview(a),
      import_files: (a) => {
        const o = (a.items as { options: Opts }[])[0].options;
        return [o.replace || o.source ? imported(3) : refused];
      },
      investments: () => report(),
      batches: () => [],
    });
    start("import");
    fireEvent.click(await screen.findByRole("button", { name: "Välj filer…" }));
    // the preview says what the import would replace, and that it will ask
    const note = await waitFor(() => {
      const el = document.getElementById("import-plan");
      expect(el).toBeTruthy();
      return el as HTMLElement;
    });
    expect(within(note).getByText(/Importeras som källa ”huvudbok”/)).toBeTruthy();
    expect(within(note).getByText(/ersätter huvudbok_2018\.xlsx \(import 2, konto 1xxx\) i 201801–201812: 615 rader/)).toBeTruthy();
    expect(within(note).getByText(/Importen frågar först/)).toBeTruthy();
    const go = await screen.findByRole("button", { name: "Importera" });
    await waitFor(() => expect((go as HTMLButtonElement).disabled).toBe(false));
    await act(async () => {
      fireEvent.click(go);
    });
    const dialog = await screen.findByRole("dialog", { name: "Ersätta med drift_huvudbok_2018.xlsx?" });
    // both files and the periods
    expect(within(dialog).getByText(/drift_huvudbok_2018\.xlsx \(konto 3xxx–4xxx, 6xxx–7xxx\) skulle ersätta rader/)).toBeTruthy();
    expect(within(dialog).getByText(/ersätter huvudbok_2018\.xlsx \(import 2, konto 1xxx\) i 201801–201812/)).toBeTruthy();
    return { calls, dialog };
  }

  it("replaces anyway when the user says so", async () => {
    const { calls, dialog } = await refusedImport();
    await act(async () => {
      fireEvent.click(within(dialog).getByRole("button", { name: "Ersätt ändå" }));
    });
    expect(await screen.findByRole("heading", { name: /drift_huvudbok_2018\.xlsx: Importerad \(Import nr 3\)/ })).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(importedWith(calls).map((o) => [o.source, o.replace])).toEqual([
      [null, false],
      [null, true],
    ]);
  });

  it("imports as a source of its own, keeping both", async () => {
    const { calls, dialog } = await refusedImport();
    const name = within(dialog).getByLabelText("Namn på den egna källan") as HTMLInputElement;
    expect(name.value).toBe("drift");
    await act(async () => {
      fireEvent.click(within(dialog).getByRole("button", { name: "Importera som egen källa" }));
    });
    expect(await screen.findByRole("heading", { name: /drift_huvudbok_2018\.xlsx: Importerad/ })).toBeTruthy();
    expect(importedWith(calls).map((o) => [o.source, o.replace])).toEqual([
      [null, false],
      ["drift", false],
    ]);
  });

  it("cancels: nothing more is imported and the file stays in the list", async () => {
    const { calls, dialog } = await refusedImport();
    fireEvent.click(within(dialog).getByRole("button", { name: "Avbryt" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(importedWith(calls)).toHaveLength(1);
    expect(screen.getByText(/drift_huvudbok_2018\.xlsx: Inte importerad/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "drift_huvudbok_2018.xlsx" })).toBeTruthy();
  });
});

describe("Importhistorik", () => {
  it("undoes and restores batches", async () => {
    let state = "aktiv";
    const calls = backend({
      app_info: () => info(),
      batches: () => [batch(1, "aktiv"), batch(2, state)],
      undo_batch: (a) => {
        state = "ångrad";
        return { batch_id: a.id, file_name: "huvudbok_2015.xlsx", rows: 600, sum: "24300000.00", restored: [] };
      },
    });
    start("history");
    const row = await screen.findByRole("row", { name: /huvudbok_2015\.xlsx/ });
    expect(within(row).getByText("201401–201412")).toBeTruthy();
    fireEvent.click(within(row).getByRole("button", { name: "Ångra" }));
    expect(await screen.findByText(/Import 2 ångrad: 600 rader togs bort/)).toBeTruthy();
    expect(calls.find((c) => c.cmd === "undo_batch")?.args).toEqual({ id: 2 });
    const after = await screen.findByRole("row", { name: /huvudbok_2015\.xlsx.*ångrad/ });
    expect(within(after).getByRole("button", { name: "Återställ" })).toBeTruthy();
  });
});

describe("Export", () => {
  it("exports through the save dialog in Rust and offers to open the folder", async () => {
    const calls = backend({
      app_info: () => info(),
      export_variance: () => ({ path: "/home/u/Avvikelser 2018.xlsx", sheets: ["Sammanfattning", "Kategorier"], detail_lines: 615, total_outcome: "42800000.00" }),
      reveal_path: () => null,
    });
    start("export");
    fireEvent.click(await screen.findByRole("button", { name: "Spara avvikelseanalysen…" }));
    expect(await screen.findByText(/Sparad: \/home\/u\/Avvikelser 2018\.xlsx/)).toBeTruthy();
    expect(calls.find((c) => c.cmd === "export_variance")?.args).toEqual({ year: 2018, period: null });
    fireEvent.click(screen.getByRole("button", { name: "Öppna mappen" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "reveal_path")?.args).toEqual({ path: "/home/u/Avvikelser 2018.xlsx" }));
  });

  it("shows the core's error message when the export fails", async () => {
    backend({
      app_info: () => info(),
      export_variance: () => {
        throw { code: "io", message: "I/O: Permission denied", details: [] };
      },
    });
    start("export");
    fireEvent.click(await screen.findByRole("button", { name: "Spara avvikelseanalysen…" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Permission denied");
  });
});

describe("Personal", () => {
  const staffing = () => structuredClone(staffing2018) as unknown as StaffingReport;

  it("shows staff costs per VO and per cost type, extra hours and the monthly chart", async () => {
    const calls = backend({ app_info: () => info(), staffing_report: () => staffing() });
    start("staffing");
    expect(await screen.findByText("Personal", { selector: "h1" })).toBeTruthy();
    await screen.findByText("Personalkostnader per verksamhetsområde 2018");
    const vo = document.querySelector<HTMLElement>("#staffing-table table")!;
    expect(calls.find((c) => c.cmd === "staffing_report")?.args).toEqual({ year: 2018, period: null });
    // One row per VO and the total row.
    const drift = within(vo).getByRole("row", { name: /^VO Drift/ });
    expect(drift).toBeTruthy();
    const total = within(vo).getByRole("row", { name: /^Totalt/ });
    expect(within(total).getByText("113 470 000")).toBeTruthy();

    // Consultants: −1 300 000 (−41,0 %) against 2017.
    const types = document.querySelector<HTMLElement>("#staffing-cost-types table")!;
    const consultants = within(types).getByRole("row", { name: /^Konsulter/ });
    expect(within(consultants).getByText("-1 300 000")).toBeTruthy();
    expect(within(consultants).getByText("-41,0 %")).toBeTruthy();

    // Extra hours: 26 000 h against 25 000 h, +4,0 %.
    const extra = document.getElementById("staffing-extra-line")!;
    expect(extra.textContent).toContain(sv("26 000 h"));
    expect(extra.textContent).toContain(sv("25 000 h"));
    expect(extra.textContent).toContain(sv("+4,0 %"));

    // The monthly chart: twelve months, outcome against budget.
    const chart = screen.getByRole("img", { name: /Personalkostnad och budget per månad/ });
    expect(chart.querySelectorAll("g.month rect.bar-outcome").length).toBe(12);
  });

  it("opens the lines behind a figure and saves a comment per VO", async () => {
    const calls = backend({
      app_info: () => info(),
      staffing_report: () => staffing(),
      lines: (a) => lines(a.query as LineQuery),
      set_comment: () => null,
    });
    start("staffing");
    const types = (await screen.findByText("Per kostnadsslag 2018")).closest("section")!;
    const consultants = within(types).getByRole("row", { name: /^Konsulter/ });
    fireEvent.click(within(consultants).getByRole("button", { name: sv("1 870 000") }));
    await screen.findByRole("dialog");
    expect(calls.find((c) => c.cmd === "lines")!.args.query).toMatchObject({ year: 2018, period_to: 201812, cost_type: "Konsulter" });
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    // A VO's wages: the VO's drill narrowed to the column.
    const byColumn = document.querySelector<HTMLElement>("#staffing-column-table table")!;
    fireEvent.click(within(within(byColumn).getByRole("row", { name: /^VO Drift/ })).getByRole("button", { name: sv("36 500 000") }));
    await screen.findByRole("dialog");
    const q = calls.filter((c) => c.cmd === "lines")[1].args.query as LineQuery;
    expect(q).toMatchObject({ year: 2018, vo: "VO Drift", cost_type: "Lön" });
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    const vo = document.querySelector<HTMLElement>("#staffing-table table")!;
    const drift = within(vo).getByRole("row", { name: /^VO Drift/ });
    const box = within(drift).getByRole("textbox");
    fireEvent.change(box, { target: { value: "Vakanser inte tillsatta" } });
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(calls.find((c) => c.cmd === "set_comment")?.args).toEqual({ key: "personal/201812/VO Drift", text: "Vakanser inte tillsatta", over: "" }));
    // The total row has no comment box.
    expect(within(within(vo).getByRole("row", { name: /^Totalt/ })).queryByRole("textbox")).toBeNull();
  });

  it("words a missing personnel budget in the user's language", async () => {
    localStorage.setItem("ramkoll.lang", "en");
    const r = { ...staffing(), warnings: ["ingen personalbudget importerad för 2018"], notices: [{ kind: "no_staff_budget" as const, year: 2018 }] };
    backend({ app_info: () => info(), staffing_report: () => r });
    start("staffing");
    expect(await screen.findByText("No personnel budget imported for 2018.")).toBeTruthy();
    expect(document.body.textContent).not.toContain("personalbudget");
    localStorage.clear();
  });

  it("says which files to import when there are no staff costs", async () => {
    backend({ app_info: () => info(), staffing_report: () => ({ ...staffing(), rows: [], warnings: ["ingen personalbudget importerad för 2018"] }) });
    start("staffing");
    const p = await screen.findByText(/Inga personalkostnader för 2018/);
    expect(p.textContent).toMatch(/budget_ÅÅÅÅ\.xlsx/);
    expect(p.textContent).toMatch(/personal_ÅÅÅÅ\.xlsx eller \.csv/);
    expect(p.textContent).toMatch(/drift_huvudbok_ÅÅÅÅ\.xlsx/);
  });
});

describe("Inställningar: personal", () => {
  it("saves årsarbetstid and the selected year's PO-pålägg", async () => {
    let settings = { annual_hours: 1700, annual_hours_default: 1700, po_rates: [{ year: 2017, rate: "46.45", stored: false }, { year: 2018, rate: "46.45", stored: false }] };
    const calls = backend({
      app_info: () => info(),
      get_settings: () => settings,
      set_setting: (a) => {
        if (a.key === "annual_hours") settings = { ...settings, annual_hours: Number(a.value) };
        else settings = { ...settings, po_rates: settings.po_rates.map((p) => (`po_rate/${p.year}` === a.key ? { ...p, rate: String(a.value).replace(",", "."), stored: true } : p)) };
        return settings;
      },
    });
    start("settings");
    const hours = (await screen.findByLabelText(/Årsarbetstid/)) as HTMLInputElement;
    await waitFor(() => expect(hours.value).toBe("1700"));
    const rate = screen.getByLabelText(/PO-pålägg 2018/) as HTMLInputElement;
    expect(rate.placeholder).toBe("46,45");
    fireEvent.change(hours, { target: { value: "1650" } });
    fireEvent.change(rate, { target: { value: "38,5" } });
    fireEvent.click(screen.getByRole("button", { name: "Spara" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "set_setting").map((c) => c.args)).toEqual([
      { key: "annual_hours", value: "1650" },
      { key: "po_rate/2018", value: "38,5" },
    ]));
    expect(await screen.findByText("(eget värde)")).toBeTruthy();
  });
});

describe("Export: personal", () => {
  it("exports the staffing workbook next to the variance workbook", async () => {
    const calls = backend({
      app_info: () => info(),
      export_staffing: () => ({ path: "/home/u/Personalkostnader 2018.xlsx", sheets: ["Per VO", "Per kostnadsslag"], total: "113470000.00" }),
    });
    start("export");
    fireEvent.click(await screen.findByRole("button", { name: "Spara personalkostnaderna…" }));
    expect(await screen.findByText(/Sparad: \/home\/u\/Personalkostnader 2018\.xlsx/)).toBeTruthy();
    expect(calls.find((c) => c.cmd === "export_staffing")?.args).toEqual({ year: 2018, period: null });
    expect(screen.queryByText(/ingår inte i den här versionen/)).toBeNull();
  });
});

describe("Logg", () => {
  const entry = (id: number, operation: string, subject: string, summary: unknown) => ({
    id,
    at: "2026-12-01 10:00:00",
    user: "anna",
    operation,
    subject,
    summary: JSON.stringify(summary),
    prev_hash: "0",
    hash: `h${id}`,
  });
  const checks = {
    period: 201812,
    all_ok: false,
    checks: [
      { name: "reconciled", label: "Importer avstämda mot källans summa", ok: true, detail: "1 importer stämmer mot filernas summor", items: [] },
      { name: "unclassified", label: "Oklassificerat utfall", ok: true, detail: "inga oklassificerade rader", items: [] },
      { name: "variances", label: "Avvikelser förklarade", ok: false, detail: "1 avvikelser saknar kommentar", items: ["Konsulter: avvikelse"] },
    ],
  };

  it("lists the log, verifies the chain, signs off a period and reopens it with a reason", async () => {
    let closed: number[] = [];
    const calls = backend({
      app_info: () => info(),
      audit_log: () => [
        entry(1, "import", "batch 1", { file: "huvudbok_2018.xlsx", rows: 615 }),
        entry(2, "comment", "ram/2018/IT", { before: null, after: "Nätet" }),
      ],
      verify_log: () => ({ entries: 2, head: "h2", broken: null }),
      periods: () => ({ closed, events: [] }),
      close_period: (a) => {
        closed = [a.period as number];
        const event = { id: 1, period: a.period, action: "close", user: "anna", at: "2026-12-01 10:00:00", note: a.note, checks };
        return { event, checks };
      },
      reopen_period: (a) => {
        closed = [];
        return { id: 2, period: a.period, action: "reopen", user: "anna", at: "2026-12-01 11:00:00", note: a.reason, checks: null };
      },
    });
    start("log");
    expect(await screen.findByText("huvudbok_2018.xlsx, 615")).toBeTruthy();
    expect(screen.getByText("– → Nätet")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Kontrollera kedjan" }));
    expect(await screen.findByText("Loggen är hel: 2 poster kontrollerade.")).toBeTruthy();

    const select = document.querySelector("#close-period") as HTMLSelectElement;
    fireEvent.change(select, { target: { value: "201812" } });
    fireEvent.click(screen.getByRole("button", { name: "Klarmarkera" }));
    expect(await screen.findByText(/Avvikelser förklarade/)).toBeTruthy();
    expect(calls.find((c) => c.cmd === "close_period")?.args).toEqual({ period: 201812, note: "" });

    fireEvent.click(await screen.findByRole("button", { name: "Öppna igen" }));
    const confirm = within(screen.getByRole("dialog")).getByRole("button", { name: "Öppna igen" }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(document.querySelector("#reopen-reason") as HTMLTextAreaElement, { target: { value: "Sen faktura" } });
    fireEvent.click(confirm);
    await waitFor(() => expect(calls.find((c) => c.cmd === "reopen_period")?.args).toEqual({ period: 201812, reason: "Sen faktura" }));
  });
});
