// What an import would replace (from the preview) and the dialog that asks
// when it would replace lines of an export that looks different: replace
// anyway, import as a source of its own, or cancel.

import { useEffect, useRef, useState } from "react";
import { useApp } from "../context";
import { formatAmount, formatCount } from "../format";
import type { Kind, ReplacePlan, Replaced } from "../types";

/** Periods or years as ranges: 201801–201812, 201803; 2017–2018. */
export function scopeText(kind: Kind, scopes: number[]): string {
  const monthly = kind === "ledger" || kind === "staff";
  const next = (s: number) => (monthly && s % 100 === 12 ? (Math.floor(s / 100) + 1) * 100 + 1 : s + 1);
  const ranges: [number, number][] = [];
  for (const s of scopes) {
    const last = ranges[ranges.length - 1];
    if (last && next(last[1]) === s) last[1] = s;
    else ranges.push([s, s]);
  }
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(", ");
}

/** A source name to suggest for a file of its own: its name without year and extension. */
export function suggestSource(file: string): string {
  const stem = file.replace(/\.[^.]+$/, "").toLowerCase();
  if (stem.includes("drift")) return "drift";
  return stem.replace(/[_\s-]*(19|20)\d\d([_\s-]*(19|20)\d\d)?/g, "").replace(/^[_\s-]+|[_\s-]+$/g, "") || stem;
}

function ReplacedLine({ kind, r }: { kind: Kind; r: Replaced }) {
  const { t } = useApp();
  return (
    <li className={r.looks_different ? "bad" : undefined} data-replaces={r.file_name}>
      {t("imp.replacesLine", {
        file: r.file_name,
        batch: r.batch_id,
        shape: r.shape || t("imp.shapeUnknown"),
        scopes: scopeText(kind, r.scopes),
        rows: formatCount(r.rows),
        sum: formatAmount(r.sum, { decimals: 2, suffix: true }),
      })}
      {r.looks_different && <> — {t("imp.looksDifferent")}</>}
    </li>
  );
}

/** In the file's preview: the source it goes to and what it would replace. */
export function ReplacePlanNote({ kind, plan }: { kind: Kind; plan: ReplacePlan }) {
  const { t } = useApp();
  if (plan.unchanged_as !== null) return <p className="muted" id="import-plan">{t("imp.planUnchanged", { batch: plan.unchanged_as })}</p>;
  return (
    <div id="import-plan" className={plan.needs_confirmation ? "plan warn" : "plan"}>
      <p>
        {t("imp.planSource", { source: plan.source })}
        {plan.shape && ` (${plan.shape})`}
        {plan.replaces.length === 0 && ` — ${t("imp.replacesNothing")}`}
      </p>
      {plan.replaces.length > 0 && (
        <ul className="replaces">
          {plan.replaces.map((r) => (
            <ReplacedLine key={r.batch_id} kind={kind} r={r} />
          ))}
        </ul>
      )}
      {plan.needs_confirmation && <p role="status">{t("imp.planAsks")}</p>}
    </div>
  );
}

export interface Conflict {
  path: string;
  file: string;
  kind: Kind;
  /** A fresh plan for the file, when the preview could make one. */
  plan: ReplacePlan | null;
  /** The refusal as the core worded it. */
  message: string;
}

/** The refused import: both files and the periods, and the three ways on. */
export function ReplaceDialog({
  conflict,
  onReplace,
  onOwnSource,
  onCancel,
}: {
  conflict: Conflict;
  onReplace: () => void;
  onOwnSource: (source: string) => void;
  onCancel: () => void;
}) {
  const { t } = useApp();
  const [source, setSource] = useState(suggestSource(conflict.file));
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const different = conflict.plan?.replaces.filter((r) => r.looks_different) ?? [];
  return (
    <div className="modal-backdrop">
      <div
        className="modal narrow-modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="replace-title"
        id="replace-dialog"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <h2 id="replace-title">{t("imp.askTitle", { file: conflict.file })}</h2>
        {different.length > 0 ? (
          <>
            <p>{t("imp.askIntro", { file: conflict.file, shape: conflict.plan?.shape ?? "" })}</p>
            <ul className="replaces">
              {different.map((r) => (
                <ReplacedLine key={r.batch_id} kind={conflict.kind} r={r} />
              ))}
            </ul>
          </>
        ) : (
          <p>{conflict.message}</p>
        )}
        <p className="muted">{t("imp.askHelp")}</p>
        <div className="dialog-actions">
          <button type="button" ref={first} id="replace-anyway" onClick={onReplace}>
            {t("imp.replaceAnyway")}
          </button>
          <span className="own-source">
            <input
              type="text"
              className="narrow source"
              value={source}
              aria-label={t("imp.ownSourceName")}
              onChange={(e) => setSource(e.target.value)}
            />
            <button type="button" id="own-source" className="secondary" disabled={source.trim() === ""} onClick={() => onOwnSource(source.trim())}>
              {t("imp.ownSource")}
            </button>
          </span>
          <button type="button" className="secondary" id="replace-cancel" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </div>
    </div>
  );
}
