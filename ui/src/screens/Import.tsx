import { useEffect, useRef, useState } from "react";
import { listen } from "@tauri-apps/api/event";
import { EVENTS, errorText, isAppError, on } from "../api";
import * as cmd from "../commands";
import { ErrorBox, Section } from "../components/common";
import { useApp } from "../context";
import type { Field, ImportOptions, ImportProgress, ImportResult, Kind, PickedFile, Preview, ReplacePlan } from "../types";
import { FileDetail } from "./import/FileDetail";
import { ImportProgressBar } from "./import/Progress";
import { ResultCard } from "./import/ResultCard";
import { type FileEntry, NO_OPTIONS, importItem, importOptions, useImportStore } from "./import/store";
import { ReplaceDialog } from "./ImportReplace";

export { FIELDS, fieldLabel } from "./import/fields";

function mappingOf(p: Preview): Partial<Record<Field, number>> {
  const m: Partial<Record<Field, number>> = {};
  for (const c of p.columns) if (c.field) m[c.field] = c.index;
  return m;
}

export function Import() {
  const { t, lang, changed, go, refreshInfo, info } = useApp();
  // kept per app, not per visit: the list and the results outlive a switch of screens
  const [st, store] = useImportStore(refreshInfo);
  const { files, selected, running, cancelling, results, error, conflict } = st;
  const [dragOver, setDragOver] = useState(false);
  const setFiles = (v: FileEntry[] | ((old: FileEntry[]) => FileEntry[])) => store.set("files", v);
  const setResults = (v: ImportResult[] | null | ((old: ImportResult[] | null) => ImportResult[] | null)) => store.set("results", v);
  const setError = (e: string) => store.set("error", e);

  const loadPreview = async (entry: FileEntry, kind: Kind | null): Promise<FileEntry> => {
    try {
      const fp = await cmd.previewFile(entry.path, kind, importOptions(entry));
      return { ...entry, kind: fp.kind, preview: fp.preview, replaces: fp.replaces, error: "" };
    } catch (e) {
      const text = isAppError(e) && e.code === "cancelled" ? t("imp.previewCancelled") : errorText(e);
      return { ...entry, preview: null, replaces: null, error: text };
    }
  };

  const update = (path: string, fn: (f: FileEntry) => FileEntry) => setFiles((fs) => fs.map((f) => (f.path === path ? fn(f) : f)));

  const addFiles = async (picked: PickedFile[]) => {
    const known = new Set(store.get().files.map((f) => f.path));
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
    store.set("cancelling", false);
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

  // A finished run: its results come into view and take the focus.
  const resultsTitle = useRef<HTMLHeadingElement>(null);
  const seenFinished = useRef(st.finished);
  useEffect(() => {
    if (st.finished === seenFinished.current) return;
    seenFinished.current = st.finished;
    const h = resultsTitle.current;
    if (!h) return;
    h.closest("section")?.scrollIntoView?.({ block: "start" });
    h.focus();
  }, [st.finished]);

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
    const f = store.get().files.find((x) => x.path === path);
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
    store.set("running", true);
    store.set("cancelling", false);
    setError("");
    store.setProgress(null);
    // into the bar's own store: an event repaints the bar only
    const off = await on<ImportProgress>(EVENTS.importProgress, (p) => store.setProgress(p));
    try {
      const res = await cmd.importFiles(entries.map(importItem));
      const again = new Set(res.map((r) => r.path));
      setResults((old) => [...(old ?? []).filter((r) => !again.has(r.path)), ...res]);
      // Files that landed leave the list; failed and cancelled ones stay for another try.
      const landed = new Set(res.filter((r) => !r.error).map((r) => r.path));
      setFiles((fs) => fs.filter((f) => !landed.has(f.path)));
      store.set("selected", 0);
      store.set("finished", (n) => n + 1);
      changed();
      await askFirstConflict(res, entries);
    } catch (e) {
      setError(errorText(e));
    } finally {
      off();
      store.set("running", false);
      store.set("cancelling", false);
    }
  };
  const start = () => {
    setResults(null);
    void runImport(files);
  };
  const cancel = async () => {
    store.set("cancelling", true);
    try {
      await cmd.cancelImport();
    } catch (e) {
      setError(errorText(e));
    }
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
    store.set("conflict", { path: entry.path, file: entry.name, kind: entry.kind, plan, message: r.error?.message ?? "" });
  };
  /** The user's answer: import the file again with `options` changed, or leave it. */
  const answer = (change: Partial<ImportOptions> | null) => {
    const c = conflict;
    store.set("conflict", null);
    const f = c && store.get().files.find((x) => x.path === c.path);
    if (!f || !change) return;
    const next = { ...f, options: { ...f.options, ...change } };
    update(f.path, () => next);
    void runImport([next]);
  };

  const current = files[Math.min(selected, files.length - 1)];
  // why Importera cannot be pressed, said beside it
  const unreadable = files.filter((f) => f.error).length;
  const reading = files.filter((f) => !f.preview && !f.error).length;
  const blocked = running ? "" : unreadable > 0 ? t(unreadable === 1 ? "imp.blockedOne" : "imp.blockedMany", { n: unreadable }) : reading > 0 ? t("imp.reading", { n: reading }) : "";

  return (
    <div className="screen" id="screen-import">
      <Section
        title={t("imp.title")}
        actions={
          (files.length > 0 || results) && (
            <button type="button" className="secondary" id="import-clear" disabled={running} onClick={() => store.clear()}>
              {t("imp.clear")}
            </button>
          )
        }
      >
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
                    <button type="button" className="link" onClick={() => store.set("selected", i)} aria-pressed={i === selected} title={f.path}>
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
                      <option value="orders">{t("imp.orders")}</option>
                    </select>
                  </td>
                  <td>
                    {f.preview?.sie ? (
                      "SIE"
                    ) : f.preview && f.preview.sheets.length > 1 ? (
                      <select value={f.preview.sheet} aria-label={`${t("imp.sheet")} ${f.name}`} onChange={(e) => void changeSheet(f, e.target.value)} disabled={running}>
                        {f.preview.sheets.map((s) => (
                          <option key={s}>{s}</option>
                        ))}
                      </select>
                    ) : (
                      (f.preview?.sheet ?? "")
                    )}
                  </td>
                  <td>{f.preview?.sie ? "–" : (f.preview?.header_row ?? "")}</td>
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
        {/* a file is copied before an import; a server's database is not (pg_dump is the server's) */}
        {files.length > 0 && info?.db_server && (
          <p className="muted small" id="import-server-note">
            {t("imp.serverNoBackup")}
          </p>
        )}
        {files.length > 0 && (
          <div className="import-actions">
            <button
              type="button"
              id="start-import"
              onClick={start}
              disabled={running || files.some((f) => !f.preview)}
              aria-describedby={blocked ? "start-import-reason" : undefined}
            >
              {running ? t("imp.running") : files.length > 1 ? t("imp.startN", { n: files.length }) : t("imp.start")}
            </button>
            {blocked && (
              <span id="start-import-reason" className={unreadable > 0 ? "error small" : "muted small"} role="status">
                {blocked}
              </span>
            )}
            {!running && reading > 0 && (
              <button type="button" className="secondary" id="cancel-preview" disabled={cancelling} onClick={() => void cancel()}>
                {cancelling ? t("imp.cancelling") : t("imp.cancelPreview")}
              </button>
            )}
            {running && (
              <button type="button" className="secondary" id="cancel-import" disabled={cancelling} onClick={() => void cancel()}>
                {cancelling ? t("imp.cancelling") : t("imp.cancel")}
              </button>
            )}
            {running && <ImportProgressBar />}
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
        <section className="card" id="import-results" aria-labelledby="import-results-title">
          <div className="card-head">
            <h2 id="import-results-title" tabIndex={-1} ref={resultsTitle}>
              {t("imp.result")}
            </h2>
            <div className="card-actions">
              <button type="button" className="secondary" onClick={() => go("investments")}>
                {t("imp.toInvestments")}
              </button>
            </div>
          </div>
          {results.map((r) => (
            <ResultCard key={r.path} r={r} />
          ))}
        </section>
      )}
    </div>
  );
}
