import { useEffect, useRef, useState } from "react";
import { listen } from "@tauri-apps/api/event";
import { EVENTS, errorText, on } from "../api";
import * as cmd from "../commands";
import { ErrorBox, Section } from "../components/common";
import { useApp } from "../context";
import { formatAmount, formatCount } from "../format";
import type { Lang } from "../i18n";
import type { Field, ImportItem, ImportOptions, ImportProgress, ImportResult, Kind, PickedFile, Preview, ReplacePlan } from "../types";
import { type Conflict, ReplaceDialog, ReplacePlanNote } from "./ImportReplace";

export const FIELDS: Field[] = [
  "period",
  "date",
  "konto",
  "ansvar",
  "verksamhet",
  "projekt",
  "motpart",
  "verifikation",
  "text",
  "belopp",
  "omrade",
  "kategori",
  "beslutsar",
  "ar",
  "beslutad_ram",
  "utokad_ram",
  "kostnadsslag",
  "vo",
  "kommentar",
  "budget",
  "prognos",
  "arbetade",
  "overtid",
  "mertid",
  "fyllnadstid",
  "sjuk",
  "anstallda",
  "debet",
  "kredit",
  "konto_namn",
  "ansvar_namn",
  "verksamhet_namn",
  "projekt_namn",
  "motpart_namn",
  "total_ram",
  "objekt",
  "anskaffningsvarde",
  "aktivering",
  "nyttjandeperiod",
];

const FIELD_LABELS: Record<Field, [string, string]> = {
  period: ["Period", "Period"],
  date: ["Bokföringsdatum", "Posting date"],
  konto: ["Konto", "Account"],
  ansvar: ["Ansvar", "Cost centre"],
  verksamhet: ["Verksamhet", "Activity"],
  projekt: ["Projekt", "Project"],
  motpart: ["Motpart", "Counterpart"],
  verifikation: ["Verifikation", "Voucher"],
  text: ["Text", "Text"],
  belopp: ["Belopp", "Amount"],
  omrade: ["Område", "Area"],
  kategori: ["Kategori", "Category"],
  beslutsar: ["Beslutsår", "Decision year"],
  ar: ["År", "Year"],
  beslutad_ram: ["Beslutad ram", "Decided frame"],
  utokad_ram: ["Utökad ram", "Extended frame"],
  kostnadsslag: ["Kostnadsslag", "Cost type"],
  vo: ["VO", "Unit (VO)"],
  kommentar: ["Kommentar", "Comment"],
  budget: ["Budget", "Budget"],
  prognos: ["Prognos", "Forecast"],
  arbetade: ["Arbetade timmar", "Hours worked"],
  overtid: ["Övertid", "Overtime"],
  mertid: ["Mertid", "Additional hours"],
  fyllnadstid: ["Fyllnadstid", "Top-up hours"],
  sjuk: ["Sjukfrånvaro", "Sick leave"],
  anstallda: ["Antal anställda", "Headcount"],
  debet: ["Debet", "Debit"],
  kredit: ["Kredit", "Credit"],
  konto_namn: ["Kontonamn", "Account name"],
  ansvar_namn: ["Ansvarsnamn", "Cost centre name"],
  verksamhet_namn: ["Verksamhetsnamn", "Activity name"],
  projekt_namn: ["Projektnamn", "Project name"],
  motpart_namn: ["Motpartsnamn", "Counterpart name"],
  total_ram: ["Total ram", "Total frame"],
  objekt: ["Objekt", "Object"],
  anskaffningsvarde: ["Anskaffningsvärde", "Acquisition value"],
  aktivering: ["Aktiveringsdatum", "Activation date"],
  nyttjandeperiod: ["Nyttjandeperiod", "Useful life"],
};
export const fieldLabel = (f: Field, lang: Lang) => FIELD_LABELS[f][lang === "sv" ? 0 : 1];

