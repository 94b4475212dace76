import * as cmd from "../commands";
import { DataTable, type Column } from "../components/DataTable";
import { MonthChart } from "../components/MonthChart";
import { Notices } from "../components/Notices";
import { EmptyState, ErrorBox, Section, useLoad, usePeriodLabel } from "../components/common";
import { useApp } from "../context";
import { NBSP, formatAmount, formatPercent } from "../format";
import type { CostTypeRow, LineQuery, StaffingRow } from "../types";

/** The staffing columns, in the report's order (keys of `StaffingRow.costs`). */
const COLUMNS: { name: string; en: string }[] = [
  { name: "Lön", en: "Wages" },
  { name: "Extra tid", en: "Extra hours" },
  { name: "Sociala avgifter", en: "Social fees" },
  { name: "Pension", en: "Pensions" },
  { name: "Konsulter", en: "Consultants" },
];
const NO_VO = "(utan VO)";

/** A staffing column's name in the UI language (the data keeps the Swedish name). */
function columnName(name: string, lang: "sv" | "en"): string {
  return lang === "sv" ? name : (COLUMNS.find((c) => c.name === name)?.en ?? name);
}

/** Hours "26000.00" → "26 000". */
export const hoursText = (v: string | null | undefined) => formatAmount(v, { decimals: 0, dashZero: true });
/** Årsarbetare "58.82" → "58,8". */
const fteText = (v: string | null | undefined) => formatAmount(v, { decimals: 1, dashZero: true });
/** A change in percent with its sign: "+4,0 %", "-41,0 %". */
export function signedPercent(v: string | null | undefined): string {
  const s = formatPercent(v);
  return v && !v.trim().startsWith("-") && /[1-9]/.test(v) ? `+${s}` : s;
}

