// One file's outcome after a run: imported (rows, control sum, what it
// replaced), unchanged, cancelled, or not imported with its cell errors.

import { useApp } from "../../context";
import { formatAmount, formatCount } from "../../format";
import type { ImportResult } from "../../types";

export function ResultCard({ r }: { r: ImportResult }) {
  const { t } = useApp();
  const o = r.outcome;
  const kr = (v: string) => formatAmount(v, { decimals: 2, suffix: true });
  if (!o && r.error?.code === "cancelled") {
    return (
      <div className="result cancelled" data-result={r.file}>
        <h3>
          ⊘ {r.file}: {t("imp.cancelled")}
        </h3>
      </div>
    );
  }
  if (!o) {
    return (
      <div className="result failed" data-result={r.file}>
        <h3>
          ✕ {r.file}: {t("imp.failed")}
        </h3>
        {r.error && (
          <>
            <p>{r.error.details.length === 0 && r.error.message}</p>
            {r.error.details.length > 0 && (
              <>
                <h4>{t("imp.errors")}</h4>
                <ul className="cell-errors">
                  {r.error.details.map((d, i) => (
                    <li key={i}>{d}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
    );
  }
  return (
    <div className={o.reconciled ? "result ok" : "result warn"} data-result={r.file}>
      <h3>
        {o.batch_id !== null ? `✓ ${r.file}: ${t("imp.ok")} (${t("imp.batch")} ${o.batch_id})` : `= ${r.file}: ${t("imp.unchanged", { batch: o.unchanged_as ?? "" })}`}
      </h3>
      <dl className="facts">
        <dt>{t("imp.rows")}</dt>
        <dd>{formatCount(o.rows)}</dd>
        <dt>{t("imp.controlSum")}</dt>
        <dd>{kr(o.control_sum)}</dd>
        <dt>{t("imp.sourceTotal")}</dt>
        <dd className={o.source_total === null ? "muted" : o.reconciled ? "good" : "bad"}>
          {o.source_total === null ? t("imp.noTotalRow") : o.reconciled ? `✓ ${t("imp.reconciled")} (${kr(o.source_total)})` : `✕ ${t("imp.notReconciled", { total: kr(o.source_total) })}`}
        </dd>
        {o.replaced.length > 0 && (
          <>
            <dt>{t("imp.replaced")}</dt>
            <dd>
              {o.replaced.map((x) => (
                <div key={x.batch_id}>
                  {x.file_name}: {x.scopes.join(", ")} ({formatCount(x.rows)} {t("common.rows")}, {kr(x.sum)})
                </div>
              ))}
            </dd>
          </>
        )}
        {o.unclassified > 0 && (
          <>
            <dt>{t("imp.unclassified")}</dt>
            <dd className="bad">
              {formatCount(o.unclassified)} ({kr(o.unclassified_sum)})
            </dd>
          </>
        )}
      </dl>
      {o.batch_id === null && o.message && <p className="muted">{o.message}</p>}
    </div>
  );
}
