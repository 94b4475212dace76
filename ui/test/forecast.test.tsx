// The forecast rounds on Avvikelser (ForecastRounds.tsx) over Tauri's IPC
// mocks: the rounds side by side with the deviation from the outcome, a row
// set through the form, a locked round's refusal shown.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ForecastRounds } from "../src/components/ForecastRounds";
import { AppProvider } from "../src/context";
import { NBSP } from "../src/format";
import type { ForecastRounds as Rounds } from "../src/types";
import { info } from "./fixtures";
// `ramkoll report variance --year 2018 --period 201812 --json` over the demo
// database: its "rounds", the rows cut to Personalkostnader and Lön.
import budgetOnly from "./forecast_rounds_2018.json";
import { backend } from "./harness";

/** The budget round plus an October round whose result forecast is +7 000 000. */
function withOctober(locked: boolean): Rounds {
  const r = structuredClone(budgetOnly) as Rounds;
  r.rounds.push({ id: "201810", period: 201810, label: "oktober 2018", locked });
  const cell = { round: "201810", forecast: "7000000.00", forecast_variance: "7000000.00", change: null, deviation: "-1000000.00", comment: null };
  r.result.cells.push(cell);
  for (const row of r.rows) row.cells.push({ ...row.cells[0], round: "201810" });
  return r;
}

const sv = (s: string) => s.replace(/ /g, NBSP);

describe("Prognosomgångar", () => {
  it("shows each round against the outcome and sets a row through the form", async () => {
    let rounds: Rounds = budgetOnly as Rounds;
    const calls = backend({
      app_info: () => info(),
      forecast_rounds: () => rounds,
      set_forecast: () => {
        rounds = withOctober(false);
        return {};
      },
    });
    render(
      <AppProvider>
        <ForecastRounds />
      </AppProvider>,
    );
    const table = await screen.findByRole("table");
    const result = within(table).getByRole("rowheader", { name: "Resultat" }).closest("tr") as HTMLElement;
    // budget round +8 000 000, outcome +6 000 000, deviation −2 000 000
    expect(result.textContent).toContain(sv("8 000 000"));
    expect(result.textContent).toContain(sv("6 000 000"));
    expect(result.textContent).toMatch(/[−-]2\u00a0000\u00a0000/);
    expect(screen.getByRole("img", { name: /Resultatprognos per omgång/ })).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/Omgång/), { target: { value: "201810" } });
    fireEvent.change(screen.getByLabelText(/Kostnadsslag/), { target: { value: "Lön" } });
    fireEvent.change(screen.getByLabelText(/^VO/), { target: { value: "VO Drift" } });
    fireEvent.change(screen.getByLabelText(/Helårsprognos/), { target: { value: "36 000 000,00" } });
    fireEvent.click(screen.getByRole("button", { name: "Spara" }));
    await waitFor(() => expect(screen.getAllByRole("columnheader", { name: "201810" }).length).toBe(1));
    const set = calls.find((c) => c.cmd === "set_forecast");
    expect(set?.args.input).toEqual({
      round: "201810",
      cost_type: "Lön",
      vo: "VO Drift",
      area: null,
      category: null,
      amount: "36 000 000,00",
      comment: null,
    });
    const after = within(screen.getByRole("table")).getByRole("rowheader", { name: "Resultat" }).closest("tr") as HTMLElement;
    expect(after.textContent).toMatch(/[−-]1\u00a0000\u00a0000/);
    expect(calls.filter((c) => c.cmd === "forecast_rounds").length).toBe(2);
  });

  it("shows a locked round's refusal", async () => {
    backend({
      app_info: () => info(),
      forecast_rounds: () => withOctober(true),
      set_forecast: () => {
        throw { code: "conflict", message: "prognosomgången 201810 är fastställd (anna 2018-11-05 10:00:00) och kan inte ändras; gör en ny omgång", details: [] };
      },
    });
    render(
      <AppProvider>
        <ForecastRounds />
      </AppProvider>,
    );
    expect(await screen.findByRole("columnheader", { name: "201810 (fastställd)" })).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Helårsprognos/), { target: { value: "1" } });
    fireEvent.click(screen.getByRole("button", { name: "Spara" }));
    expect((await screen.findByRole("alert")).textContent).toContain("201810 är fastställd");
  });
});
