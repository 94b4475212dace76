// Payloads shaped exactly like the shell's (types from the generated bindings).
import type { AppInfo, BatchInfo, FrameReport, FrameRow, LineQuery, Lines } from "../src/types";
import { lineQuery } from "../src/api";

export const info = (over: Partial<AppInfo> = {}): AppInfo => ({
  version: "0.1.0",
  db_path: "/tmp/test/ramkoll.db",
  db_is_default: true,
  db_error: null,
  years: [2017, 2018],
  last_periods: [
    [2017, 201712],
    [2018, 201812],
  ],
  batches: 6,
  ...over,
});

const drill = (area: string | null, category: string | null = null): LineQuery =>
  lineQuery({ year: 2018, area, category, investments: true });

function row(area: string, label: string, v: [string, string, string, string, string], category: string | null = null): FrameRow {
  const [decided, extended, before, year, utilisation] = v;
  const ore = (s: string) => BigInt(s.replace(".", ""));
  const kr = (n: bigint) => `${n / 100n}.${(n < 0n ? -n : n) % 100n === 0n ? "00" : String((n < 0n ? -n : n) % 100n).padStart(2, "0")}`;
  const total = ore(decided) + ore(extended);
  const outcome = ore(before) + ore(year);
  return {
    key: `ram/2018/${area}${category ? "/" + category : ""}`,
    area,
    category,
    label,
    decided,
    extended,
    total_frame: kr(total),
    outcome_before: before,
    outcome_year: year,
    outcome_total: kr(outcome),
    remaining: kr(total - outcome),
    utilisation,
    lines: 10,
    over_frame: outcome > total,
    comment: null,
    drill: drill(area === "Totalt" ? null : area, category),
    committed: "0.00",
    orders: 0,
    planned: "0.00",
    available: kr(total - outcome),
    orders_drill: { area: area === "Totalt" ? null : area, category, period_to: 201812 },
    forecast: null,
    forecast_variance: null,
  };
}

export const report = (): FrameReport => ({
  year: 2018,
  period: null,
  areas: [
    {
      ...row("IT", "IT", ["8200000.00", "6400000.00", "12400000.00", "7200000.00", "134.2"]),
      categories: [row("IT", "Nät", ["7000000.00", "0.00", "8000000.00", "4900000.00", "184.3"], "Nät")],
    },
    { ...row("MT", "MT", ["63000000.00", "0.00", "2400000.00", "20800000.00", "36.8"]), categories: [] },
  ],
  unclassified: null,
  total: row("Totalt", "Totalt", ["71200000.00", "6400000.00", "14800000.00", "28000000.00", "55.2"]),
  warnings: [],
  notices: [],
  forecast_round: null,
});

export const lines = (q: LineQuery): Lines => ({
  query: q,
  total_rows: 2,
  total: "19600000.00",
  truncated: false,
  lines: [1, 2].map((id) => ({
    id,
    batch_id: 6,
    file_name: "huvudbok_2018.xlsx",
    row_no: id + 4,
    period: 201801,
    date: "2018-01-02",
    konto: "1221",
    ansvar: "51200",
    verksamhet: "",
    projekt: "IT-NAT-2018-02",
    motpart: "",
    verifikation: `LF-${id}`,
    text: id === 1 ? "Brandväggar Malmö" : "Routrar",
    amount: id === 1 ? "9800000.00" : "9800000.00",
    area: "IT",
    category: "Nät",
    cost_type: "Investering",
    vo: null,
    decision_year: 2018,
    rule_id: 1,
    konto_name: null,
    ansvar_name: null,
    projekt_name: null,
  })),
});

export const batch = (id: number, state: string): BatchInfo => ({
  id,
  kind: "ledger",
  sum_unit: "kr",
  source: "huvudbok",
  file_name: `huvudbok_${2013 + id}.xlsx`,
  file_path: `/data/huvudbok_${2013 + id}.xlsx`,
  sha256: "ab",
  format: "xlsx",
  sheet: "Huvudbok",
  header_row: 1,
  row_count: 600,
  control_sum: "24300000.00",
  source_total: null,
  scope_from: 201401,
  scope_to: 201412,
  imported_at: "2026-11-23 09:35:12",
  state,
  active_rows: 600,
  active_sum: "24300000.00",
});
