// The staffing report's payload (ramkoll::staffing::StaffingReport and
// ramkoll::export::StaffingExport). Written by hand for now: the core types do
// not derive ts_rs::TS yet, so src-tauri/tests/bindings.rs cannot generate
// them. Replace with the generated bindings once they do; the shell's test
// (src-tauri/tests/commands.rs) checks the field names used here.
import type { Amount, LineQuery } from "./bindings";

/** Hours as decimal strings with two decimals ("26000.00"). */
export type Hours = { worked: string; overtime: string; mertid: string; fyllnadstid: string; extra: string; sick: string };

export type StaffingRow = {
  /** Comment key (personal/YYYYMM/VO). */
  key: string;
  vo: string;
  /** Outcome per staffing column (Lön, Extra tid, Sociala avgifter, Pension, Konsulter). */
  costs: { [column: string]: Amount };
  staff_cost: Amount;
  consultants: Amount;
  total: Amount;
  budget: Amount;
  /** budget − total, surplus positive. */
  variance: Amount;
  last_year: Amount;
  change: Amount;
  change_pct: string | null;
  hours: Hours;
  /** Årsarbetare, decimal string. */
  fte: string;
  cost_per_fte: Amount | null;
  extra_share_pct: string | null;
  sick_pct: string | null;
  po_at_rate: Amount;
  comment: string | null;
  drill: LineQuery;
};

export type CostTypeRow = {
  name: string;
  outcome: Amount;
  budget: Amount;
  variance: Amount;
  last_year: Amount;
  change: Amount;
  change_pct: string | null;
  drill: LineQuery;
};

export type MonthRow = { period: number; outcome: Amount; budget: Amount };

export type StaffingReport = {
  year: number;
  period: number;
  annual_hours: number;
  /** Percent, decimal string. */
  po_rate: string;
  rows: StaffingRow[];
  total: StaffingRow;
  by_cost_type: CostTypeRow[];
  extra_hours_last_year: Hours;
  extra_hours_change_pct: string | null;
  monthly: MonthRow[];
  warnings: string[];
};

export type StaffingExport = { path: string; sheets: string[]; total: Amount };
