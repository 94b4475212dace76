// The only place the UI talks to Rust. Every command returns a typed payload
// (types generated from Rust under ./bindings) or rejects with an AppError
// {code, message}; the message is already Swedish and names file/sheet/cell.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { LineQuery } from "./types";

export interface AppError {
  code: string;
  message: string;
  /** For input errors: one entry per cell. */
  details?: string[];
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export function errorText(e: unknown): string {
  if (isAppError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
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
