import { useEffect, useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { DataTable, type Column } from "../components/DataTable";
import { PeriodClose } from "../components/PeriodClose";
import { ErrorBox, Section, useLoad } from "../components/common";
import { useApp } from "../context";
import { formatTimestamp } from "../format";
import type { Key } from "../i18n";
import type { AuditEntry, ChainCheck } from "../types";

/** The log's kinds, as `--kind` names them; a family ("period") takes both of its kinds. */
const KINDS = ["import", "undo", "redo", "restore", "rules", "reclassify", "setting", "comment", "plan", "period"] as const;

export function operationLabel(op: string, t: (k: Key) => string): string {
  const k = `log.op.${op}` as Key;
  const s = t(k) as string | undefined;
  return s && s !== k ? s : op;
}

/** A summary's JSON, indented, for the row's details. */
function pretty(summary: string): string {
  try {
    return JSON.stringify(JSON.parse(summary), null, 2);
  } catch {
    return summary;
  }
}

/** One line of what an entry changed, for the table. */
function gist(e: AuditEntry): string {
  try {
    const s = JSON.parse(e.summary) as Record<string, unknown>;
    if ("before" in s && "after" in s && typeof s.after !== "object") return `${s.before ?? "–"} → ${s.after ?? "–"}`;
    if (typeof s.file === "string") return `${s.file}${typeof s.rows === "number" ? `, ${s.rows}` : ""}`;
    if (typeof s.reason === "string") return s.reason;
    if (typeof s.note === "string") return s.note;
    if (typeof s.changed === "number") return `${s.changed}`;
  } catch {
    /* shown as it is */
  }
  return e.summary.length > 80 ? e.summary.slice(0, 80) + "…" : e.summary;
}

/** The audit log with filters, the chain's check, and month sign-off. */
export function Log() {
  const { t, logSubject, openLog } = useApp();
  const [kind, setKind] = useState("");
  const [since, setSince] = useState("");
  const [subject, setSubject] = useState(logSubject ?? "");
  const [open, setOpen] = useState<number | null>(null);
  const [chain, setChain] = useState<ChainCheck | null>(null);
  const [error, setError] = useState("");
  useEffect(() => setSubject(logSubject ?? ""), [logSubject]);
  const entries = useLoad(
    () => cmd.auditLog({ kind: kind || null, since: since || null, subject: subject.trim() || null }),
    [kind, since, subject],
  );

  const verify = async () => {
    setError("");
    try {
      setChain(await cmd.verifyLog());
    } catch (e) {
      setError(errorText(e));
    }
  };

  const cols: Column<AuditEntry>[] = [
    { key: "id", header: t("log.id"), kind: "number", value: (e) => e.id },
    { key: "at", header: t("log.at"), value: (e) => e.at, render: (e) => formatTimestamp(e.at), className: "nowrap" },
    { key: "user", header: t("log.user"), value: (e) => e.user },
    { key: "operation", header: t("log.operation"), value: (e) => operationLabel(e.operation, t) },
    {
      key: "subject",
      header: t("log.subject"),
      value: (e) => e.subject,
      render: (e) => (
        <button type="button" className="link" onClick={() => openLog(e.subject)} title={t("log.onlyThis")}>
          {e.subject}
        </button>
      ),
    },
    {
      key: "summary",
      header: t("log.summary"),
      sortable: false,
      value: (e) => e.summary,
      render: (e) =>
        open === e.id ? (
          <pre className="summary" onClick={() => setOpen(null)}>
            {pretty(e.summary)}
          </pre>
        ) : (
          <button type="button" className="link small" onClick={() => setOpen(e.id)} title={t("log.details")}>
            {gist(e)}
          </button>
        ),
    },
  ];

  return (
    <div className="screen" id="screen-log">
      <PeriodClose />
      <Section
        title={t("log.title")}
        actions={
          <button type="button" className="secondary" id="verify-log" onClick={verify}>
            {t("log.verify")}
          </button>
        }
      >
        <p className="muted small">{t("log.help")}</p>
        {chain && (
          <p id="chain-status" className={chain.broken ? "error" : "notice"} role="status">
            {chain.broken
              ? t("log.broken", { id: chain.broken.id, at: chain.broken.at, op: chain.broken.operation, reason: chain.broken.reason })
              : t("log.whole", { n: chain.entries })}
          </p>
        )}
        <div className="buttons filters">
          <label>
            {t("log.kind")}{" "}
            <select id="log-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">{t("log.allKinds")}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {operationLabel(k, t)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("log.since")} <input id="log-since" type="date" value={since} onChange={(e) => setSince(e.target.value)} />
          </label>
          <label>
            {t("log.subject")} <input id="log-subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
          </label>
          {(kind || since || subject) && (
            <button
              type="button"
              className="link"
              onClick={() => {
                setKind("");
                setSince("");
                setSubject("");
                openLog(null);
              }}
            >
              {t("log.clear")}
            </button>
          )}
        </div>
        <ErrorBox error={entries.error || error} />
        {entries.data && (
          <DataTable
            id="log-table"
            columns={cols}
            rows={[...entries.data].reverse()}
            rowKey={(e) => String(e.id)}
            empty={t("log.empty")}
          />
        )}
      </Section>
    </div>
  );
}
