import { useState } from "react";
import { call } from "../api";
import { DataTable, type Column } from "../components/DataTable";
import { EmptyState, ErrorBox, Section, useLoad, usePeriodLabel } from "../components/common";
import { useApp } from "../context";
import { formatPercent } from "../format";
import type { CategoryReport, CategoryYears, FrameReport, FrameRow, LineQuery } from "../types";

/** The columns of the reference table, with drill-down on every outcome figure. */
export function frameColumns(t: ReturnType<typeof useApp>["t"], year: number, withRemaining: boolean): Column<FrameRow>[] {
  const drill = (r: FrameRow, decision: string | null, what: string) => ({
    title: `${r.label} — ${what}`,
    query: { ...r.drill, decision } as LineQuery,
  });
  const cols: Column<FrameRow>[] = [
    { key: "label", header: t("inv.type"), value: (r) => r.label, className: "label" },
    { key: "decided", header: t("inv.decided", { year }), kind: "amount", value: (r) => r.decided },
    { key: "extended", header: t("inv.extended", { year }), kind: "amount", value: (r) => r.extended },
    { key: "total_frame", header: t("inv.totalFrame", { year }), kind: "amount", value: (r) => r.total_frame },
    {
      key: "outcome_before",
      header: t("inv.outcomeBefore", { year }),
      kind: "amount",
      value: (r) => r.outcome_before,
      drill: (r) => drill(r, "before", t("inv.outcomeBefore", { year })),
    },
    {
      key: "outcome_year",
      header: t("inv.outcomeYear", { year }),
      kind: "amount",
      value: (r) => r.outcome_year,
      drill: (r) => drill(r, "year", t("inv.outcomeYear", { year })),
    },
    {
      key: "outcome_total",
      header: t("inv.outcomeTotal", { year }),
      kind: "amount",
      value: (r) => r.outcome_total,
      drill: (r) => drill(r, null, t("inv.outcomeTotal", { year })),
    },
  ];
  if (withRemaining) {
    cols.push(
      { key: "remaining", header: t("inv.remaining"), kind: "amount", value: (r) => r.remaining, className: "remaining" },
      { key: "utilisation", header: t("inv.utilisation"), kind: "number", value: (r) => r.utilisation, render: (r) => formatPercent(r.utilisation) },
    );
  }
  return cols;
}

export function Investments() {
  const { t, year, period, info, unit } = useApp();
  const label = usePeriodLabel();
  const report = useLoad(() => (year === null ? null : call<FrameReport>("investments", { year, period })), [year, period]);
  const [area, setArea] = useState("IT");
  const from = year === null ? 0 : year - 4;
  const cats = useLoad(() => (year === null ? null : call<CategoryReport>("categories", { area, from, to: year })), [area, year]);

  if (info && info.years.length === 0) return <EmptyState />;
  if (year === null) return null;
  const r = report.data;
  const rows: FrameRow[] = r ? [...r.areas, ...(r.unclassified ? [r.unclassified] : [])] : [];

  const catCols: Column<CategoryYears>[] = [
    { key: "category", header: t("inv.category"), value: (c) => c.category, className: "label" },
    ...(cats.data?.years ?? []).map(
      (y, i): Column<CategoryYears> => ({
        key: `y${y}`,
        header: String(y),
        kind: "amount",
        value: (c) => c.cells[i]?.amount ?? null,
        drill: (c) => (c.cells[i] ? { title: `${cats.data?.area} ${c.category} ${y}`, query: c.cells[i].drill } : null),
      }),
    ),
    { key: "total", header: t("common.total"), kind: "amount", value: (c) => c.total },
  ];

  return (
    <div className="screen" id="screen-investments">
      <Section title={t("inv.reference", { year: label })} id="reference">
        <ErrorBox error={report.error} />
        {r && (
          <>
            {r.warnings.length > 0 && (
              <ul className="warnings">
                {r.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
            <DataTable
              id="reference-table"
              caption={`${t("top.unit")} ${unit}. ${t("common.clickToDrill")}`}
              columns={frameColumns(t, year, true)}
              rows={rows}
              footer={[r.total]}
              rowKey={(x) => x.key}
              rowClass={(x) => (x.over_frame ? "over" : undefined)}
              comment={{ key: (x) => x.key, value: (x) => x.comment }}
              filter={false}
            />
          </>
        )}
      </Section>
      <Section
        title={t("inv.categories")}
        id="categories"
        actions={
          <label>
            {t("inv.area")}{" "}
            <select value={area} onChange={(e) => setArea(e.target.value)} aria-label={t("inv.area")}>
              <option value="IT">IT</option>
              <option value="MT">MT</option>
            </select>
          </label>
        }
      >
        <ErrorBox error={cats.error} />
        {cats.data && (
          <DataTable
            id="category-table"
            caption={`${cats.data.area}, ${t("inv.years").toLowerCase()} ${from}–${year}. ${t("top.unit")} ${unit}.`}
            columns={catCols}
            rows={cats.data.rows}
            footer={[{ ...cats.data.total, category: t("common.total") }]}
            rowKey={(c) => c.category}
          />
        )}
      </Section>
    </div>
  );
}
