import { useState } from "react";
import * as cmd from "../commands";
import { DataTable, type Column } from "../components/DataTable";
import { ForecastRounds } from "../components/ForecastRounds";
import { Notices, areaName } from "../components/Notices";
import { PeriodClose } from "../components/PeriodClose";
import { EmptyState, ErrorBox, Section, useLoad, usePeriodLabel } from "../components/common";
import { useApp } from "../context";
import { formatAmount, formatPercent, formatPeriod } from "../format";
import type { FrameRow, OperatingRow } from "../types";

export function Variance() {
  const { t, year, period, info, unit } = useApp();
  const label = usePeriodLabel();
  const [onlyOver, setOnlyOver] = useState(false);
  const report = useLoad(() => (year === null ? null : cmd.investments(year, period)), [year, period]);

  if (info && info.years.length === 0) return <EmptyState />;
  if (year === null) return null;
  const r = report.data;
  const cats: FrameRow[] = r ? [...r.areas.flatMap((a) => a.categories), ...(r.unclassified && r.unclassified.lines > 0 ? [r.unclassified] : [])] : [];
  const rows = onlyOver ? cats.filter((c) => c.over_frame) : cats;

  const cols: Column<FrameRow>[] = [
    { key: "area", header: t("inv.area"), value: (x) => (x.area === "Totalt" ? t("common.total") : areaName(x.area, t)), className: "label" },
    { key: "category", header: t("inv.category"), value: (x) => x.category ?? "" },
    { key: "frame", header: t("var.frame"), kind: "amount", value: (x) => x.total_frame },
    {
      key: "outcome",
      header: t("var.outcome"),
      kind: "amount",
      value: (x) => x.outcome_total,
      drill: (x) => ({ title: `${x.area} ${x.category ?? ""} ${label}`, query: x.drill }),
    },
    { key: "variance", header: t("var.variance"), kind: "amount", value: (x) => x.remaining, className: "remaining" },
    { key: "util", header: t("inv.utilisation"), kind: "number", value: (x) => x.utilisation, render: (x) => formatPercent(x.utilisation) },
  ];

  return (
    <div className="screen" id="screen-variance">
      <ResultLead />
      <Section title={`${t("var.frames")} ${label}`}>
        <p className="muted">{t("var.help")}</p>
        <ErrorBox error={report.error} />
        {r && (
          <DataTable
            id="variance-table"
            caption={`${t("top.unit")} ${unit}. ${t("common.clickToDrill")}`}
            columns={cols}
            rows={rows}
            footer={[...r.areas.map((a) => ({ ...a, category: t("common.total") })), { ...r.total, area: t("common.total"), category: "" }]}
            rowKey={(x) => x.key}
            rowClass={(x) => (x.over_frame ? "over" : undefined)}
            comment={{ key: (x) => x.key, value: (x) => x.comment }}
            tools={
              <label className="check">
                <input type="checkbox" checked={onlyOver} onChange={(e) => setOnlyOver(e.target.checked)} /> {t("var.onlyOver")}
              </label>
            }
          />
        )}
      </Section>
      <Operating />
      <ForecastRounds />
      <PeriodClose />
    </div>
  );
}

/** The operating result first: what the annual report leads with, before the detail below. */
function ResultLead() {
  const { t, year, period, unit } = useApp();
  const label = usePeriodLabel();
  const report = useLoad(() => (year === null ? null : cmd.operating(year, period, false)), [year, period]);
  const r = report.data;
  if (!r || (r.result.lines === 0 && r.groups.length === 0)) return null;
  const result = formatAmount(r.result.variance, { unit, suffix: true, signed: true });
  return (
    <p className={`result-lead ${r.result.variance.startsWith("-") ? "bad" : "good"}`} id="result-lead">
      <strong>{t("var.resultLead", { label, result })}</strong>{" "}
      <button type="button" className="link small" onClick={() => document.getElementById("operating")?.scrollIntoView({ block: "start" })}>
        {t("var.toOperating")} ↓
      </button>
    </p>
  );
}

/** Operating budget against outcome per kostnadsslag, with the forecast. */
function Operating() {
  const { t, fmt, year, period, unit, lang } = useApp();
  const label = usePeriodLabel();
  const [byVo, setByVo] = useState(false);
  const report = useLoad(() => (year === null ? null : cmd.operating(year, period, byVo)), [year, period, byVo]);
  const r = report.data;
  if (!r && !report.error) return null;
  const sub = (x: OperatingRow): OperatingRow[] => (byVo ? (x.by_vo ?? []).map((v) => ({ ...v, label: `${x.label} · ${v.vo ?? v.label}` })) : []);
  const rows: OperatingRow[] = r
    ? [...r.groups.flatMap((g) => [g, ...g.cost_types.flatMap((c) => [c, ...sub(c)])]), ...(r.unclassified ? [r.unclassified] : [])]
    : [];
  const cols: Column<OperatingRow>[] = [
    { key: "label", header: t("var.costType"), value: (x) => areaName(x.label, t), className: "label", data: true },
    { key: "budget", header: t("var.budget"), kind: "amount", value: (x) => x.budget },
    { key: "period_budget", header: t("var.periodBudget"), kind: "amount", value: (x) => x.period_budget },
    {
      key: "outcome",
      header: t("var.outcome"),
      kind: "amount",
      value: (x) => x.outcome,
      drill: (x) => ({ title: `${x.label} ${label}`, query: x.drill }),
    },
    // A variance is a result (positive = surplus): it carries its sign.
    { key: "variance", header: t("var.variance"), kind: "amount", value: (x) => x.variance, render: (x) => fmt(x.variance, { signed: true }), className: "variance" },
    { key: "pct", header: t("var.pct"), kind: "number", value: (x) => x.variance_pct, render: (x) => formatPercent(x.variance_pct) },
    { key: "forecast", header: t("var.forecast"), kind: "amount", value: (x) => x.forecast },
    { key: "forecast_variance", header: t("var.forecastVariance"), kind: "amount", value: (x) => x.forecast_variance, render: (x) => <span className={x.forecast_variance.startsWith("-") ? "bad" : undefined}>{fmt(x.forecast_variance, { signed: true })}</span>, className: "forecast-variance" },
  ];
  return (
    <Section title={`${t("var.operating")} ${label}`} id="operating">
      <ErrorBox error={report.error} />
      {r && (
        <>
          <p className="muted">
            {t("var.operatingHelp", {
              source: r.forecast_source === "controller" ? t("var.forecastController") : t("var.forecastRunRate", { period: formatPeriod(r.period, lang) }),
            })}
          </p>
          <Notices notices={r.notices} id="operating-notices" />
          {rows.length === 0 && r.result.lines === 0 ? (
            <p className="muted">{t("var.noBudget", { year: r.year })}</p>
          ) : (
          <DataTable
            id="operating-table"
            caption={`${t("top.unit")} ${unit}. ${t("common.clickToDrill")}`}
            columns={cols}
            rows={rows}
            footer={[{ ...r.result, label: t("var.result") }]}
            rowKey={(x) => x.key}
            rowClass={(x) => [x.cost_type || x.vo ? "sub" : "group", x.variance.startsWith("-") ? "negative" : ""].join(" ")}
            comment={{ key: (x) => x.key, value: (x) => x.comment }}
            tools={
              <label className="check">
                <input type="checkbox" checked={byVo} onChange={(e) => setByVo(e.target.checked)} /> {t("var.byVo")}
              </label>
            }
          />
          )}
        </>
      )}
    </Section>
  );
}
