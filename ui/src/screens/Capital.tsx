import { useState } from "react";
import * as cmd from "../commands";
import { DataTable, type Column } from "../components/DataTable";
import { Notices } from "../components/Notices";
import { EmptyState, ErrorBox, Section, useLoad } from "../components/common";
import { useApp } from "../context";
import { NBSP, formatPeriod } from "../format";
import type { AssetCapital, CapitalOverview, CapitalRow, CapitalYear, DepreciationComparison } from "../types";

/** One row of a year's table: an område, a kategori under it, or the total. */
interface Line {
  key: string;
  label: string;
  level: "area" | "category" | "total";
  row: CapitalRow;
  y: CapitalYear;
}

function yearOf(row: CapitalRow, year: number): CapitalYear {
  return row.years.find((y) => y.year === year) ?? { year, depreciation: "0.00", interest: "0.00", capital_cost: "0.00", book_value: "0.00" };
}

function lines(r: CapitalOverview, year: number): Line[] {
  const out: Line[] = [];
  for (const a of r.areas) {
    out.push({ key: a.row.area, label: a.row.label, level: "area", row: a.row, y: yearOf(a.row, year) });
    for (const c of a.categories) out.push({ key: `${a.row.area}/${c.label}`, label: c.label, level: "category", row: c, y: yearOf(c, year) });
  }
  return out;
}

/**
 * Kapitalkostnader: what the investments cost the operating budget, year by
 * year — depreciation, internal interest and book value per område and
 * kategori, each year's depreciation beside the budget's and the ledger's,
 * and the assets behind the figures (assumed ones marked).
 */
export function Capital() {
  const { t, info, year } = useApp();
  const [span, setSpan] = useState(3);
  const from = year ?? new Date().getFullYear();
  const to = from + span - 1;
  const report = useLoad(() => (year === null ? null : cmd.capitalReport(from, to)), [from, to]);

  if (info && info.years.length === 0) return <EmptyState message={t("cap.whatToImport")} />;
  if (year === null) return null;
  const r = report.data;

  const cols = (y: number): Column<Line>[] => [
    { key: "label", header: t("cap.areaCategory"), value: (l) => l.label, className: "label" },
    { key: "depreciation", header: t("cap.depreciation"), kind: "amount", value: (l) => l.y.depreciation },
    { key: "interest", header: t("cap.interest"), kind: "amount", value: (l) => l.y.interest },
    { key: "capital_cost", header: t("cap.capitalCost"), kind: "amount", value: (l) => l.y.capital_cost, className: "strong" },
    { key: "book_value", header: t("cap.bookValue", { year: y }), kind: "amount", value: (l) => l.y.book_value },
    {
      key: "assets",
      header: t("cap.assets"),
      kind: "number",
      value: (l) => l.row.assets,
      render: (l) => (l.row.assumed > 0 ? t("cap.assetsAssumed", { n: l.row.assets, assumed: l.row.assumed }) : String(l.row.assets)),
    },
  ];

  return (
    <div className="screen" id="screen-capital">
      <div className="row-inputs">
        <label>
          {t("cap.years")}{" "}
          <select id="capital-span" value={span} onChange={(e) => setSpan(Number(e.target.value))}>
            {[1, 2, 3, 5].map((n) => (
              <option key={n} value={n}>
                {n === 1 ? String(from) : `${from}–${from + n - 1}`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBox error={report.error} />
      {r &&
        r.rates.map((rate) => (
          <Section key={rate.year} title={t("cap.yearTitle", { year: rate.year, rate: `${rate.rate.replace(".", ",")}${NBSP}%` })} id={`capital-${rate.year}`}>
            <DataTable
              id={`capital-table-${rate.year}`}
              columns={cols(rate.year)}
              rows={lines(r, rate.year)}
              footer={[{ key: "total", label: t("common.total"), level: "total", row: r.total, y: yearOf(r.total, rate.year) }]}
              rowKey={(l) => l.key}
              rowClass={(l) => (l.level === "area" ? "group" : l.level === "total" ? "total" : undefined)}
              filter={false}
              empty={t("cap.noAssets")}
            />
          </Section>
        ))}
      {r && r.comparisons.map((c) => <Comparison key={c.year} c={c} />)}
      {r && <Assets rows={r.assets} years={r.rates.map((x) => x.year)} />}
      {r && <Notices notices={r.notices} />}
      <p className="muted small">{t("cap.method")}</p>
    </div>
  );
}

/** The budget year's depreciation: budget, booked and computed side by side. */
function Comparison({ c }: { c: DepreciationComparison }) {
  const { t, fmt, lang } = useApp();
  const to = formatPeriod(c.period, lang);
  const rows: [string, string, string?][] = [
    [t("cap.cmpBudget"), c.budget],
    [t("cap.cmpPeriodBudget", { to }), c.period_budget],
    [t("cap.cmpBooked", { to }), c.outcome],
    [t("cap.cmpComputedTo", { to }), c.computed_to_period],
    [t("cap.cmpComputed"), c.computed],
    [t("cap.cmpActivated", { year: c.year }), c.activated_in_year],
    [t("cap.cmpBookedLess"), c.outcome_less_computed, "strong"],
    [t("cap.cmpBudgetLess"), c.budget_less_computed, "strong"],
  ];
  return (
    <Section title={t("cap.cmpTitle", { year: c.year })} id={`capital-cmp-${c.year}`}>
      <table className="report compact" id={`capital-cmp-table-${c.year}`}>
        <tbody>
          {rows.map(([label, v, cls]) => (
            <tr key={label} className={cls}>
              <th scope="row" className="label">
                {label}
              </th>
              <td className="amount">{fmt(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** Every asset behind the figures, with its depreciation per year. */
function Assets({ rows, years }: { rows: AssetCapital[]; years: number[] }) {
  const { t } = useApp();
  const cols: Column<AssetCapital>[] = [
    { key: "id", header: t("cap.assetId"), value: (a) => a.id, className: "label" },
    { key: "area", header: t("plan.area"), value: (a) => a.area },
    { key: "category", header: t("plan.category"), value: (a) => a.category },
    { key: "value", header: t("cap.value"), kind: "amount", value: (a) => a.value },
    { key: "activation", header: t("cap.activation"), kind: "number", value: (a) => a.activation, render: (a) => String(a.activation) },
    { key: "life", header: t("cap.life"), kind: "number", value: (a) => a.life_years },
    { key: "assumed", header: "", value: (a) => (a.assumed ? t("cap.assumed") : ""), render: (a) => (a.assumed ? <span className="badge">{t("cap.assumed")}</span> : null) },
    ...years.map<Column<AssetCapital>>((y) => ({
      key: `d${y}`,
      header: t("cap.depreciationYear", { year: y }),
      kind: "amount",
      value: (a) => a.years.find((x) => x.year === y)?.depreciation ?? "0.00",
    })),
  ];
  return (
    <Section title={t("cap.assetsTitle")} id="capital-assets">
      <DataTable id="capital-assets-table" columns={cols} rows={rows} rowKey={(a) => `${a.id}/${a.activation}`} empty={t("cap.noAssets")} />
    </Section>
  );
}
