import * as cmd from "../commands";
import { BarChart, type Bar } from "../components/BarChart";
import { DataTable } from "../components/DataTable";
import { noticeText } from "../components/Notices";
import { EmptyState, ErrorBox, Section, useLoad, usePeriodLabel } from "../components/common";
import { useApp } from "../context";
import { formatAmount, formatCount, formatHours, formatPercent, formatPeriod, formatTimestamp } from "../format";
import type { BatchInfo, FrameRow, Notice, OperatingReport } from "../types";
import { isActive, scopeText, stateLabel } from "./History";
import { frameColumns } from "./Investments";

/** "… 36 rader, summa 365 500 kr" — or, for an HR file, "… 365 500 timmar": hours are never kronor. */
export function importSummary(b: BatchInfo, t: ReturnType<typeof useApp>["t"], kr: (v: string) => string): string {
  const common = { file: b.file_name, time: formatTimestamp(b.imported_at), rows: formatCount(b.row_count) };
  return b.sum_unit === "hours" ? t("ov.lastImportHours", { ...common, hours: formatHours(b.control_sum) }) : t("ov.lastImport", { ...common, sum: kr(b.control_sum) });
}

/** What the page leads with: the operating result (the annual report's headline) and how much of the frames is used. */
function Lead({ r, op }: { r: { total: FrameRow }; op: OperatingReport | null }) {
  const { t, unit, lang, go } = useApp();
  const kr = (v: string) => formatAmount(v, { unit, suffix: true, dashZero: true });
  const hasResult = op !== null && (op.result.lines > 0 || op.groups.length > 0);
  const result = op?.result.variance ?? "0.00";
  return (
    <div className="kpis lead" id="lead">
      <div className="kpi lead-kpi" id="kpi-result">
        <span>{t("ov.result")}</span>
        {op && hasResult ? (
          <>
            <strong className={result.startsWith("-") ? "bad" : "good"}>
              <button type="button" className="drill" onClick={() => go("variance")}>
                {formatAmount(result, { unit, suffix: true, signed: true })}
              </button>
            </strong>
            <span className="small">{t("ov.resultHelp", { period: formatPeriod(op.period, lang) })}</span>
          </>
        ) : (
          <span className="muted">{t("ov.noResult")}</span>
        )}
      </div>
      <div className="kpi lead-kpi" id="kpi-utilisation">
        <span>{t("ov.invUtilisation")}</span>
        <strong className={r.total.over_frame ? "bad" : undefined}>{formatPercent(r.total.utilisation)}</strong>
        <span className="small">{t("ov.invUtilisationHelp", { outcome: kr(r.total.outcome_total), frame: kr(r.total.total_frame) })}</span>
      </div>
    </div>
  );
}

export function Overview() {
  const { t, year, period, info, go, unit, openDrill } = useApp();
  const label = usePeriodLabel();
  const report = useLoad(() => (year === null ? null : cmd.investments(year, period)), [year, period]);
  const operating = useLoad(() => (year === null ? null : cmd.operating(year, period, false)), [year, period]);
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
  // Over-frame rows and unclassified lines are listed below with links; the core's other notices as they come.
  const otherNotices: Notice[] = [
    ...(r ? r.notices.filter((n) => n.kind === "no_category") : []),
    ...(operating.data?.notices ?? []),
  ];
  const over: FrameRow[] = r ? r.areas.flatMap((a) => [a, ...a.categories]).filter((x) => x.over_frame) : [];
  const recent = (batches.data ?? []).slice(-3).reverse();
  const kr = (v: string) => formatAmount(v, { unit, suffix: true, dashZero: true });

  return (
    <div className="screen" id="screen-overview">
      <ErrorBox error={report.error} />
      {r && (
        <>
          <Lead r={r} op={operating.data} />
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
          </div>

          <div className="two-col">
            <Section title={`${t("ov.warnings")}`} id="warnings">
              {over.length === 0 && !(r.unclassified && r.unclassified.lines > 0) && otherNotices.length === 0 && <p className="good">✓ {t("ov.noWarnings")}</p>}
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
                {otherNotices.map((n, i) => (
                  <li key={i}>{noticeText(n, t, kr)}</li>
                ))}
              </ul>
            </Section>
            <Section title={t("ov.changes")} id="changes">
              {recent.length === 0 && <p className="muted">{t("ov.noChanges")}</p>}
              <ul className="changes">
                {recent.map((b) => (
                  <li key={b.id}>
                    {importSummary(b, t, kr)}{" "}
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