const NO_OPTIONS: ImportOptions = { sheet: null, source: null, header_row: null, mapping: null, year: null, replace: false };

interface FileEntry {
  path: string;
  name: string;
  kind: Kind;
  preview: Preview | null;
  /** What importing it would replace, and whether that needs asking. */
  replaces: ReplacePlan | null;
  error: string;
  options: ImportOptions;
  /** The user changed the mapping or header row (sent with the import, and remembered). */
  userMapping: boolean;
}

/** The options a file is previewed and imported with: the user's mapping only when they
 * changed it; `pinSheet` (the import) also fixes the sheet the preview found. */
function importOptions(f: FileEntry, pinSheet = false): ImportOptions {
  const source = f.options.source?.trim() || null;
  const sheet = f.options.sheet ?? (pinSheet ? (f.preview?.sheet ?? null) : null);
  const base = f.userMapping ? f.options : { ...NO_OPTIONS, sheet };
  return { ...base, source, replace: f.options.replace };
}

function importItem(f: FileEntry): ImportItem {
  return { path: f.path, kind: f.kind, options: importOptions(f, true) };
}

function mappingOf(p: Preview): Partial<Record<Field, number>> {
  const m: Partial<Record<Field, number>> = {};
  for (const c of p.columns) if (c.field) m[c.field] = c.index;
  return m;
}

