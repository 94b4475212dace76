import { useState, type FormEvent } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { DataTable, type Column } from "../components/DataTable";
import { Commitments } from "../components/Commitments";
import { Notices, areaName } from "../components/Notices";
import { EmptyState, ErrorBox, Section, useLoad, usePeriodLabel } from "../components/common";
import { useApp } from "../context";
import { formatAmount, formatCount, formatPercent } from "../format";
import type { CategoryYears, FrameReport, FrameRow, LineQuery, PlanFit } from "../types";
import { PlanCost } from "./PlanCost";

/** The columns of the reference table, with drill-down on every outcome figure. */
export function frameColumns(t: ReturnType<typeof useApp>["t"], year: number, withRemaining: boolean): Column<FrameRow>[] {
  const drill = (r: FrameRow, decision: string | null, what: string) => ({
    title: `${r.label} — ${what}`,
    query: { ...r.drill, decision } as LineQuery,
  });
  const cols: Column<FrameRow>[] = [
    // The core names the total row "Totalt" and unclassified lines "Ej klassificerat": shown in the user's language.
    { key: "label", header: t("inv.type"), value: (r) => (r.area === "Totalt" && !r.category ? t("common.total") : areaName(r.label, t)), className: "label" },
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
  const report = useLoad(() => (year === null ? null : cmd.investments(year, period)), [year, period]);
  const [area, setArea] = useState("IT");
  const from = year === null ? 0 : year - 4;
  const cats = useLoad(() => (year === null ? null : cmd.categories(area, from, year)), [area, year]);

  if (info && info.years.length === 0) return <EmptyState />;
  if (year === null) return null;
  const r = report.data;
  // an unclassified row made only of open orders has nothing for this table (Beställt is below)
  const rows: FrameRow[] = r ? [...r.areas, ...(r.unclassified && r.unclassified.lines > 0 ? [r.unclassified] : [])] : [];

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
            <Notices notices={r.notices} id="reference-notices" />
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
      {r && (
        <Section title={t("ord.sectionTitle", { year: label })} id="commitments">
          <Commitments report={r} />
        </Section>
      )}
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
      <PlannedPurchases year={year} frames={r} />
    </div>
  );
}

/** Fits the frame, and (stricter) Disponibelt once the open orders are counted. */
function planVerdict(p: PlanFit, t: ReturnType<typeof useApp>["t"]): string {
  if (!p.on_frame) return t("plan.onOperating");
  if (!p.fits) return t("plan.fitsNot");
  return p.fits_available ? t("plan.fits") : t("plan.fitsNotAvailable");
}

/**
 * Planned purchases (e.g. 2 500 service phones × unit price), each checked
 * against what is left of its kategori or område. The unit price is sent as
 * typed and parsed by the core ("3 876,00").
 */
