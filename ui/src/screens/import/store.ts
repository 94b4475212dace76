// The Import screen's state, kept outside the screen: the chosen files, their
// previews and the last run's results stay when the user switches screens and
// comes back (until "Rensa"), and a run that is still going when the screen is
// left keeps reporting into it. The run's progress has subscribers of its own
// (`useImportProgress`): an event repaints the bar, not the screen with its
// file list and mapping preview (that took a core from the import).

import { useSyncExternalStore } from "react";
import type { ImportItem, ImportOptions, ImportProgress, ImportResult, Kind, Preview, ReplacePlan } from "../../types";
import type { Conflict } from "../ImportReplace";

export const NO_OPTIONS: ImportOptions = { sheet: null, source: null, header_row: null, mapping: null, year: null, replace: false };

export interface FileEntry {
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

export interface ImportState {
  files: FileEntry[];
  selected: number;
  running: boolean;
  /** The user asked to cancel the run (or the previews) under way. */
  cancelling: boolean;
  results: ImportResult[] | null;
  /** Bumped when a run ends: the screen then brings the results into view. */
  finished: number;
  error: string;
  conflict: Conflict | null;
}

const INITIAL: ImportState = {
  files: [],
  selected: 0,
  running: false,
  cancelling: false,
  results: null,
  finished: 0,
  error: "",
  conflict: null,
};

type Updater<T> = T | ((old: T) => T);

export class ImportStore {
  private state: ImportState = INITIAL;
  private subs = new Set<() => void>();

  get = (): ImportState => this.state;

  subscribe = (f: () => void): (() => void) => {
    this.subs.add(f);
    return () => {
      this.subs.delete(f);
    };
  };

  set<K extends keyof ImportState>(key: K, v: Updater<ImportState[K]>): void {
    const old = this.state[key];
    const next = typeof v === "function" ? (v as (o: ImportState[K]) => ImportState[K])(old) : v;
    if (next === old) return;
    this.state = { ...this.state, [key]: next };
    this.subs.forEach((f) => f());
  }

  private progress: ImportProgress | null = null;
  private progressSubs = new Set<() => void>();

  getProgress = (): ImportProgress | null => this.progress;

  subscribeProgress = (f: () => void): (() => void) => {
    this.progressSubs.add(f);
    return () => {
      this.progressSubs.delete(f);
    };
  };

  setProgress(p: ImportProgress | null): void {
    if (p === this.progress) return;
    this.progress = p;
    this.progressSubs.forEach((f) => f());
  }

  /** "Rensa": the file list and the results go. */
  clear(): void {
    this.state = { ...INITIAL, finished: this.state.finished };
    this.subs.forEach((f) => f());
  }
}

// One store per app: keyed by an object the app's provider keeps for its
// lifetime (a fresh provider, as in each screen test, starts empty).
const stores = new WeakMap<object, ImportStore>();

export function importStore(owner: object): ImportStore {
  let s = stores.get(owner);
  if (!s) {
    s = new ImportStore();
    stores.set(owner, s);
  }
  return s;
}

export function useImportStore(owner: object): [ImportState, ImportStore] {
  const store = importStore(owner);
  return [useSyncExternalStore(store.subscribe, store.get), store];
}

/** The running import's last progress report (null before the first). */
export function useImportProgress(owner: object): ImportProgress | null {
  const store = importStore(owner);
  return useSyncExternalStore(store.subscribeProgress, store.getProgress);
}

/** Whether an import runs (the other screens then show the state before it). */
export function useImportRunning(owner: object): boolean {
  const store = importStore(owner);
  return useSyncExternalStore(store.subscribe, () => store.get().running);
}

/** The options a file is previewed and imported with: the user's mapping only when they
 * changed it; `pinSheet` (the import) also fixes the sheet the preview found. */
export function importOptions(f: FileEntry, pinSheet = false): ImportOptions {
  const source = f.options.source?.trim() || null;
  const sheet = f.options.sheet ?? (pinSheet ? (f.preview?.sheet ?? null) : null);
  const base = f.userMapping ? f.options : { ...NO_OPTIONS, sheet };
  return { ...base, source, replace: f.options.replace };
}

export function importItem(f: FileEntry): ImportItem {
  return { path: f.path, kind: f.kind, options: importOptions(f, true) };
}
