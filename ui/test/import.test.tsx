// Screen tests of the Import screen's flow: cancel, the results in view and
// kept across screens, the reason Importera waits, an SIE file's preview.
// The real screens over Tauri's IPC mocks, set up as in screens.test.tsx.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FilePreview, ImportResult, SiePreview } from "../src/types";
import { info } from "./fixtures";
import { backend, start } from "./harness";

const preview = (path: string, kind = "ledger"): FilePreview => ({
  path,
  kind: kind as FilePreview["kind"],
  preview: {
    file: path.split("/").pop() ?? "",
    format: "xlsx",
    sheets: ["Huvudbok"],
    sheet: "Huvudbok",
    header_row: 1,
    mapping_from: "detected",
    columns: [
      { index: 0, letter: "A", header: "Period", field: "period" },
      { index: 1, letter: "B", header: "Belopp", field: "belopp" },
    ],
    missing: [],
    rows: [["201801", "1 234,50"]],
    year_from: null,
  },
  replaces: null,
});

const imported = (path: string, batch_id: number): ImportResult => ({
  path,
  file: path.split("/").pop() ?? "",
  outcome: {
    kind: "ledger",
    file: path.split("/").pop() ?? "",
    batch_id,
    unchanged_as: null,
    sheet: "Huvudbok",
    header_row: 1,
    rows: 615,
    control_sum: "42800000.00",
    source_total: null,
    reconciled: true,
    total_rows_checked: 0,
    scope_from: 201801,
    scope_to: 201812,
    replaced: [],
    unclassified: 0,
    unclassified_sum: "0.00",
    message: "",
  },
  error: null,
});

const cancelled = (path: string): ImportResult => ({
  path,
  file: path.split("/").pop() ?? "",
  outcome: null,
  error: { code: "cancelled", message: "avbruten: inget från filen sparades", details: [] },
});

async function pickAndWait(name: string) {
  fireEvent.click(await screen.findByRole("button", { name: "Välj filer…" }));
  const go = await screen.findByRole("button", { name });
  await waitFor(() => expect((go as HTMLButtonElement).disabled).toBe(false));
  return go as HTMLButtonElement;
}

afterEach(() => vi.restoreAllMocks());
// a full render of the app per test: slow when the machine is busy
vi.setConfig({ testTimeout: 20_000 });

describe("Import: cancel", () => {
  it("shows Avbryt import beside the progress, cancels, and lists the cancelled file", async () => {
    let finish: (r: ImportResult[]) => void = () => undefined;
    const calls = backend({
      app_info: () => info(),
      pick_import_files: () => [
        { path: "/f/huvudbok_2017.xlsx", name: "huvudbok_2017.xlsx" },
        { path: "/f/stor.xlsx", name: "stor.xlsx" },
      ],
      preview_file: (a) => preview(a.path as string),
      import_files: async () => {
        await emit("import-progress", { index: 1, count: 2, file: "stor.xlsx", rows: 8192, fraction: 0.3, saving: false, done: false });
        return new Promise<ImportResult[]>((r) => (finish = r));
      },
      cancel_import: () => null,
      batches: () => [],
    });
    start("import");
    const go = await pickAndWait("Importera 2 filer");
    expect(screen.queryByRole("button", { name: "Avbryt import" })).toBeNull();
    await act(async () => {
      fireEvent.click(go);
    });
    expect(await screen.findByText(/stor\.xlsx \(2\/2\) — 8 192 rader/)).toBeTruthy();
    const cancel = await screen.findByRole("button", { name: "Avbryt import" });
    await act(async () => {
      fireEvent.click(cancel);
    });
    expect(calls.filter((c) => c.cmd === "cancel_import")).toHaveLength(1);
    const waiting = screen.getByRole("button", { name: "Avbryter…" }) as HTMLButtonElement;
    expect(waiting.disabled).toBe(true);
    await act(async () => finish([imported("/f/huvudbok_2017.xlsx", 4), cancelled("/f/stor.xlsx")]));
    expect(await screen.findByRole("heading", { name: /huvudbok_2017\.xlsx: Importerad \(Import nr 4\)/ })).toBeTruthy();
    const card = screen.getByRole("heading", { name: /stor\.xlsx: Avbruten — inget från filen sparades/ }).closest(".result") as HTMLElement;
    expect(card.className).toContain("cancelled");
    // the cancelled file stays for another try, the imported one has left the list
    expect(screen.getByRole("button", { name: "stor.xlsx" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "huvudbok_2017.xlsx" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Avbryt import|Avbryter/ })).toBeNull();
  });

  it("cancels previews still being read, and says so on the file", async () => {
    let answer: (v: unknown) => void = () => undefined;
    const calls = backend({
      app_info: () => info(),
      pick_import_files: () => [{ path: "/f/stor.xlsx", name: "stor.xlsx" }],
      preview_file: () => new Promise((_, reject) => (answer = reject)),
      cancel_import: () => null,
    });
    start("import");
    fireEvent.click(await screen.findByRole("button", { name: "Välj filer…" }));
    expect(await screen.findByText("Läser 1 fil(er)…")).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Avbryt förhandsgranskningen" }));
    });
    expect(calls.some((c) => c.cmd === "cancel_import")).toBe(true);
    await act(async () => answer({ code: "cancelled", message: "avbruten", details: [] }));
    expect(await screen.findByText(/Förhandsgranskningen avbröts/)).toBeTruthy();
    expect(screen.getByText("1 fil kunde inte läsas — ta bort den eller välj om")).toBeTruthy();
  });
});

