import { useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { useApp } from "../context";
import { formatPeriod, formatTimestamp } from "../format";
import type { PeriodClosed, SignoffChecks } from "../types";
import { ErrorBox, Section, useLoad } from "./common";

/** The checks a sign-off ran (or would run), each ok or to look at. */
export function CheckList({ checks }: { checks: SignoffChecks }) {
  const { t } = useApp();
  return (
    <ul className="checks" id="signoff-checks">
      {checks.checks.map((c) => (
        <li key={c.name} className={c.ok ? "ok" : "warn"} data-check={c.name}>
          <strong>{c.ok ? "✓" : "!"} {c.label}</strong>: {c.detail}
          {c.items.length > 0 && (
            <ul>
              {c.items.map((i) => (
                <li key={i} className="small">
                  {i}
                </li>
              ))}
            </ul>
          )}
          {!c.ok && <span className="sr-only">{t("ctl.toLook")}</span>}
        </li>
      ))}
    </ul>
  );
}

/** Reopening needs a reason: a small dialog that will not send an empty one. */
function ReasonDialog({ period, onDone, onCancel }: { period: number; onDone: () => void; onCancel: () => void }) {
  const { t, lang } = useApp();
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const send = async () => {
    setError("");
    try {
      await cmd.reopenPeriod(period, reason);
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="modal-backdrop">
      <div className="modal small" role="dialog" aria-modal="true" aria-labelledby="reopen-title" id="reopen-dialog">
        <header className="modal-head">
          <h2 id="reopen-title">{t("ctl.reopenTitle", { period: formatPeriod(period, lang) })}</h2>
        </header>
        <label>
          {t("ctl.reason")}
          <textarea id="reopen-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
        </label>
        <ErrorBox error={error} />
        <div className="buttons">
          <button type="button" id="reopen-confirm" disabled={reason.trim() === ""} onClick={send}>
            {t("ctl.reopen")}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * Month sign-off (klarmarkering) for the chosen year: close a period (the
 * checks are shown and recorded) or reopen one with a reason.
 */
export function PeriodClose() {
  const { t, lang, year, period, info, changed, openLog } = useApp();
  const periods = useLoad(() => (year === null ? null : cmd.periods(year)), [year]);
  const last = info?.last_periods.find(([y]) => y === year)?.[1] ?? null;
  const [chosen, setChosen] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const [result, setResult] = useState<PeriodClosed | null>(null);
  const [reopen, setReopen] = useState<number | null>(null);
  const [error, setError] = useState("");
  if (year === null) return null;
  const target = chosen ?? period ?? last ?? year * 100 + 12;
  const closed = periods.data?.closed ?? [];
  const isClosed = closed.includes(target);
  const months = Array.from({ length: 12 }, (_, i) => year * 100 + i + 1);

  const close = async () => {
    setError("");
    setResult(null);
    try {
      setResult(await cmd.closePeriod(target, note));
      setNote("");
      changed();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Section title={t("ctl.signoff")} id="period-close">
      <p className="muted small">{t("ctl.signoffHelp")}</p>
      <div className="buttons">
        <label>
          {t("top.period")}{" "}
          <select id="close-period" value={target} onChange={(e) => setChosen(Number(e.target.value))}>
            {months.map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p, lang)}
                {closed.includes(p) ? ` (${t("ctl.closed")})` : ""}
              </option>
            ))}
          </select>
        </label>
        {isClosed ? (
          <button type="button" id="reopen-period" className="secondary" onClick={() => setReopen(target)}>
            {t("ctl.reopen")}
          </button>
        ) : (
          <>
            <input id="close-note" placeholder={t("ctl.note")} value={note} onChange={(e) => setNote(e.target.value)} />
            <button type="button" id="close-period-button" onClick={close}>
              {t("ctl.close")}
            </button>
          </>
        )}
        <button type="button" className="link" onClick={() => openLog(String(target))}>
          {t("ctl.periodLog")}
        </button>
      </div>
      <ErrorBox error={periods.error || error} />
      {result && (
        <div id="close-result" role="status">
          <p className="notice">
            {t("ctl.closedBy", { period: formatPeriod(result.event.period, lang), user: result.event.user, at: formatTimestamp(result.event.at) })}
          </p>
          <CheckList checks={result.checks} />
        </div>
      )}
      {reopen !== null && (
        <ReasonDialog
          period={reopen}
          onCancel={() => setReopen(null)}
          onDone={() => {
            setReopen(null);
            setResult(null);
            changed();
          }}
        />
      )}
    </Section>
  );
}
