import { useEffect, useState } from "react";
import { errorText, isAppError } from "../api";
import * as cmd from "../commands";
import { useApp } from "../context";
import { amountToNumber, formatAmount } from "../format";
import type { ForecastEntry, ForecastRounds as Rounds, RoundRow } from "../types";
import { ErrorBox, Section, useLoad } from "./common";

/**
 * The forecast rounds (prognosomgångar) side by side on Avvikelser: each
 * round's forecast against the budget (surplus positive), the change from the
 * round before, and once the year is complete the outcome and each round's
 * deviation from it; a small chart of the result round by round; a form to
 * set one row of a round, a button to import a round's file and one to
 * lock (fastställa) a round.
 */
export function ForecastRounds() {
  const { t, year, period, fmt } = useApp();
  const report = useLoad(() => (year === null ? null : cmd.forecastRounds(year, period)), [year, period]);
  const r = report.data;
  if (year === null || (!r && !report.error)) return null;
  return (
    <Section title={`${t("fc.title")} ${year}`} id="forecast-rounds">
      <p className="muted">{t("fc.help")}</p>
      <ErrorBox error={report.error} />
      {r && r.rounds.length === 0 && <p className="muted">{t("fc.none")}</p>}
      {r && r.rounds.length > 0 && (
        <>
          <RoundsTable r={r} fmt={fmt} />
          <ResultChart r={r} />
        </>
      )}
      {r && <SetForm r={r} year={year} onDone={report.reload} />}
    </Section>
  );
}

function roundName(id: string, t: ReturnType<typeof useApp>["t"]): string {
  return id === "budget" ? t("fc.budgetRound") : id;
}

