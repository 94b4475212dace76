// Table state for the report screens: sort (click a header: ascending →
// descending → original order), a free-text filter, and keyboard navigation
// over cells. Pure functions so they can be tested without a DOM.

import { toOre } from "./format";

export type SortDir = "asc" | "desc";
export interface SortState {
  key: string | null;
  dir: SortDir;
}
export const NO_SORT: SortState = { key: null, dir: "asc" };

/** Header click: new column → ascending; same column → descending; again → unsorted. */
export function nextSort(state: SortState, key: string): SortState {
  if (state.key !== key) return { key, dir: "asc" };
  if (state.dir === "asc") return { key, dir: "desc" };
  return NO_SORT;
}

export type CellValue = string | number | null | undefined;
export type ColumnKind = "text" | "amount" | "number";

export interface ColumnSpec<R> {
  key: string;
  kind: ColumnKind;
  value: (row: R) => CellValue;
}

const collator = new Intl.Collator("sv", { sensitivity: "base", numeric: true });

function compareCells(a: CellValue, b: CellValue, kind: ColumnKind): number {
  const aNull = a === null || a === undefined || a === "";
  const bNull = b === null || b === undefined || b === "";
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1; // empty last
  if (kind === "amount") {
    const x = toOre(String(a));
    const y = toOre(String(b));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (kind === "number") return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/** Stable sort by one column; empties always last; unsorted keeps the given order. */
export function sortRows<R>(rows: readonly R[], sort: SortState, columns: ColumnSpec<R>[]): R[] {
  const col = columns.find((c) => c.key === sort.key);
  if (!col) return [...rows];
  const sign = sort.dir === "asc" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((p, q) => {
      const av = col.value(p.row);
      const bv = col.value(q.row);
      const emptyA = av === null || av === undefined || av === "";
      const emptyB = bv === null || bv === undefined || bv === "";
      if (emptyA !== emptyB) return emptyA ? 1 : -1;
      return sign * compareCells(av, bv, col.kind) || p.i - q.i;
    })
    .map((p) => p.row);
}

/** Normalise for matching: lower case, no diacritics folding (å ≠ a in Swedish), NBSP → space. */
function norm(s: string): string {
  return s.toLocaleLowerCase("sv").replace(/\u00a0/g, " ").trim();
}

/**
 * Keep rows where every word of the query occurs in some column's text.
 * Amount columns also match their digits without separators ("14600000" finds "14 600 000").
 */
export function filterRows<R>(rows: readonly R[], query: string, columns: ColumnSpec<R>[]): R[] {
  const words = norm(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const hay = columns
      .map((c) => {
        const v = c.value(row);
        if (v === null || v === undefined) return "";
        if (c.kind === "amount") {
          const s = String(v);
          return `${s} ${s.replace(/\.00$/, "")} ${s.replace(".", ",")}`;
        }
        return String(v);
      })
      .map(norm)
      .join(" | ");
    return words.every((w) => hay.includes(w));
  });
}

export function applyTable<R>(rows: readonly R[], query: string, sort: SortState, columns: ColumnSpec<R>[]): R[] {
  return sortRows(filterRows(rows, query, columns), sort, columns);
}

/** Grid cursor for keyboard navigation. */
export interface Cursor {
  row: number;
  col: number;
}

/** Arrow keys, Home/End, PageUp/PageDown move the cursor inside a rows × cols grid. Returns null for other keys. */
export function moveCursor(c: Cursor, key: string, rows: number, cols: number, page = 10): Cursor | null {
  if (rows <= 0 || cols <= 0) return null;
  const clamp = (r: number, k: number): Cursor => ({
    row: Math.max(0, Math.min(rows - 1, r)),
    col: Math.max(0, Math.min(cols - 1, k)),
  });
  switch (key) {
    case "ArrowDown":
      return clamp(c.row + 1, c.col);
    case "ArrowUp":
      return clamp(c.row - 1, c.col);
    case "ArrowRight":
      return clamp(c.row, c.col + 1);
    case "ArrowLeft":
      return clamp(c.row, c.col - 1);
    case "Home":
      return clamp(c.row, 0);
    case "End":
      return clamp(c.row, cols - 1);
    case "PageDown":
      return clamp(c.row + page, c.col);
    case "PageUp":
      return clamp(c.row - page, c.col);
    default:
      return null;
  }
}
