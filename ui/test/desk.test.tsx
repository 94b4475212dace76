// At a controller's desk (issue 20): both languages, units, comment periods,
// the operating result first, keyboard. The real screens over Tauri's IPC
// mocks, answered like the shell answers for the 2018 demo.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { NBSP } from "../src/format";
import type { BatchInfo, FrameReport, OperatingReport, OperatingRow, Rule } from "../src/types";
import { batch, info, report } from "./fixtures";
import { backend, start } from "./harness";

/** An element's text with the NBSP the app puts in figures read as a space. */
const text = (el: Element | null) => (el?.textContent ?? "").replaceAll(NBSP, " ");
/** The element once it is there (waitFor retries only what throws). */
const found = (css: string) =>
  waitFor(() => {
    const el = document.querySelector<HTMLElement>(css);
    if (!el) throw new Error(`no ${css} yet`);
    return el;
  });
const english = () => localStorage.setItem("ramkoll.lang", "en");
beforeEach(() => localStorage.clear());

/** The demo's investments with IT Nät over its frame, as `report investments --json` has it. */
function overFrame(): FrameReport {
  const r = report();
  r.notices = [{ kind: "over_frame", area: "IT", category: "Nät", outcome: "12900000.00", frame: "7000000.00" }];
  r.warnings = ["IT Nät: utfallet 12 900 000,00 kr överstiger ramen 7 000 000,00 kr"];
  return r;
}

const opRow = (label: string, variance: string, over: Partial<OperatingRow> = {}): OperatingRow => ({
  key: `drift/201812/${label}`,
  label,
  group: label,
  cost_type: null,
  vo: null,
  revenue: false,
  budget: "100000000.00",
  period_budget: "100000000.00",
  outcome: "91600000.00",
  variance,
  variance_pct: "8.4",
  forecast: "91600000.00",
  forecast_variance: variance,
  lines: 120,
  comment: null,
  drill: { year: 2018 } as OperatingRow["drill"],
  by_vo: [],
  ...over,
});

/** The 2018 operating result: +6,0 mnkr against the period budget (the annual report's headline). */
function operating(): OperatingReport {
  return {
    year: 2018,
    period: 201812,
    forecast_source: "controller",
    forecast_label: "controllerns prognos (importerad med budgeten)",
    groups: [{ ...opRow("Personalkostnader", "8400000.00"), cost_types: [] }],
    result: opRow("Resultat", "6000000.00", { key: "drift/201812/Resultat" }),
    unclassified: null,
    warnings: [],
    notices: [],
  };
}

/** personal_2018.xlsx: 36 rows, 365 500 worked hours. */
function hrBatch(): BatchInfo {
  return {
    ...batch(7, "aktiv"),
    kind: "staff",
    sum_unit: "hours",
    file_name: "personal_2018.xlsx",
    control_sum: "365500.00",
    row_count: 36,
    imported_at: "2026-11-23 09:40:00",
    scope_from: 201801,
    scope_to: 201812,
  };
}

const noPlans = () => ({ year: 2018, plans: [] });
const noCategories = () => ({ area: "IT", years: [], rows: [], total: { category: "Totalt", cells: [], total: "0.00" } });

