// Beställt and Disponibelt on Investeringar (Commitments.tsx, OrdersDrill.tsx)
// and a forecast round's file imported from Avvikelser (ForecastRounds.tsx's
// ImportFile) over Tauri's IPC mocks.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Commitments } from "../src/components/Commitments";
import { ImportFile } from "../src/components/ForecastRounds";
import { AppProvider } from "../src/context";
import { NBSP } from "../src/format";
import type { FrameReport, OrderList } from "../src/types";
import { info, report } from "./fixtures";
import { backend } from "./harness";

const sv = (s: string) => s.replace(/ /g, NBSP);

/** The reference report with the fixture's IT orders and the October forecast. */
function withOrders(): FrameReport {
  const r = report();
  const it = r.areas[0];
  // IT: 14 600 000 − 19 600 000 − 2 202 500,50
  Object.assign(it, { committed: "2202500.50", orders: 3, available: "-7202500.50", forecast: "19500000.00", forecast_variance: "-4900000.00" });
  Object.assign(it.categories[0], { committed: "1250000.00", orders: 1, available: "-7150000.00" });
  Object.assign(r.total, { committed: "2202500.50", orders: 3, available: "27475249.50" });
  r.forecast_round = 201810;
  return r;
}

const nat: OrderList = {
  query: { area: "IT", category: "Nät", period_to: 201812 },
  orders: [
    {
      batch_id: 13,
      row_no: 5,
      order_no: "BE-18-0412",
      supplier: "Cisco Sverige AB",
      project: "IT-NAT-2018-03",
      text: "Nätverksväxlar plan 3",
      area: "IT",
      category: "Nät",
      amount: "1250000.00",
      order_date: "2018-09-14",
    },
  ],
  total: "1250000.00",
};

describe("Beställt och disponibelt", () => {
  it("shows committed, available and the forecast, and opens the orders behind a figure", async () => {
    const calls = backend({ app_info: () => info(), orders: () => nat });
    render(
      <AppProvider>
        <Commitments report={withOrders()} />
      </AppProvider>,
    );
    const table = screen.getByRole("table");
    expect(within(table).getByRole("columnheader", { name: "Beställt" })).toBeTruthy();
    expect(within(table).getByRole("columnheader", { name: "Disponibelt" })).toBeTruthy();
    expect(within(table).getByRole("columnheader", { name: /Prognos oktober 2018/ })).toBeTruthy();
    const it = within(table).getByRole("rowheader", { name: "IT" }).closest("tr") as HTMLElement;
    expect(it.textContent).toContain(sv("2 202 501"));
    expect(it.textContent).toMatch(/[−-]7\u00a0202\u00a0501/);
    expect(it.textContent).toMatch(/[−-]4\u00a0900\u00a0000/);
    // MT has no orders: its Beställt is no button
    const mt = within(table).getByRole("rowheader", { name: "MT" }).closest("tr") as HTMLElement;
    expect(within(mt).queryByRole("button")).toBeNull();

    const natRow = within(table).getByRole("rowheader", { name: "Nät" }).closest("tr") as HTMLElement;
    fireEvent.click(within(natRow).getByRole("button", { name: /1\u00a0250\u00a0000/ }));
    const dialog = await screen.findByRole("dialog");
    await waitFor(() => expect(within(dialog).getByText("BE-18-0412")).toBeTruthy());
    expect(within(dialog).getByText("Cisco Sverige AB")).toBeTruthy();
    expect(dialog.textContent).toContain("1 beställningar");
    expect(calls.find((c) => c.cmd === "orders")?.args.query).toEqual({ area: "IT", category: "Nät", period_to: 201812 });
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});

describe("Importera prognosfil", () => {
  it("imports a chosen file into the round and asks before replacing its rows", async () => {
    let imported = 0;
    const calls = backend({
      app_info: () => info(),
      pick_import_files: () => [{ path: "/data/prognos_2018_10.xlsx", name: "prognos_2018_10.xlsx" }],
      import_forecast_file: (a) => {
        if (!a.replace) {
          throw { code: "conflict", message: "prognosomgång 201810 har redan 30 rader av det slag prognos_2018_10.xlsx innehåller", details: [] };
        }
        imported += 1;
        return { round: 201810, file_name: "prognos_2018_10.xlsx", operating_rows: 28, investment_rows: 2, total: "1.00", replaced_rows: 30 };
      },
    });
    let reloaded = 0;
    render(
      <AppProvider>
        <ImportFile round="201810" onDone={() => (reloaded += 1)} />
      </AppProvider>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Importera prognosfil…" }));
    const ask = await screen.findByRole("alertdialog");
    expect(ask.textContent).toContain("har redan 30 rader");
    expect(imported).toBe(0);
    fireEvent.click(within(ask).getByRole("button", { name: "Ersätt omgångens rader" }));
    await screen.findByRole("status");
    expect(screen.getByRole("status").textContent).toContain("28 driftrader och 2 investeringsrader importerade i omgång 201810");
    const sent = calls.filter((c) => c.cmd === "import_forecast_file").map((c) => c.args);
    expect(sent).toEqual([
      { path: "/data/prognos_2018_10.xlsx", round: 201810, replace: false },
      { path: "/data/prognos_2018_10.xlsx", round: 201810, replace: true },
    ]);
    expect(reloaded).toBe(1);
  });
});