export function Staffing() {
  const { t, fmt, year, period, info, unit, lang, go } = useApp();
  const label = usePeriodLabel();
  const report = useLoad(() => (year === null ? null : cmd.staffingReport(year, period)), [year, period]);

  if (info && info.years.length === 0) return <EmptyState message={t("staff.whatToImport")} />;
  if (year === null) return null;
  const r = report.data;
  const empty = r !== null && r.rows.length === 0;

  // The lines behind one staffing column of a row (the row's own drill is all staff costs).
  const columnDrill = (x: StaffingRow, col: string) =>
    x.vo === NO_VO
      ? null
      : {
          title: `${t("staff.drillColumn", { column: columnName(col, lang), vo: x.vo })} ${label}`,
          query: { ...x.drill, cost_type: col } as LineQuery,
        };

  // Three tables over the same rows: one table with every column would not fit beside the comments.
  const voCols: Column<StaffingRow>[] = [
    { key: "vo", header: t("staff.vo"), value: (x) => x.vo, className: "label" },
    { key: "total", header: t("staff.total"), kind: "amount", value: (x) => x.total, className: "strong" },
    { key: "budget", header: t("staff.budget"), kind: "amount", value: (x) => x.budget },
    { key: "variance", header: t("staff.variance"), kind: "amount", value: (x) => x.variance, render: (x) => fmt(x.variance, { signed: true }), className: "variance" },
    { key: "last_year", header: t("staff.lastYear"), kind: "amount", value: (x) => x.last_year },
    { key: "change", header: t("staff.change"), kind: "amount", value: (x) => x.change, render: (x) => fmt(x.change, { signed: true }) },
    { key: "change_pct", header: t("staff.changePct"), kind: "number", value: (x) => x.change_pct, render: (x) => signedPercent(x.change_pct) },
  ];
  const columnCols: Column<StaffingRow>[] = [
    { key: "vo", header: t("staff.vo"), value: (x) => x.vo, className: "label" },
    ...COLUMNS.map<Column<StaffingRow>>((c) => ({
      key: `c:${c.name}`,
      header: columnName(c.name, lang),
      kind: "amount",
      value: (x) => x.costs[c.name] ?? "0.00",
      drill: (x) => columnDrill(x, c.name),
    })),
    { key: "total", header: t("staff.total"), kind: "amount", value: (x) => x.total, className: "strong" },
  ];
  const timeCols: Column<StaffingRow>[] = [
    { key: "vo", header: t("staff.vo"), value: (x) => x.vo, className: "label" },
    { key: "fte", header: t("staff.fte"), kind: "number", value: (x) => x.fte, render: (x) => fteText(x.fte) },
    { key: "cost_per_fte", header: t("staff.costPerFte"), kind: "amount", value: (x) => x.cost_per_fte },
    { key: "extra", header: t("staff.extraHours"), kind: "number", value: (x) => x.hours.extra, render: (x) => hoursText(x.hours.extra) },
    { key: "extra_share", header: t("staff.extraShare"), kind: "number", value: (x) => x.extra_share_pct, render: (x) => formatPercent(x.extra_share_pct) },
    { key: "sick", header: t("staff.sick"), kind: "number", value: (x) => x.sick_pct, render: (x) => formatPercent(x.sick_pct) },
  ];

  // The total row has no single query behind it (staff costs and consultants are different groups).
  const own = (x: CostTypeRow) => r !== null && r.by_cost_type.includes(x);
  const lastYear = (q: LineQuery): LineQuery => ({ ...q, year: (q.year ?? year) - 1, period_to: q.period_to === null ? null : q.period_to - 100 });
  const typeCols: Column<CostTypeRow>[] = [
    { key: "name", header: t("staff.costType"), value: (x) => columnName(x.name, lang), className: "label" },
    {
      key: "outcome",
      header: t("staff.outcome"),
      kind: "amount",
      value: (x) => x.outcome,
      drill: (x) => (own(x) ? { title: `${columnName(x.name, lang)} ${label}`, query: x.drill } : null),
    },
    { key: "budget", header: t("staff.budget"), kind: "amount", value: (x) => x.budget },
    { key: "variance", header: t("staff.variance"), kind: "amount", value: (x) => x.variance, render: (x) => fmt(x.variance, { signed: true }), className: "variance" },
    {
      key: "last_year",
      header: t("staff.lastYear"),
      kind: "amount",
      value: (x) => x.last_year,
      drill: (x) => (own(x) ? { title: `${columnName(x.name, lang)} ${year - 1}`, query: lastYear(x.drill) } : null),
    },
    { key: "change", header: t("staff.change"), kind: "amount", value: (x) => x.change, render: (x) => fmt(x.change, { signed: true }) },
    { key: "change_pct", header: t("staff.changePct"), kind: "number", value: (x) => x.change_pct, render: (x) => signedPercent(x.change_pct) },
  ];
  const kr = (v: string) => formatAmount(v, { unit, suffix: true, dashZero: true });
  const caption = `${t("top.unit")} ${unit}. ${t("common.clickToDrill")}`;
  const totalRow = r ? { ...r.total, vo: t("common.total") } : null;
  const negative = (v: string) => (v.startsWith("-") ? "negative" : undefined);

  return (
    <div className="screen" id="screen-staffing">
      <ErrorBox error={report.error} />
      {r && empty && (
        <Section title={`${t("nav.staffing")} ${label}`}>
          <p id="staffing-empty">
            {t("staff.noData", { year })} {t("staff.whatToImport")}
          </p>
          <div className="buttons">
            <button type="button" onClick={() => go("import")}>
              {t("empty.toImport")}
            </button>
          </div>
        </Section>
      )}
      {r && !empty && (
        <>
          <div className="kpis" id="staffing-kpis">
            <div className="kpi">
              <span>{t("staff.kpiTotal")}</span>
              <strong>{kr(r.total.total)}</strong>
            </div>
            <div className="kpi">
              <span>
                {t("staff.kpiVariance")} ({kr(r.total.budget)})
              </span>
              <strong className={r.total.variance.startsWith("-") ? "bad" : "good"}>{formatAmount(r.total.variance, { unit, suffix: true, signed: true })}</strong>
            </div>
            <div className="kpi">
              <span>{t("staff.kpiFte")}</span>
              <strong>{fteText(r.total.fte)}</strong>
            </div>
            <div className="kpi" id="staffing-extra">
              <span>{t("staff.kpiExtra")}</span>
              <strong>
                {hoursText(r.total.hours.extra)}{NBSP}h <span className="muted small">{signedPercent(r.extra_hours_change_pct)}</span>
              </strong>
            </div>
          </div>

          <Section title={`${t("staff.perVo")} ${label}`} id="staffing-vo">
            <p className="muted">
              {t("staff.help", {
                hours: formatAmount(String(r.annual_hours), { decimals: 0 }),
                po: t("staff.po", { year: r.year, rate: `${r.po_rate.replace(".", ",")}${NBSP}%` }),
              })}{" "}
              <button type="button" className="link" onClick={() => go("settings")}>
                {t("staff.settings")}
              </button>
            </p>
            <Notices notices={r.notices} />
            <DataTable
              id="staffing-table"
              caption={`${t("top.unit")} ${unit}. ${t("staff.commentHelp")}`}
              columns={voCols}
              rows={r.rows}
              footer={totalRow ? [totalRow] : []}
              rowKey={(x) => x.key}
              rowClass={(x) => negative(x.variance)}
              comment={{ key: (x) => (x.key === r.total.key ? null : x.key), value: (x) => x.comment }}
            />
          </Section>

          <Section title={`${t("staff.perVoColumn")} ${label}`} id="staffing-vo-columns">
            <DataTable
              id="staffing-column-table"
              caption={caption}
              columns={columnCols}
              rows={r.rows}
              footer={totalRow ? [totalRow] : []}
              rowKey={(x) => x.key}
              filter={false}
            />
          </Section>

          <Section title={`${t("staff.perVoTime")} ${label}`} id="staffing-vo-time">
            <DataTable
              id="staffing-time-table"
              caption={`${t("staff.timeCaption")} ${t("top.unit")} ${unit}.`}
              columns={timeCols}
              rows={r.rows}
              footer={totalRow ? [totalRow] : []}
              rowKey={(x) => x.key}
              filter={false}
            />
          </Section>

          <Section title={`${t("staff.perCostType")} ${label}`} id="staffing-types">
            <p className="muted" id="staffing-extra-line">
              {t("staff.extraLine", { now: `${hoursText(r.total.hours.extra)}${NBSP}h`, before: `${hoursText(r.extra_hours_last_year.extra)}${NBSP}h` })}:{" "}
              <strong>{signedPercent(r.extra_hours_change_pct)}</strong>
            </p>
            <DataTable
              id="staffing-cost-types"
              caption={caption}
              columns={typeCols}
              rows={r.by_cost_type}
              footer={[
                {
                  name: t("common.total"),
                  outcome: r.total.total,
                  budget: r.total.budget,
                  variance: r.total.variance,
                  last_year: r.total.last_year,
                  change: r.total.change,
                  change_pct: r.total.change_pct,
                  drill: r.total.drill,
                },
              ]}
              rowKey={(x) => x.name}
              rowClass={(x) => negative(x.variance)}
              filter={false}
            />
          </Section>
          <Section title={`${t("staff.monthly")} ${label}`} id="staffing-chart">
            <MonthChart
              months={r.monthly}
              budgetLabel={t("staff.chartBudget")}
              outcomeLabel={t("staff.chartOutcome")}
              title={`${t("staff.monthly")} ${label}`}
              lang={lang}
            />
          </Section>
        </>
      )}
      {!r && !report.error && <p className="muted">{t("common.loading")}</p>}
    </div>
  );
}
