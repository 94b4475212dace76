// The only place the UI talks to Rust. Screens call the typed functions in
// ./commands (generated from the shell's command table, payload types under
// ./bindings); each resolves to its payload or rejects with an AppError
// {code, message}; the message is already Swedish and names file/sheet/cell.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Commands } from "./commands";
import type { LineQuery } from "./types";

export interface AppError {
  /**
   * ramkoll's error kind: input, file (a bad file), invalid (a value the user
   * typed), not-found, conflict (a refused change), internal, usage, db,
   * export, io, json; or the shell's own: no-database, not-allowed.
   */
  code: string;
  message: string;
  /** For input errors: one entry per cell. */
  details?: string[];
  /** For an invalid value: what the user typed into. */
  field?: string | null;
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export function errorText(e: unknown): string {
  if (isAppError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Invoke a command of the table by name, with its arguments as the shell names them. */
export async function call<K extends keyof Commands>(cmd: K, args: Commands[K]["args"]): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(cmd, args);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw { code: "internal", message: errorText(e) } satisfies AppError;
  }
}

/** A complete LineQuery from the fields that matter. */
export function lineQuery(q: Partial<LineQuery>): LineQuery {
  return {
    year: null,
    period_to: null,
    area: null,
    category: null,
    cost_type: null,
    vo: null,
    staffing: false,
    decision: null,
    investments: false,
    unclassified: false,
    batch_id: null,
    limit: null,
    ...q,
  };
}

export function on<T>(event: string, handler: (payload: T) => void): Promise<UnlistenFn> {
  return listen<T>(event, (e) => handler(e.payload));
}

/** Events the shell emits. */
export const EVENTS = {
  importProgress: "import-progress",
  filesDropped: "files-dropped",
  dataChanged: "data-changed",
  databaseChanged: "database-changed",
} as const;