describe("Import: what happened stays in view", () => {
  it("brings the results into view and gives them focus after Importera", async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    backend({
      app_info: () => info(),
      pick_import_files: () => [{ path: "/f/huvudbok_2018.xlsx", name: "huvudbok_2018.xlsx" }],
      preview_file: (a) => preview(a.path as string),
      import_files: () => [imported("/f/huvudbok_2018.xlsx", 7)],
    });
    start("import");
    const go = await pickAndWait("Importera");
    await act(async () => {
      fireEvent.click(go);
    });
    const title = await screen.findByRole("heading", { name: "Resultat" });
    await waitFor(() => expect(document.activeElement).toBe(title));
    expect(scrolled).toHaveBeenCalledWith({ block: "start" });
    expect(scrolled.mock.contexts[0]).toBe(title.closest("section"));
  });

  it("keeps the file list and the results when the user switches screens, until Rensa", async () => {
    backend({
      app_info: () => info(),
      pick_import_files: () => [
        { path: "/f/huvudbok_2018.xlsx", name: "huvudbok_2018.xlsx" },
        { path: "/f/trasig.xlsx", name: "trasig.xlsx" },
      ],
      preview_file: (a) => preview(a.path as string),
      import_files: () => [
        imported("/f/huvudbok_2018.xlsx", 7),
        { path: "/f/trasig.xlsx", file: "trasig.xlsx", outcome: null, error: { code: "input", message: "1 fel", details: ["trasig.xlsx, cell F7 (rad 7, kolumn F): förväntade ett belopp"] } },
      ],
      batches: () => [],
    });
    start("import");
    const go = await pickAndWait("Importera 2 filer");
    await act(async () => {
      fireEvent.click(go);
    });
    expect(await screen.findByText(/cell F7 \(rad 7, kolumn F\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Importhistorik" }));
    await waitFor(() => expect(document.getElementById("screen-import")).toBeNull());
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    // back: the failed file still listed with its errors, the imported one's card still there
    expect(await screen.findByText(/cell F7 \(rad 7, kolumn F\)/)).toBeTruthy();
    expect(screen.getByRole("heading", { name: /huvudbok_2018\.xlsx: Importerad \(Import nr 7\)/ })).toBeTruthy();
    expect(within(document.getElementById("import-files")!).getByRole("button", { name: "trasig.xlsx" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Rensa" }));
    expect(screen.getByText("Inga filer valda ännu.")).toBeTruthy();
    expect(screen.queryByText(/cell F7/)).toBeNull();
  });
});

describe("Import: a disabled Importera says why", () => {
  it("names the unreadable file count beside the button, and the button frees when it is removed", async () => {
    backend({
      app_info: () => info(),
      pick_import_files: () => [
        { path: "/f/a.xlsx", name: "a.xlsx" },
        { path: "/f/far.xlsx", name: "far.xlsx" },
      ],
      preview_file: (a) => {
        if (a.path === "/f/far.xlsx") throw { code: "input", message: "far.xlsx, blad \"Blad1\", cell XFE1: utanför Excels gränser", details: [] };
        return preview(a.path as string);
      },
    });
    start("import");
    fireEvent.click(await screen.findByRole("button", { name: "Välj filer…" }));
    const reason = await screen.findByText("1 fil kunde inte läsas — ta bort den eller välj om");
    const go = screen.getByRole("button", { name: "Importera 2 filer" }) as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    expect(go.getAttribute("aria-describedby")).toBe(reason.id);
    fireEvent.click(screen.getByRole("button", { name: "Ta bort far.xlsx" }));
    const one = screen.getByRole("button", { name: "Importera" }) as HTMLButtonElement;
    expect(one.disabled).toBe(false);
    expect(screen.queryByText(/kunde inte läsas/)).toBeNull();
  });
});

describe("Import: an SIE file's preview", () => {
  const sie: SiePreview = {
    sie_type: "4",
    program: "Raindance 2018.1",
    company: "Region Norr Länsteknik",
    encoding: "CP437",
    checksum: true,
    years: ["2018-01-01–2018-12-31", "2017-01-01–2017-12-31"],
    dimensions: [
      { number: 1, name: "Kostnadsställe", field: "ansvar", objects: 12 },
      { number: 6, name: "Projekt", field: "projekt", objects: 40 },
    ],
    accounts: 31,
    vouchers: 310,
    transactions: 620,
    unbalanced_vouchers: 0,
    budget_amounts: 0,
    periods: [201801, 201802, 201803, 201804, 201805, 201806, 201807, 201808, 201809, 201810, 201811, 201812],
  };

  it("shows what the SIE file is instead of a sheet with header row 0", async () => {
    backend({
      app_info: () => info(),
      pick_import_files: () => [{ path: "/f/huvudbok_2018.se", name: "huvudbok_2018.se" }],
      preview_file: (a) => ({
        path: a.path,
        kind: "ledger",
        preview: { file: "huvudbok_2018.se", format: "sie", sheets: [], sheet: "", header_row: 0, mapping_from: "detected", columns: [], missing: [], rows: [], year_from: null, sie },
        replaces: null,
      }),
    });
    start("import");
    await pickAndWait("Importera");
    const box = await screen.findByRole("heading", { name: "huvudbok_2018.se — SIE-fil" });
    const section = box.closest("section") as HTMLElement;
    expect(within(section).getByText(/SIE 4/)).toBeTruthy();
    expect(within(section).getByText(/Region Norr Länsteknik · räkenskapsår 2018-01-01–2018-12-31/)).toBeTruthy();
    expect(section.querySelector('[data-sie="vouchers"]')!.textContent).toBe("310");
    expect(section.querySelector('[data-sie="lines"]')!.textContent).toBe("620");
    expect(within(section).getByText("201801–201812")).toBeTruthy();
    expect(within(section).getByText("✓ kontrollsumman stämmer")).toBeTruthy();
    const dims = within(section).getByRole("table");
    const cells = (tr: Element) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent);
    expect(Array.from(dims.querySelectorAll("tbody tr")).map(cells)).toEqual([
      ["1", "Kostnadsställe", "Ansvar", "12"],
      ["6", "Projekt", "Projekt", "40"],
    ]);
    // no header-row input and no column mapping for an SIE file
    expect(within(section).queryByLabelText(/Rubrikrad/)).toBeNull();
    const row = document.querySelector('#import-files tr[data-file="huvudbok_2018.se"]') as HTMLElement;
    expect(within(row).getByText("SIE")).toBeTruthy();
    expect(within(row).queryByText("0")).toBeNull();
  });
});