function PlannedPurchases({ year, frames }: { year: number; frames: FrameReport | null }) {
  const { t, unit } = useApp();
  const plans = useLoad(() => cmd.plans(year), [year]);
  const [area, setArea] = useState("IT");
  const [category, setCategory] = useState("");
  const [text, setText] = useState("");
  const [quantity, setQuantity] = useState("");
  const [unitPrice, setUnitPrice] = useState("");
  const [life, setLife] = useState("");
  const [start, setStart] = useState("");
  const [monthly, setMonthly] = useState("");
  const [saving, setSaving] = useState("");
  const [together, setTogether] = useState(false);
  const [costFor, setCostFor] = useState<PlanFit | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  const categories = (frames?.areas.find((a) => a.area === area)?.categories ?? []).flatMap((c) => (c.category ? [c.category] : []));

  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError("");
    try {
      await f();
      plans.reload();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const q = quantity.replace(/[\s\u00a0]/g, "");
    if (!text.trim()) return setError(t("plan.needText"));
    if (!/^\d+$/.test(q) || Number(q) <= 0 || !Number.isSafeInteger(Number(q))) return setError(t("plan.badQuantity"));
    const given = [life, start, monthly, saving].some((v) => v.trim() !== "") || together;
    // Without costing inputs the argument is left out: the core takes the kategori's life from January.
    const costing = given
      ? {
          life_years: /^\d+$/.test(life.trim()) ? Number(life.trim()) : null,
          start: /^\d{6}$/.test(start.trim()) ? Number(start.trim()) : null,
          monthly_cost_per_unit: monthly.trim() || null,
          yearly_running_cost: null,
          yearly_saving: saving.trim() || null,
          counted_together: together,
        }
      : (undefined as unknown as null);
    const ok = await run(() =>
      cmd.addPlan(year, area, category || null, text.trim(), Number(q), unitPrice, costing),
    );
    if (ok) {
      setText("");
      setQuantity("");
      setUnitPrice("");
      setLife("");
      setStart("");
      setMonthly("");
      setSaving("");
      setTogether(false);
    }
  };

  const remove = (p: PlanFit) => run(() => cmd.removePlan(p.id));

  const cols: Column<PlanFit>[] = [
    { key: "text", header: t("plan.text"), value: (p) => p.text, className: "label" },
    { key: "frame", header: t("plan.frame"), value: (p) => `${p.area} / ${p.category ?? t("plan.wholeArea")}` },
    { key: "quantity", header: t("plan.quantity"), kind: "number", value: (p) => p.quantity, render: (p) => formatCount(p.quantity) },
    { key: "unit_price", header: t("plan.unitPrice"), kind: "amount", value: (p) => p.unit_price, render: (p) => formatAmount(p.unit_price, { decimals: 2 }) },
    { key: "amount", header: t("plan.amount"), kind: "amount", value: (p) => p.amount },
    { key: "remaining_before", header: t("plan.before"), kind: "amount", value: (p) => p.remaining_before },
    { key: "remaining_after", header: t("plan.after"), kind: "amount", value: (p) => p.remaining_after, className: "remaining" },
    { key: "available_after", header: t("plan.availableAfter"), kind: "amount", value: (p) => p.available_after, className: "available" },
    {
      key: "fits",
      header: t("plan.fit"),
      value: (p) => planVerdict(p, t),
      render: (p) =>
        !p.on_frame ? (
          <span className="muted">{t("plan.onOperating")}</span>
        ) : (
          <span className={p.fits && p.fits_available ? "good" : "bad"}>{planVerdict(p, t)}</span>
        ),
    },
    {
      key: "treatment",
      header: t("plan.treatment"),
      value: (p) => (p.classification.treatment === "investment" ? t("plan.investment") : t("plan.expense")),
    },
    {
      key: "cost",
      header: "",
      sortable: false,
      value: () => "",
      render: (p) => (
        <button type="button" className="secondary plan-cost-open" onClick={() => setCostFor(p)} aria-label={t("plan.showCost", { text: p.text })}>
          {t("plan.costing")}
        </button>
      ),
    },
    {
      key: "remove",
      header: "",
      sortable: false,
      value: () => "",
      render: (p) => (
        <button type="button" className="secondary" onClick={() => remove(p)} disabled={busy} aria-label={t("plan.remove", { text: p.text })}>
          {t("common.delete")}
        </button>
      ),
    },
  ];

  return (
    <Section title={t("plan.title", { year })} id="plans">
      <p className="muted">{t("plan.help")}</p>
      <form className="row-inputs" onSubmit={add} aria-label={t("plan.title", { year })}>
        <label>
          {t("plan.area")}{" "}
          <select
            value={area}
            onChange={(e) => {
              setArea(e.target.value);
              setCategory("");
            }}
          >
            <option value="IT">IT</option>
            <option value="MT">MT</option>
          </select>
        </label>
        <label>
          {t("plan.category")}{" "}
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t("plan.wholeArea")}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("plan.text")}{" "}
          <input id="plan-text" value={text} onChange={(e) => setText(e.target.value)} placeholder={t("plan.textPlaceholder")} />
        </label>
        <label>
          {t("plan.quantity")}{" "}
          <input id="plan-quantity" value={quantity} onChange={(e) => setQuantity(e.target.value)} placeholder="2 500" inputMode="numeric" size={8} />
        </label>
        <label>
          {t("plan.unitPrice")}{" "}
          <input id="plan-unit-price" value={unitPrice} onChange={(e) => setUnitPrice(e.target.value)} placeholder="3 876,00" inputMode="decimal" size={12} />
        </label>
        <label>
          {t("plan.lifeYears")}{" "}
          <input id="plan-life" value={life} onChange={(e) => setLife(e.target.value)} placeholder="3" inputMode="numeric" size={3} />
        </label>
        <label>
          {t("plan.start")}{" "}
          <input id="plan-start" value={start} onChange={(e) => setStart(e.target.value)} placeholder={`${year}01`} inputMode="numeric" size={7} />
        </label>
        <label>
          {t("plan.monthlyCost")}{" "}
          <input value={monthly} onChange={(e) => setMonthly(e.target.value)} placeholder="150,00" inputMode="decimal" size={8} />
        </label>
        <label>
          {t("plan.yearlySaving")}{" "}
          <input value={saving} onChange={(e) => setSaving(e.target.value)} placeholder="1 200 000" inputMode="decimal" size={10} />
        </label>
        <label>
          <input id="plan-together" type="checkbox" checked={together} onChange={(e) => setTogether(e.target.checked)} /> {t("plan.countedTogether")}
        </label>
        <button type="submit" id="plan-add" disabled={busy}>
          {t("plan.add")}
        </button>
      </form>
      <p className="muted small">{t("plan.example")}</p>
      <ErrorBox error={error || plans.error} />
      {plans.data && (
        <DataTable
          id="plan-table"
          caption={t("plan.caption", { unit })}
          columns={cols}
          rows={plans.data.plans}
          rowKey={(p) => String(p.id)}
          rowClass={(p) => (p.fits && (p.fits_available || !p.on_frame) ? undefined : "over")}
          filter={false}
          empty={t("plan.none")}
        />
      )}
      {costFor && <PlanCost plan={costFor} onClose={() => setCostFor(null)} />}
    </Section>
  );
}
