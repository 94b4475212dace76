// The app during an import (issue 16): a progress event repaints the bar and
// not the Import screen's file list and mapping preview; the other screens
// show the state before the import, say so, and show the new state when the
// import is done.
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it, vi } from "vitest";
import type { FilePreview, ImportResult } from "../src/types";
import { info, report } from "./fixtures";
import { backend, start } from "./harness";

// FileDetail (the mapping preview) counts its renders
const detail = vi.hoisted(() => ({ renders: 0 }));
vi.mock("../src/screens/import/FileDetail", async (original) => {
  const real = await original<typeof import("../src/screens/import/FileDetail")>();
  return {
    FileDetail: (p: Parameters<typeof real.FileDetail>[0]) => {
      detail.renders += 1;
      return real.FileDetail(p);
    },
  };
});

vi.setConfig({ testTimeout: 20_000 });

const preview = (path: string): FilePreview => ({
  path,
  kind: "ledger",
  preview: {
    file: "stor.csv",
    format: "csv",
    sheets: ["stor"],
    sheet: "stor",
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

const imported = (path: string): ImportResult => ({
  path,
  file: "stor.csv",
  outcome: {
    kind: "ledger",
    file: "stor.csv",
    batch_id: 7,
    unchanged_as: null,
    sheet: "stor",
    header_row: 1,
    rows: 300000,
    control_sum: "200000.00",
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

const progress = (rows: number) => ({ index: 0, count: 1, file: "stor.csv", rows, fraction: rows / 300000, saving: false, done: false });

/** The app on the Import screen with stor.csv previewed and its import started (not finished). */
async function importing() {
  let finish: (r: ImportResult[]) => void = () => undefined;
  let committed = false;
  const calls = backend({
    app_info: () => info(),
    pick_import_files: () => [{ path: "/f/stor.csv", name: "stor.csv" }],
    preview_file: (a) => preview(a.path as string),
    import_files: () =>
      new Promise<ImportResult[]>((r) => {
        finish = (res) => {
          committed = true;
          r(res);
        };
      }),
    // after the import's commit the outcome is 200 000 kr higher
    investments: () => {
      const r = report();
      if (committed) r.total = { ...r.total, outcome_total: "43000000.00" };
      return r;
    },
    batches: () => [],
  });
  start("import");
  fireEvent.click(await screen.findByRole("button", { name: "Välj filer…" }));
  const go = (await screen.findByRole("button", { name: "Importera" })) as HTMLButtonElement;
  await waitFor(() => expect(go.disabled).toBe(false));
  await act(async () => {
    fireEvent.click(go);
  });
  await waitFor(() => expect(calls.some((c) => c.cmd === "import_files")).toBe(true));
  return { calls, finish: (r: ImportResult[]) => finish(r) };
}

describe("during an import", () => {
  it("a progress event moves the bar without rendering the mapping preview again", async () => {
    const run = await importing();
    await act(async () => {
      await emit("import-progress", progress(4096));
    });
    const bar = () => document.getElementById("import-progress") as HTMLProgressElement;
    await waitFor(() => expect(bar()).toBeTruthy());
    const before = detail.renders;
    expect(before).toBeGreaterThan(0);
    for (let i = 2; i <= 20; i++) {
      await act(async () => {
        await emit("import-progress", progress(i * 15000));
      });
    }
    expect(bar().value).toBeCloseTo(1, 5);
    expect(screen.getByText(/stor\.csv \(1\/1\) — 300 000 rader/)).toBeTruthy();
    expect(detail.renders).toBe(before);
    await act(async () => run.finish([imported("/f/stor.csv")]));
    expect(await screen.findByRole("heading", { name: /stor\.csv: Importerad \(Import nr 7\)/ })).toBeTruthy();
  });

  it("Översikt shows the figures before the import, says so, and the new ones once it is done", async () => {
    const run = await importing();
    expect(screen.queryByText(/En import pågår/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Översikt" }));
    expect(await screen.findByText(/En import pågår\. Siffrorna visar läget före importen/)).toBeTruthy();
    expect(await screen.findByText("42 800 000 kr")).toBeTruthy();
    const reads = run.calls.filter((c) => c.cmd === "investments").length;
    await act(async () => run.finish([imported("/f/stor.csv")]));
    expect(await screen.findByText("43 000 000 kr")).toBeTruthy();
    expect(run.calls.filter((c) => c.cmd === "investments").length).toBeGreaterThan(reads);
    expect(screen.queryByText(/En import pågår/)).toBeNull();
    expect(screen.queryByText("42 800 000 kr")).toBeNull();
  });
});