function RoundsTable({ r, fmt }: { r: Rounds; fmt: ReturnType<typeof useApp>["fmt"] }) {
  const { t } = useApp();
  const rows: RoundRow[] = [...r.rows, { ...r.result, label: t("var.result") }];
  return (
    <div className="table-wrap">
      <table id="forecast-table" className="data">
        <thead>
          <tr>
            <th scope="col">{t("var.costType")}</th>
            {r.rounds.map((h) => (
              <th key={h.id} scope="col" className="num">
                {roundName(h.id, t)}
                {h.locked && h.period !== null ? ` (${t("fc.locked")})` : ""}
              </th>
            ))}
            {r.outcome_complete && (
              <th scope="col" className="num">
                {t("var.outcome")}
              </th>
            )}
            {r.outcome_complete &&
              r.rounds.map((h) => (
                <th key={`dev-${h.id}`} scope="col" className="num">
                  {t("fc.deviation", { round: roundName(h.id, t) })}
                </th>
              ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((x) => (
            <tr key={x.key} className={x.cost_type ? "sub" : "group"} data-key={x.key}>
              {/* kostnadsslag and groups are names from the data; the result row is ours */}
              <th scope="row" className="label" translate={x.key === r.result.key ? undefined : "no"}>
                {x.label}
              </th>
              {x.cells.map((c) => (
                <td key={c.round} className="num" title={c.change !== null ? `${t("fc.change")} ${fmt(c.change)}` : undefined}>
                  {fmt(c.forecast_variance)}
                </td>
              ))}
              {r.outcome_complete && <td className="num">{fmt(x.outcome_variance)}</td>}
              {r.outcome_complete &&
                x.cells.map((c) => (
                  <td key={`dev-${c.round}`} className={`num deviation${c.deviation?.startsWith("-") ? " negative" : ""}`}>
                    {fmt(c.deviation)}
                  </td>
                ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The result forecast per round as bars, the outcome as a line across them. */
function ResultChart({ r }: { r: Rounds }) {
  const { t } = useApp();
  const cells = r.result.cells;
  const barW = 70;
  // drawn at its own size: scaled to the page's width it would tower over the table
  const width = 40 + cells.length * (barW + 30) + 160;
  const height = 160;
  const values = [...cells.map((c) => amountToNumber(c.forecast_variance)), amountToNumber(r.result.outcome_variance)];
  const max = Math.max(1, ...values.map(Math.abs));
  // the zero line: mid-height when some figure is negative, else near the bottom
  const mid = values.some((v) => v < 0) ? height / 2 : height - 30;
  const y = (v: number) => mid - (v / max) * (mid - 20);
  const outcome = r.result.outcome_variance;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={t("fc.chart")} width={width} height={height + 20}>
        <line x1={0} x2={width} y1={mid} y2={mid} className="axis" stroke="currentColor" strokeOpacity={0.3} />
        {cells.map((c, i) => {
          const v = amountToNumber(c.forecast_variance);
          const x = 20 + i * (barW + 30);
          return (
            <g key={c.round}>
              <rect x={x} width={barW} y={Math.min(y(v), mid)} height={Math.abs(y(v) - mid)} className="bar-frame" />
              <text x={x + barW / 2} y={Math.max(y(v), mid) + 14} textAnchor="middle">
                {roundName(c.round, t)}
              </text>
              <text x={x + barW / 2} y={Math.min(y(v), mid) - 4} textAnchor="middle">
                {formatAmount(c.forecast_variance, { unit: "mnkr", suffix: true })}
              </text>
            </g>
          );
        })}
        {outcome !== null && (
          <g>
            <line x1={0} x2={width} y1={y(amountToNumber(outcome))} y2={y(amountToNumber(outcome))} className="bar-outcome" stroke="currentColor" strokeDasharray="6 4" />
            <text x={width - 4} y={y(amountToNumber(outcome)) - 4} textAnchor="end">
              {t("var.outcome")} {formatAmount(outcome, { unit: "mnkr", suffix: true })}
            </text>
          </g>
        )}
      </svg>
      <figcaption className="muted">{t("fc.chart")}</figcaption>
    </figure>
  );
}

function SetForm({ r, year, onDone }: { r: Rounds; year: number; onDone: () => void }) {
  const { t, fmt } = useApp();
  const costTypes = r.rows.filter((x) => x.cost_type).map((x) => x.cost_type as string);
  const [round, setRound] = useState(`${year}10`);
  const [costType, setCostType] = useState(costTypes[0] ?? "");
  const [vo, setVo] = useState("");
  const [amount, setAmount] = useState("");
  const [comment, setComment] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  // The rows as they are now: the one this form changes is shown, and saved
  // over — someone else's change since is refused, not overwritten.
  const [entries, setEntries] = useState<ForecastEntry[] | null>(null);
  const load = () =>
    cmd.forecasts(year).then(
      (l) => setEntries(l.entries),
      () => setEntries(null),
    );
  useEffect(() => {
    void load();
  }, [year]);
  const current = entries?.find(
    (e) => e.kind === "operating" && String(e.round) === round.trim() && e.cost_type === costType && (e.vo ?? "") === vo.trim(),
  );
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError("");
    try {
      await f();
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      void load();
    }
  };
  const save = () =>
    run(() =>
      cmd.setForecast({
        round: round.trim(),
        cost_type: costType,
        vo: vo.trim() || null,
        area: null,
        category: null,
        amount,
        comment: comment.trim() || null,
        over: entries ? (current?.amount ?? "") : undefined,
      }),
    );
  const lock = () => run(() => cmd.lockForecast(Number(round.trim())));
  return (
    <form
      className="form-row"
      id="forecast-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        {t("fc.round")} <input id="forecast-round" value={round} onChange={(e) => setRound(e.target.value)} size={8} />
      </label>
      <label>
        {t("var.costType")}{" "}
        <select id="forecast-cost-type" translate="no" value={costType} onChange={(e) => setCostType(e.target.value)}>
          {costTypes.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("fc.vo")} <input id="forecast-vo" value={vo} onChange={(e) => setVo(e.target.value)} placeholder={t("fc.allVo")} />
      </label>
      <label>
        {t("fc.amount")} <input id="forecast-amount" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="36 000 000,00" />
      </label>
      {entries && (
        <span className="muted small" id="forecast-current">
          {current ? t("fc.current", { amount: fmt(current.amount, { unit: "kr", decimals: 2, suffix: true, dashZero: false }) }) : t("fc.noCurrent")}
        </span>
      )}
      <label>
        {t("common.comment")} <input id="forecast-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="submit" id="forecast-save" disabled={busy || amount.trim() === ""}>
        {t("common.save")}
      </button>
      <button type="button" id="forecast-lock" disabled={busy} onClick={() => void lock()}>
        {t("fc.lock")}
      </button>
      <ImportFile round={round} onDone={onDone} />
      <ErrorBox error={error} />
    </form>
  );
}

/**
 * "Importera prognosfil…": a round's workbook chosen in the app's file
 * dialog, imported into the round typed beside it. When the round already
 * has rows of the file's kinds the core refuses (`conflict`), as the CLI
 * does without --replace; the user is asked whether to replace them.
 */
export function ImportFile({ round, onDone }: { round: string; onDone: () => void }) {
  const { t } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [ask, setAsk] = useState<{ path: string; message: string } | null>(null);
  const run = async (path: string, replace: boolean) => {
    setBusy(true);
    setError("");
    setDone("");
    setAsk(null);
    try {
      const o = await cmd.importForecastFile(path, Number(round.trim()), replace);
      setDone(t("fc.imported", { file: o.file_name, round: String(o.round), operating: String(o.operating_rows), investments: String(o.investment_rows) }));
      onDone();
    } catch (e) {
      if (!replace && isAppError(e) && e.code === "conflict") setAsk({ path, message: e.message });
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const pick = async () => {
    setError("");
    try {
      const files = await cmd.pickImportFiles();
      if (files.length > 0) await run(files[0].path, false);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <button type="button" id="forecast-import" className="secondary" disabled={busy || !/^\d{6}$/.test(round.trim())} onClick={() => void pick()}>
        {t("fc.importFile")}
      </button>
      {done && (
        <p className="good" id="forecast-import-result" role="status">
          {done}
        </p>
      )}
      {ask && (
        <div className="confirm" id="forecast-replace" role="alertdialog" aria-label={t("fc.replaceTitle")}>
          <p>{ask.message}</p>
          <button type="button" id="forecast-replace-yes" disabled={busy} onClick={() => void run(ask.path, true)}>
            {t("fc.replace")}
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setAsk(null)}>
            {t("common.cancel")}
          </button>
        </div>
      )}
      <ErrorBox error={error} />
    </>
  );
}
