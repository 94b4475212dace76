import { useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { DataTable, type Column } from "../components/DataTable";
import { ErrorBox, Outcome, Section, useLoad } from "../components/common";
import { useApp } from "../context";
import { formatHours, formatTimestamp } from "../format";
import type { Key } from "../i18n";
import type { BatchInfo } from "../types";

/** The store's batch state (Swedish words) → translation key. */
const STATE_KEYS: Record<string, Key> = {
  aktiv: "state.active",
  active: "state.active",
  "delvis ersatt": "state.partly replaced",
  "partly replaced": "state.partly replaced",
  ersatt: "state.replaced",
  replaced: "state.replaced",
  ångrad: "state.undone",
  undone: "state.undone",
};
export const isUndone = (state: string) => state === "ångrad" || state === "undone";
export const isActive = (state: string) => state === "aktiv" || state === "active";
export function stateLabel(state: string, t: (k: Key) => string): string {
  const k = STATE_KEYS[state];
  return k ? t(k) : state;
}

export function kindLabel(kind: string, t: (k: Key) => string, short = false): string {
  const k = (
    short
      ? { ledger: "kind.ledger", frames: "kind.frames", budget: "kind.budget", staff: "kind.staff", assets: "kind.assets", orders: "kind.orders" }
      : { ledger: "imp.ledger", frames: "imp.frames", budget: "imp.budget", staff: "imp.staff", assets: "imp.assets", orders: "imp.orders" }
  )[kind] as Key | undefined;
  return k ? t(k) : kind;
}

export function scopeText(b: { kind: string; scope_from: number | null; scope_to: number | null }): string {
  if (b.scope_from === null) return "";
  if (b.scope_to === null || b.scope_to === b.scope_from) return String(b.scope_from);
  return `${b.scope_from}–${b.scope_to}`;
}

export function History() {
  const { t, fmt, unit, changed, openLog } = useApp();
  const list = useLoad(() => cmd.batches(), []);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState<number | null>(null);

  const act = async (b: BatchInfo, undo: boolean) => {
    setBusy(b.id);
    setError("");
    setMessage("");
    try {
      const o = await (undo ? cmd.undoBatch : cmd.redoBatch)(b.id);
      setMessage(t(undo ? "hist.undone" : "hist.redone", { id: o.batch_id, rows: o.rows }));
      changed();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  // In the chosen unit like every other amount; an HR file's sum is hours, and says so.
  const sum = (b: BatchInfo) => (b.sum_unit === "hours" ? t("hist.hours", { hours: formatHours(b.control_sum) }) : fmt(b.control_sum, { dashZero: false }));
  const cols: Column<BatchInfo>[] = [
    { key: "id", header: t("hist.id"), kind: "number", value: (b) => b.id },
    { key: "kind", header: t("hist.kind"), value: (b) => kindLabel(b.kind, t, true) },
    {
      key: "file",
      header: t("hist.file"),
      value: (b) => `${b.file_name} ${b.sheet}`,
      render: (b) => (
        <span title={b.file_path}>
          {b.file_name}
          <br />
          <span className="muted small">
            {t("hist.sheet")} {b.sheet}
          </span>
        </span>
      ),
    },
    { key: "time", header: t("hist.time"), value: (b) => b.imported_at, render: (b) => formatTimestamp(b.imported_at), className: "nowrap" },
    { key: "scope", header: t("hist.scope"), value: (b) => scopeText(b), className: "nowrap" },
    { key: "rows", header: t("hist.rows"), kind: "number", value: (b) => b.row_count },
    { key: "sum", header: t("hist.sum"), kind: "amount", value: (b) => b.control_sum, render: (b) => sum(b) },
    { key: "state", header: t("hist.state"), value: (b) => stateLabel(b.state, t) },
    {
      key: "action",
      header: <span className="sr-only">{t("hist.undo")}</span>,
      sortable: false,
      value: () => null,
      render: (b) => (
        <span className="nowrap">
          {isUndone(b.state) ? (
          <button type="button" className="secondary small" disabled={busy !== null} onClick={() => act(b, false)}>
            {t("hist.redo")}
          </button>
        ) : (
          <button type="button" className="secondary small" disabled={busy !== null} onClick={() => act(b, true)}>
            {t("hist.undo")}
          </button>
          )}{" "}
          <button type="button" className="link small" data-log-batch={b.id} onClick={() => openLog(`batch ${b.id}`)}>
            {t("log.show")}
          </button>
        </span>
      ),
    },
  ];

  return (
    <div className="screen" id="screen-history">
      <Section title={t("hist.title")}>
        <ErrorBox error={list.error || error} />
        {message && <Outcome focusKey={message}>{message}</Outcome>}
        {list.data && (
          <DataTable
            id="history-table"
            caption={`${t("top.unit")} ${unit}.`}
            columns={cols}
            rows={[...list.data].reverse()}
            rowKey={(b) => String(b.id)}
            rowClass={(b) => (isActive(b.state) ? undefined : "dim")}
            empty={t("hist.empty")}
          />
        )}
      </Section>
    </div>
  );
}
