import * as cmd from "../commands";
import { BarChart, type Bar } from "../components/BarChart";
import { DataTable } from "../components/DataTable";
import { EmptyState, ErrorBox, Section, useLoad, usePeriodLabel } from "../components/common";
import { useApp } from "../context";
import { formatAmount, formatCount, formatPercent, formatTimestamp } from "../format";
import type { FrameRow } from "../types";
import { isActive, scopeText, stateLabel } from "./History";
import { frameColumns } from "./Investments";

export function Overview() {
  const { t, year, period, info, go, unit, openDrill } = useApp();
  const label = usePeriodLabel();
  const report = useLoad(() => (year === null ? null : cmd.investments(year, period)), [year, period]);
  const batches = useLoad(() => cmd.batches(), []);

  if (info && info.years.length === 0) return <EmptyState />;
  if (year === null) return null;
  const r = report.data;

  const bars: Bar[] = r
    ? r.areas.flatMap((a) => [
        { label: a.label, frame: a.total_frame, outcome: a.outcome_total, over: a.over_frame },
        ...a.categories.map((c) => ({ label: c.category ?? c.label, group: a.label, frame: c.total_frame, outcome: c.outcome_total, over: c.over_frame })),
      ])
    : [];
  // Over-frame warnings are computed here (localised, in the chosen unit); the core's other warnings are shown as they are.
  const otherWarnings = r ? r.warnings.filter((w) => !w.includes("överstiger")) : [];
  const over: FrameRow[] = r ? r.areas.flatMap((a) => [a, ...a.categories]).filter((x) => x.over_frame) : [];
  const recent = (batches.data ?? []).slice(-3).reverse();
  const kr = (v: string) => formatAmount(v, { unit, suffix: true, dashZero: true });

  return (
    <div className="screen" id="screen-overview">
      <ErrorBox error={report.error} />
      {r && (
        <>
          <div className="kpis" id="kpis">
            <div className="kpi">
              <span>{t("ov.frame")}</span>
              <strong>{kr(r.total.total_frame)}</strong>
            </div>
            <div className="kpi">
              <span>{t("ov.outcome")}</span>
              <strong>
                <button type="button" className="drill" onClick={() => openDrill({ title: `${t("common.total")} ${label}`, query: r.total.drill })}>
                  {kr(r.total.outcome_total)}
                </button>
              </strong>
            </div>
            <div className="kpi">
              <span>{t("ov.remaining")}</span>
              <strong className={r.total.over_frame ? "bad" : undefined}>{kr(r.total.remaining)}</strong>
            </div>
            <div className="kpi">
              <span>{t("ov.utilisation")}</span>
              <strong>{formatPercent(r.total.utilisation)}</strong>
            </div>
          </div>

          <div className="two-col">
            <Section title={`${t("ov.warnings")}`} id="warnings">
              {over.length === 0 && !r.unclassified && otherWarnings.length === 0 && <p className="good">✓ {t("ov.noWarnings")}</p>}
              <ul className="warnings">
                {r.unclassified && r.unclassified.lines > 0 && (
                  <li>
                    {t("ov.unclassified", { n: formatCount(r.unclassified.lines), sum: kr(r.unclassified.outcome_total) })}{" "}
                    <button type="button" className="link" onClick={() => go("rules")}>
                      {t("ov.toRules")}
                    </button>
                  </li>
                )}
                {over.map((x) => (
                  <li key={x.key}>{t("ov.overFrame", { name: x.category ? `${x.area} ${x.category}` : x.area, outcome: kr(x.outcome_total), frame: kr(x.total_frame) })}</li>
                ))}
                {otherWarnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Section>
            <Section title={t("ov.changes")} id="changes">
              {recent.length === 0 && <p className="muted">{t("ov.noChanges")}</p>}
              <ul className="changes">
                {recent.map((b) => (
                  <li key={b.id}>
                    {t("ov.lastImport", { file: b.file_name, time: formatTimestamp(b.imported_at), rows: formatCount(b.row_count), sum: formatAmount(b.control_sum, { suffix: true }) })}{" "}
                    <span className="muted">
                      ({scopeText(b)}
                      {isActive(b.state) ? "" : `, ${stateLabel(b.state, t)}`})
                    </span>
                  </li>
                ))}
              </ul>
              <button type="button" className="link" onClick={() => go("history")}>
                {t("nav.history")} →
              </button>
            </Section>
          </div>

          <Section title={`${t("ov.chart")} ${label}`} id="chart">
            <BarChart bars={bars} frameLabel={t("ov.frame")} outcomeLabel={t("ov.outcome")} title={`${t("ov.chart")} ${label}`} />
          </Section>
          <Section title={`${t("nav.investments")} ${label}`} id="overview-table">
            <DataTable
              id="overview-reference"
              caption={`${t("top.unit")} ${unit}. ${t("common.clickToDrill")}`}
              columns={frameColumns(t, year, true)}
              rows={r.areas.flatMap((a) => [a, ...a.categories.map((c) => ({ ...c, label: `   ${c.category ?? c.label}` }))])}
              footer={[r.total]}
              rowKey={(x) => x.key}
              rowClass={(x) => [x.category ? "sub" : "", x.over_frame ? "over" : ""].join(" ").trim() || undefined}
              filter={false}
            />
          </Section>
        </>
      )}
    </div>
  );
}
