import { useState } from "react";
import { call } from "../api";
import { DataTable, type Column } from "../components/DataTable";
import { EmptyState, ErrorBox, Section, useLoad, usePeriodLabel } from "../components/common";
import { useApp } from "../context";
import { formatPercent } from "../format";
import type { FrameReport, FrameRow } from "../types";

export function Variance() {
  const { t, year, period, info, unit } = useApp();
  const label = usePeriodLabel();
  const [onlyOver, setOnlyOver] = useState(false);
  const report = useLoad(() => (year === null ? null : call<FrameReport>("investments", { year, period })), [year, period]);

  if (info && info.years.length === 0) return <EmptyState />;
  if (year === null) return null;
  const r = report.data;
  const cats: FrameRow[] = r ? [...r.areas.flatMap((a) => a.categories), ...(r.unclassified ? [r.unclassified] : [])] : [];
  const rows = onlyOver ? cats.filter((c) => c.over_frame) : cats;

  const cols: Column<FrameRow>[] = [
    { key: "area", header: t("inv.area"), value: (x) => x.area, className: "label" },
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
      <Section title={`${t("var.title")} ${label}`}>
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
    </div>
  );
}