describe("every string in both languages", () => {
  it("words the over-frame warning in English, in the chosen unit, and names the total row", async () => {
    english();
    localStorage.setItem("ramkoll.unit", "mnkr");
    backend({ app_info: () => info(), investments: () => overFrame(), categories: noCategories, plans: noPlans });
    start("investments");
    const notices = await found("#reference-notices");
    expect(text(notices)).toBe("IT Nät: the outcome 12,9 mnkr exceeds the frame 7,0 mnkr.");
    expect(document.body.textContent).not.toContain("överstiger");
    const table = document.querySelector<HTMLElement>("#reference-table table")!;
    expect(within(table).getByRole("row", { name: /^Total/ }).querySelector("th")!.textContent).toBe("Total");
    expect(within(table).queryByText("Totalt")).toBeNull();
  });

  it("keeps the Swedish wording in kronor in Swedish", async () => {
    backend({ app_info: () => info(), investments: () => overFrame(), categories: noCategories, plans: noPlans });
    start("investments");
    const notices = await found("#reference-notices");
    expect(text(notices)).toBe("IT Nät: utfallet 12 900 000 kr överstiger ramen 7 000 000 kr.");
  });

  it("names the forecast's source and the rules' fields in English", async () => {
    english();
    backend({ app_info: () => info(), investments: () => report(), operating: () => operating(), periods: () => ({ closed: [], events: [] }) });
    start("variance");
    expect(await screen.findByText(/Forecast: the controller's forecast \(imported with the budget\)\./)).toBeTruthy();
    expect(screen.queryByText(/controllerns prognos/)).toBeNull();
  });

  it("lists the rule fields in the user's language", async () => {
    english();
    const rules: Rule[] = [{ id: 1, field: "projekt", pattern: "IT-NÄT-*", area: "IT", category: "Nät", cost_type: null, vo: null, note: null }];
    backend({ app_info: () => info(), rules: () => rules, lines: () => ({ lines: [], total_rows: 0, total: "0.00", truncated: false }) });
    start("rules");
    const field = (await screen.findByRole("combobox", { name: "Field 1" })) as HTMLSelectElement;
    expect([...field.options].map((o) => o.text)).toEqual(["Account", "Project", "Cost centre", "Activity", "Text"]);
    expect(field.selectedOptions[0].text).toBe("Project");
  });
});

describe("layout at 1366", () => {
  it("makes each rule column's inputs as wide as its longest text, so none is cut", async () => {
    const rules: Rule[] = [
      { id: 1, field: "konto", pattern: "51000-51999", area: null, category: null, cost_type: "Övriga personalkostnader", vo: null, note: null },
      { id: 2, field: "ansvar", pattern: "2*", area: null, category: null, cost_type: "Lön", vo: "VO Förvaltningsstyrning", note: null },
    ];
    backend({ app_info: () => info(), rules: () => rules, lines: () => ({ lines: [], total_rows: 0, total: "0.00", truncated: false }) });
    start("rules");
    const cost = (await screen.findByRole("textbox", { name: "Kostnadsslag 2" })) as HTMLInputElement;
    // "Övriga personalkostnader" is 24 characters: one more, plus padding and border
    expect(cost.style.width).toBe("calc(25ch + 14px)");
    expect((screen.getByRole("textbox", { name: "VO 1" }) as HTMLInputElement).style.width).toBe("calc(24ch + 14px)");
    expect((screen.getByRole("textbox", { name: "Mönster 2" }) as HTMLInputElement).style.width).toBe("calc(12ch + 14px)");
  });
});

describe("units", () => {
  it("says an HR import's sum is hours on Översikt", async () => {
    backend({ app_info: () => info(), investments: () => report(), operating: () => operating(), batches: () => [batch(1, "aktiv"), hrBatch()] });
    start("overview");
    const changes = await waitFor(() => {
      const c = document.querySelector("#changes ul")!;
      expect(c.textContent).toContain("personal_2018.xlsx");
      return c;
    });
    expect(text(changes)).toContain("36 rader, 365 500 timmar.");
    expect(text(changes)).not.toContain("365 500 kr");
    // a ledger's sum stays in kronor, in the chosen unit
    expect(text(changes)).toContain("600 rader, summa 24 300 000 kr.");
  });

  it("shows hours in Importhistorik and kronor in the chosen unit", async () => {
    localStorage.setItem("ramkoll.unit", "tkr");
    backend({ app_info: () => info(), batches: () => [batch(1, "aktiv"), hrBatch()] });
    start("history");
    const table = await found("#history-table table");
    const hr = within(table).getByRole("row", { name: /personal_2018/ });
    expect(text(hr.querySelector('[data-col="sum"]')!)).toBe("365 500 timmar");
    const ledger = within(table).getByRole("row", { name: /huvudbok_2014/ });
    expect(text(ledger.querySelector('[data-col="sum"]')!)).toBe("24 300");
    expect(document.querySelector("#history-table caption")!.textContent).toBe("Belopp i tkr.");
  });
});

describe("the operating result first", () => {
  it("leads Översikt with the result, signed, and the investment utilisation", async () => {
    localStorage.setItem("ramkoll.unit", "mnkr");
    backend({ app_info: () => info(), investments: () => report(), operating: () => operating(), batches: () => [] });
    start("overview");
    const lead = await waitFor(() => {
      const l = document.getElementById("kpi-result")!;
      expect(l.textContent).toContain("+");
      return l;
    });
    expect(text(lead.querySelector("strong")!)).toBe("+6,0 mnkr");
    expect(text(lead)).toContain("mot periodbudget t.o.m. december 2018");
    const util = document.getElementById("kpi-utilisation")!;
    expect(text(util.querySelector("strong")!)).toBe("55,2 %");
    expect(text(util)).toContain("utfall 42,8 mnkr av ram 77,6 mnkr");
    // the lead comes before everything else on the screen
    const screenEl = document.getElementById("screen-overview")!;
    expect(screenEl.querySelector(".kpis")!.id).toBe("lead");
  });

  it("puts the result at the top of Avvikelser and signs the variances", async () => {
    backend({ app_info: () => info(), investments: () => report(), operating: () => operating(), periods: () => ({ closed: [], events: [] }) });
    start("variance");
    const lead = await found("#result-lead");
    expect(text(lead)).toContain("Driftresultat 2018: +6 000 000 kr mot periodbudget");
    expect(document.querySelector("#screen-variance")!.firstElementChild!.id).toBe("result-lead");
    const op = await found("#operating-table table");
    const result = within(op).getByRole("row", { name: /^Resultat/ });
    expect(text(result.querySelector('[data-col="variance"]')!)).toBe("+6 000 000");
  });
});

describe("comments and periods", () => {
  it("says which period a comment belongs to and shows last month's text while writing", async () => {
    const r = report();
    r.period = 201806;
    for (const a of r.areas) {
      a.key = a.key.replace("ram/2018", "ram/201806");
      for (const c of a.categories) c.key = c.key.replace("ram/2018", "ram/201806");
    }
    r.total.key = "ram/201806/Totalt";
    const calls = backend({
      app_info: () => info(),
      investments: () => r,
      operating: () => operating(),
      periods: () => ({ closed: [], events: [] }),
      previous_comment: (a) =>
        a.key === "ram/201806/IT/Nät"
          ? { key: "ram/201805/IT/Nät", text: "Nätbytet på sjukhuset tidigarelagt.", author: "anna", updated_at: "2026-06-05 10:00:00" }
          : null,
    });
    start("variance");
    const table = await found("#variance-table table");
    expect(within(table).getByRole("columnheader", { name: "Kommentar t.o.m. juni 2018" })).toBeTruthy();
    const field = within(table).getByRole("textbox", { name: "Kommentar ram/201806/IT/Nät" });
    expect(field.getAttribute("title")).toBe("Gäller t.o.m. juni 2018");
    act(() => field.focus());
    const previous = await within(table).findByText("Nätbytet på sjukhuset tidigarelagt.");
    expect(previous.closest(".comment-previous")!.textContent).toBe("Förra perioden (t.o.m. maj 2018): Nätbytet på sjukhuset tidigarelagt.");
    expect(calls.filter((c) => c.cmd === "previous_comment").map((c) => c.args)).toEqual([{ key: "ram/201806/IT/Nät" }]);
  });
});

describe("keyboard", () => {
  it("offers a skip link first that moves the focus to the screen", async () => {
    backend({ app_info: () => info(), investments: () => report(), operating: () => operating(), batches: () => [] });
    start("overview");
    await screen.findByText("Översikt", { selector: "h1" });
    const skip = screen.getByRole("link", { name: "Hoppa till innehållet" });
    // the first focusable element of the page
    expect(document.querySelector("a, button, input, select, textarea")).toBe(skip);
    fireEvent.click(skip);
    expect(document.activeElement).toBe(document.getElementById("content"));
  });

  it("moves the focus to the saved message after an export", async () => {
    backend({
      app_info: () => info(),
      export_variance: () => ({ path: "/home/u/Avvikelser 2018.xlsx", sheets: ["Sammanfattning"], detail_lines: 615, total_outcome: "42800000.00" }),
    });
    start("export");
    fireEvent.click(await screen.findByRole("button", { name: "Spara avvikelseanalysen…" }));
    await screen.findByText(/Sparad: \/home\/u\/Avvikelser 2018\.xlsx/);
    await waitFor(() => expect(document.activeElement).toBe(document.getElementById("export-result")));
    expect(text(document.getElementById("export-result")!)).toContain("42 800 000 kr");
  });

  it("shows how the table's arrow keys work beside the table", async () => {
    backend({ app_info: () => info(), investments: () => report(), categories: noCategories, plans: noPlans });
    start("investments");
    const table = await found("#reference-table table");
    const hint = document.getElementById(table.getAttribute("aria-describedby")!)!;
    expect(hint.textContent).toBe("Piltangenter flyttar mellan cellerna, Enter öppnar raderna bakom ett belopp.");
  });
});