export function Import() {
  const { t, lang, changed, go } = useApp();
  const [files, setFiles] = useState<FileEntry[]>([]);
  const [selected, setSelected] = useState(0);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [results, setResults] = useState<ImportResult[] | null>(null);
  const [error, setError] = useState("");
  const [dragOver, setDragOver] = useState(false);
  const filesRef = useRef(files);
  filesRef.current = files;

  const loadPreview = async (entry: FileEntry, kind: Kind | null): Promise<FileEntry> => {
    try {
      const fp = await cmd.previewFile(entry.path, kind, importOptions(entry));
      return { ...entry, kind: fp.kind, preview: fp.preview, replaces: fp.replaces, error: "" };
    } catch (e) {
      return { ...entry, preview: null, replaces: null, error: errorText(e) };
    }
  };

  const update = (path: string, fn: (f: FileEntry) => FileEntry) => setFiles((fs) => fs.map((f) => (f.path === path ? fn(f) : f)));

  const addFiles = async (picked: PickedFile[]) => {
    const known = new Set(filesRef.current.map((f) => f.path));
    const fresh = picked
      .filter((p) => !known.has(p.path))
      .map<FileEntry>((p) => ({ path: p.path, name: p.name, kind: "ledger", preview: null, replaces: null, error: "", options: NO_OPTIONS, userMapping: false }));
    if (fresh.length === 0) return;
    setResults(null);
    setFiles((fs) => [...fs, ...fresh]);
    for (const f of fresh) {
      const done = await loadPreview(f, null);
      update(f.path, () => done);
    }
  };

  // Files dropped on the window (the shell records them and tells us).
  useEffect(() => {
    const offs = [
      on<PickedFile[]>(EVENTS.filesDropped, (p) => {
        setDragOver(false);
        void addFiles(p);
      }),
      listen("tauri://drag-enter", () => setDragOver(true)),
      listen("tauri://drag-leave", () => setDragOver(false)),
    ];
    return () => {
      offs.forEach((p) => p.then((off) => off()).catch(() => undefined));
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const pick = async () => {
    setError("");
    try {
      await addFiles(await cmd.pickImportFiles());
    } catch (e) {
      setError(errorText(e));
    }
  };

  const changeKind = async (f: FileEntry, kind: Kind) => {
    const done = await loadPreview({ ...f, kind, options: { ...NO_OPTIONS, sheet: f.options.sheet, source: f.options.source }, userMapping: false }, kind);
    update(f.path, () => done);
  };
  const changeSheet = async (f: FileEntry, sheet: string) => {
    const done = await loadPreview({ ...f, options: { ...f.options, sheet, header_row: null, mapping: null }, userMapping: false }, f.kind);
    update(f.path, () => done);
  };
  const changeSource = (f: FileEntry, source: string) => update(f.path, (x) => ({ ...x, options: { ...x.options, source: source === "" ? null : source } }));
  // another source may change what the import replaces: ask the preview again
  const sourceDone = async (path: string) => {
    const f = filesRef.current.find((x) => x.path === path);
    if (!f?.preview) return;
    const done = await loadPreview(f, f.kind);
    update(path, () => done);
  };
  const changeHeaderRow = async (f: FileEntry, row: number) => {
    if (!f.preview || !Number.isInteger(row) || row < 1) return;
    const options = { ...f.options, sheet: f.preview.sheet, header_row: row, mapping: mappingOf(f.preview) };
    const done = await loadPreview({ ...f, options, userMapping: true }, f.kind);
    update(f.path, () => done);
  };
  const changeField = async (f: FileEntry, index: number, field: Field | "") => {
    if (!f.preview) return;
    const m = mappingOf(f.preview);
    for (const k of Object.keys(m) as Field[]) if (m[k] === index || (field && k === field)) delete m[k];
    if (field) m[field] = index;
    const options = { ...f.options, sheet: f.preview.sheet, header_row: f.preview.header_row, mapping: m };
    const done = await loadPreview({ ...f, options, userMapping: true }, f.kind);
    update(f.path, () => done);
  };

  /** Import `entries`; results of files imported before in this round stay listed. */
  const runImport = async (entries: FileEntry[]) => {
    setRunning(true);
    setError("");
    setProgress(null);
    const off = await on<ImportProgress>(EVENTS.importProgress, setProgress);
    try {
      const res = await cmd.importFiles(entries.map(importItem));
      const again = new Set(res.map((r) => r.path));
      setResults((old) => [...(old ?? []).filter((r) => !again.has(r.path)), ...res]);
      // Files that landed leave the list; failed ones stay for correction.
      const landed = new Set(res.filter((r) => !r.error).map((r) => r.path));
      setFiles((fs) => fs.filter((f) => !landed.has(f.path)));
      setSelected(0);
      changed();
      await askFirstConflict(res, entries);
    } catch (e) {
      setError(errorText(e));
    } finally {
      off();
      setRunning(false);
    }
  };
  const start = () => {
    setResults(null);
    void runImport(files);
  };

  /** A file refused because it would replace another kind of export: ask, with a fresh plan. */
  const askFirstConflict = async (res: ImportResult[], entries: FileEntry[]) => {
    const r = res.find((x) => x.error?.code === "conflict");
    const entry = r && entries.find((f) => f.path === r.path);
    if (!r || !entry) return;
    let plan: ReplacePlan | null = null;
    try {
      plan = (await cmd.previewFile(entry.path, entry.kind, importOptions(entry))).replaces;
    } catch {
      // the refusal's own words are shown instead
    }
    update(entry.path, (x) => ({ ...x, replaces: plan ?? x.replaces }));
    setConflict({ path: entry.path, file: entry.name, kind: entry.kind, plan, message: r.error?.message ?? "" });
  };
  const [conflict, setConflict] = useState<Conflict | null>(null);
  /** The user's answer: import the file again with `options` changed, or leave it. */
  const answer = (change: Partial<ImportOptions> | null) => {
    const c = conflict;
    setConflict(null);
    const f = c && filesRef.current.find((x) => x.path === c.path);
    if (!f || !change) return;
    const next = { ...f, options: { ...f.options, ...change } };
    update(f.path, () => next);
    void runImport([next]);
  };

  const current = files[Math.min(selected, files.length - 1)];
  const overall = progress ? (progress.index + (progress.done ? 1 : (progress.fraction ?? 0))) / Math.max(1, progress.count) : 0;

  return (
    <div className="screen" id="screen-import">
      <Section title={t("imp.title")}>
        <div className={dragOver ? "dropzone active" : "dropzone"}>
          <button type="button" id="pick-files" onClick={pick} disabled={running}>
            {t("imp.pick")}
          </button>
          <span className="muted">{dragOver ? t("imp.dropActive") : t("imp.drop")}</span>
        </div>
        <ErrorBox error={error} />

        {files.length === 0 && !results && <p className="muted">{t("imp.noFiles")}</p>}
        {files.length > 0 && (
          <table className="files" id="import-files">
            <caption>{t("imp.files")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("hist.file")}</th>
                <th scope="col">{t("imp.kind")}</th>
                <th scope="col">{t("imp.sheet")}</th>
                <th scope="col">{t("imp.headerRow")}</th>
                <th scope="col" title={t("imp.sourceHelp")}>
                  {t("imp.source")}
                </th>
                <th scope="col">
                  <span className="sr-only">{t("imp.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {files.map((f, i) => (
                <tr key={f.path} className={i === selected ? "selected" : undefined} data-file={f.name}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => setSelected(i)} aria-pressed={i === selected} title={f.path}>
                      {f.name}
                    </button>
                    {f.error && <div className="error small">{t("imp.previewError")}</div>}
                  </th>
                  <td>
                    <select value={f.kind} aria-label={`${t("imp.kind")} ${f.name}`} onChange={(e) => void changeKind(f, e.target.value as Kind)} disabled={running}>
                      <option value="ledger">{t("imp.ledger")}</option>
                      <option value="frames">{t("imp.frames")}</option>
                      <option value="budget">{t("imp.budget")}</option>
                      <option value="staff">{t("imp.staff")}</option>
                      <option value="assets">{t("imp.assets")}</option>
                    </select>
                  </td>
                  <td>
                    {f.preview && f.preview.sheets.length > 1 ? (
                      <select value={f.preview.sheet} aria-label={`${t("imp.sheet")} ${f.name}`} onChange={(e) => void changeSheet(f, e.target.value)} disabled={running}>
                        {f.preview.sheets.map((s) => (
                          <option key={s}>{s}</option>
                        ))}
                      </select>
                    ) : (
                      (f.preview?.sheet ?? "")
                    )}
                  </td>
                  <td>{f.preview?.header_row ?? ""}</td>
                  <td>
                    <input
                      type="text"
                      className="narrow source"
                      value={f.options.source ?? ""}
                      placeholder={t("imp.sourcePlaceholder")}
                      aria-label={`${t("imp.source")} ${f.name}`}
                      title={t("imp.sourceHelp")}
                      disabled={running}
                      onChange={(e) => changeSource(f, e.target.value)}
                      onBlur={() => void sourceDone(f.path)}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary small"
                      disabled={running}
                      onClick={() => setFiles((fs) => fs.filter((x) => x.path !== f.path))}
                      aria-label={`${t("imp.remove")} ${f.name}`}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        {files.length > 0 && <p className="muted small">{t("imp.source")}: {t("imp.sourceHelp")}</p>}
        {files.length > 0 && (
          <div className="import-actions">
            <button type="button" id="start-import" onClick={start} disabled={running || files.some((f) => !f.preview)}>
              {running ? t("imp.running") : files.length > 1 ? t("imp.startN", { n: files.length }) : t("imp.start")}
            </button>
            {running && progress && (
              <div className="progress-wrap" aria-live="polite">
                <progress id="import-progress" max={1} value={overall} />
                <span className="muted">
                  {progress.file} ({progress.index + 1}/{progress.count}) —{" "}
                  {/* the backup before an import reports a fraction but no rows yet */}
                  {progress.rows === 0 && !progress.done && (progress.fraction ?? 0) > 0
                    ? t("imp.backingUp")
                    : `${formatCount(progress.rows)} ${t("common.rows")}`}
                </span>
              </div>
            )}
          </div>
        )}
      </Section>

      {current && <FileDetail entry={current} lang={lang} running={running} onHeaderRow={changeHeaderRow} onField={changeField} />}
      {conflict && (
        <ReplaceDialog
          conflict={conflict}
          onReplace={() => answer({ replace: true })}
          onOwnSource={(source) => answer({ source, replace: false })}
          onCancel={() => answer(null)}
        />
      )}

      {results && (
        <Section title={t("imp.result")} id="import-results" actions={<button type="button" className="secondary" onClick={() => go("investments")}>{t("imp.toInvestments")}</button>}>
          {results.map((r) => (
            <ResultCard key={r.path} r={r} />
          ))}
        </Section>
      )}
    </div>
  );
}

function FileDetail({
  entry,
  lang,
  running,
  onHeaderRow,
  onField,
}: {
  entry: FileEntry;
  lang: Lang;
  running: boolean;
  onHeaderRow: (f: FileEntry, row: number) => void;
  onField: (f: FileEntry, index: number, field: Field | "") => void;
}) {
  const { t } = useApp();
  const p = entry.preview;
  const [rowText, setRowText] = useState("");
  useEffect(() => setRowText(p ? String(p.header_row) : ""), [p]);
  if (entry.error) {
    return (
      <Section title={`${t("imp.previewError")}: ${entry.name}`}>
        <ErrorBox error={entry.error} />
      </Section>
    );
  }
  if (!p) return null;
  const missing = p.missing.map((alts) => alts.map((f) => fieldLabel(f, lang)).join(" / "));
  return (
    <Section title={`${entry.name} — ${t("imp.mapping")}`} id="import-preview">
      <p className="muted">{t("imp.mappingHelp")}</p>
      <div className="row-inputs">
        <label>
          {t("imp.headerRow")}{" "}
          <input
            type="number"
            min={1}
            className="narrow"
            value={rowText}
            disabled={running}
            onChange={(e) => setRowText(e.target.value)}
            onBlur={() => Number(rowText) !== p.header_row && onHeaderRow(entry, Number(rowText))}
            onKeyDown={(e) => e.key === "Enter" && onHeaderRow(entry, Number(rowText))}
          />
        </label>
        <span className="muted">
          {p.format.toUpperCase()} · {t("imp.sheet")} {p.sheet} · {p.mapping_from === "saved" ? t("imp.mappingSaved") : p.mapping_from === "user" ? t("imp.mappingUser") : t("imp.mappingDetected")}
        </span>
      </div>
      {missing.length > 0 && (
        <div className="error" role="alert">
          {t("imp.missing", { fields: missing.join(", ") })}
        </div>
      )}
      <div className="scroll-x">
        <table className="preview">
          <thead>
            <tr>
              {p.columns.map((c) => (
                <th key={c.index} scope="col">
                  <div className="col-letter">
                    {c.letter}: {c.header || "—"}
                  </div>
                  <select
                    value={c.field ?? ""}
                    disabled={running}
                    aria-label={`${t("imp.field")} ${c.letter} ${c.header}`}
                    onChange={(e) => onField(entry, c.index, e.target.value as Field | "")}
                    className={c.field ? "mapped" : "unmapped"}
                  >
                    <option value="">{t("imp.ignore")}</option>
                    {FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabel(f, lang)}
                      </option>
                    ))}
                  </select>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.rows.slice(0, 8).map((row, i) => (
              <tr key={i}>
                {p.columns.map((c) => (
                  <td key={c.index}>{row[c.index] ?? ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t("imp.preview")}</p>
      {entry.replaces && <ReplacePlanNote kind={entry.kind} plan={entry.replaces} />}
    </Section>
  );
}

function ResultCard({ r }: { r: ImportResult }) {
  const { t } = useApp();
  const o = r.outcome;
  const kr = (v: string) => formatAmount(v, { decimals: 2, suffix: true });
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
