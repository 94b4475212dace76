import { useState } from "react";
import { useApp } from "../context";
import { formatPeriod } from "../format";
import type { FrameReport, FrameRow } from "../types";
import { DataTable, type Column } from "./DataTable";
import { areaName } from "./Notices";
import { OrdersDrill, type OrdersDrillSpec } from "./OrdersDrill";
import { usePeriodLabel } from "./common";

/** A row's label in the user's language: the total and "Ej klassificerat" are the core's words. */
function rowLabel(r: FrameRow, t: ReturnType<typeof useApp>["t"]): string {
  if (r.area === "Totalt" && !r.category) return t("common.total");
  return areaName(r.label, t);
}

/**
 * Beställt and Disponibelt per område and kategori: total frame − outcome −
 * open orders − planned purchases, with the latest investment forecast
 * beside it. A Beställt figure opens the orders behind it.
 */
export function Commitments({ report }: { report: FrameReport }) {
  const { t, unit, fmt, lang } = useApp();
  const label = usePeriodLabel();
  const [spec, setSpec] = useState<OrdersDrillSpec | null>(null);
  const round = report.forecast_round;
  const rows: FrameRow[] = [
    ...report.areas.flatMap((a) => [a as FrameRow, ...a.categories]),
    ...(report.unclassified ? [report.unclassified] : []),
  ];

  const cols: Column<FrameRow>[] = [
    {
      key: "label",
      header: t("inv.type"),
      value: (r) => (r.category ? `${r.area} / ${rowLabel(r, t)}` : rowLabel(r, t)),
      render: (r) => (r.category ? areaName(r.category, t) : rowLabel(r, t)),
      className: "label",
    },
    { key: "total_frame", header: t("inv.totalFrame", { year: report.year }), kind: "amount", value: (r) => r.total_frame },
    { key: "outcome_total", header: t("ord.outcome"), kind: "amount", value: (r) => r.outcome_total },
    {
      key: "committed",
      header: t("ord.committed"),
      kind: "amount",
      value: (r) => r.committed,
      render: (r) =>
        r.orders > 0 ? (
          <button
            type="button"
            className="drill orders-open"
            title={t("ord.open")}
            onClick={() => setSpec({ title: `${rowLabel(r, t)} — ${t("ord.committed")}`, query: r.orders_drill })}
          >
            {fmt(r.committed)}
          </button>
        ) : (
          fmt(r.committed)
        ),
    },
    { key: "planned", header: t("ord.planned"), kind: "amount", value: (r) => r.planned },
    {
      key: "available",
      header: t("ord.available"),
      kind: "amount",
      value: (r) => r.available,
      render: (r) => <span className={r.available.startsWith("-") ? "bad" : undefined}>{fmt(r.available)}</span>,
      className: "available",
    },
  ];
  if (round !== null) {
    cols.push(
      { key: "forecast", header: t("ord.forecast", { round: formatPeriod(round, lang) }), kind: "amount", value: (r) => r.forecast },
      { key: "forecast_variance", header: t("ord.forecastVariance"), kind: "amount", value: (r) => r.forecast_variance },
    );
  }

  return (
    <>
      <p className="muted">{t("ord.help")}</p>
      <DataTable
        id="commitments-table"
        caption={`${t("ord.caption", { period: label })} ${t("top.unit")} ${unit}.`}
        columns={cols}
        rows={rows}
        footer={[report.total]}
        rowKey={(x) => x.key}
        rowClass={(x) => [x.category ? "sub" : "", x.available.startsWith("-") ? "over" : ""].join(" ").trim() || undefined}
        filter={false}
      />
      <OrdersDrill spec={spec} onClose={() => setSpec(null)} />
    </>
  );
}
