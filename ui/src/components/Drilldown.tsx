import { useEffect, useRef, useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { useApp } from "../context";
import { formatAmount, formatCount } from "../format";
import type { LineRow, Lines } from "../types";
import { DataTable, type Column } from "./DataTable";
import { Modal } from "./Modal";

export const DRILL_LIMIT = 1000;

export function lineColumns(t: ReturnType<typeof useApp>["t"]): Column<LineRow>[] {
  return [
    { key: "period", header: t("drill.period"), kind: "number", value: (l) => l.period },
    { key: "date", header: t("drill.date"), value: (l) => l.date },
    { key: "konto", header: t("drill.konto"), value: (l) => l.konto },
    { key: "ansvar", header: t("drill.ansvar"), value: (l) => l.ansvar },
    { key: "projekt", header: t("drill.projekt"), value: (l) => l.projekt },
    { key: "verifikation", header: t("drill.verifikation"), value: (l) => l.verifikation },
    { key: "text", header: t("drill.text"), value: (l) => l.text, className: "wrap" },
    {
      key: "amount",
      header: t("drill.amount"),
      kind: "amount",
      value: (l) => l.amount,
      render: (l) => formatAmount(l.amount, { decimals: 2 }),
    },
    {
      key: "class",
      header: t("drill.classification"),
      value: (l) => [l.area, l.category, l.decision_year].filter((x) => x !== null && x !== "").join(" / "),
    },
    { key: "file", header: t("drill.file"), value: (l) => `${l.file_name}:${l.row_no}` },
  ];
}

/** The ledger lines behind a figure, in a modal dialog. Escape closes it. */
export function Drilldown() {
  const { drill, openDrill, t } = useApp();
  const [lines, setLines] = useState<Lines | null>(null);
  const [error, setError] = useState("");
  const closeRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    if (!drill) return;
    opener.current = document.activeElement;
    setLines(null);
    setError("");
    cmd.lines({ ...drill.query, limit: DRILL_LIMIT })
      .then(setLines)
      .catch((e) => setError(errorText(e)));
    closeRef.current?.focus();
  }, [drill]);

  if (!drill) return null;
  const close = () => {
    openDrill(null);
    (opener.current as HTMLElement | null)?.focus?.();
  };

  return (
    <Modal
      titleId="drill-title"
      title={`${t("drill.title")}: ${drill.title}`}
      summary={
        lines && (
          <p className="muted" id="drill-summary">
            {t("drill.summary", { n: formatCount(lines.total_rows), sum: formatAmount(lines.total, { decimals: 2, suffix: true }) })}
            {lines.truncated && " " + t("drill.truncated", { shown: formatCount(lines.lines.length), n: formatCount(lines.total_rows) })}
          </p>
        )
      }
      closeRef={closeRef}
      onClose={close}
    >
      {error && <p className="error">{error}</p>}
      {!lines && !error && <p className="muted">{t("common.loading")}</p>}
      {lines && (
        <DataTable
          id="drill-table"
          columns={lineColumns(t)}
          rows={lines.lines}
          rowKey={(l) => String(l.id)}
        />
      )}
    </Modal>
  );
}
