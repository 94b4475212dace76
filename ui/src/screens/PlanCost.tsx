import { useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { ErrorBox, Section, useLoad } from "../components/common";
import { useApp } from "../context";
import type { Key } from "../i18n";
import type { PlanFigures, PlanFit } from "../types";

const ROWS: [Key, keyof PlanFigures][] = [
  ["plan.rowInvestment", "investment"],
  ["plan.rowExpense", "expense"],
  ["plan.rowDepreciation", "depreciation"],
  ["plan.rowInterest", "interest"],
  ["plan.rowRunning", "running_costs"],
  ["plan.rowSavings", "savings"],
  ["plan.rowNet", "net_effect"],
];

/**
 * A planned purchase's full cost per year (from its start through its
 * useful life): investment or expense and why, depreciation, interest,
 * running costs, savings and the net effect on the operating result.
 */
export function PlanCost({ plan, onClose }: { plan: PlanFit; onClose: () => void }) {
  const { t, fmt } = useApp();
  const cost = useLoad(() => cmd.planCost(plan.id, null, null), [plan.id]);
  const [saved, setSaved] = useState("");
  const [error, setError] = useState("");
  const c = cost.data;

  const save = async () => {
    setError("");
    try {
      const o = await cmd.exportPlan(plan.id, null, null);
      if (o) setSaved(o.path);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Section
      title={t("plan.costTitle", { text: plan.text })}
      id="plan-cost"
      actions={
        <>
          <button type="button" id="plan-cost-export" className="secondary" onClick={save}>
            {t("plan.exportCost")}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t("common.close")}
          </button>
        </>
      }
    >
      <ErrorBox error={error || cost.error} />
      {c && (
        <>
          <p id="plan-cost-treatment">
            <strong>{c.classification.treatment === "investment" ? t("plan.investment") : t("plan.expense")}</strong>
            {": "}
            {c.classification.reason_text}
          </p>
          <table className="report" id="plan-cost-table">
            <thead>
              <tr>
                <th scope="col">{t("plan.post")}</th>
                {c.years.map((y) => (
                  <th key={y.year} scope="col" className="amount">
                    {y.year}
                  </th>
                ))}
                <th scope="col" className="amount">
                  {t("common.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map(([label, field]) => (
                <tr key={field} className={field === "net_effect" ? "total" : undefined}>
                  <th scope="row" className="label">
                    {t(label)}
                  </th>
                  {c.years.map((y) => (
                    <td key={y.year} className="amount">
                      {fmt(y[field])}
                    </td>
                  ))}
                  <td className="amount">{fmt(c.total[field])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {saved && <p className="muted small">{t("plan.exported", { path: saved })}</p>}
    </Section>
  );
}
