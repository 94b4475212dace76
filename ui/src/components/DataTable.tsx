import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useApp } from "../context";
import { NO_SORT, applyTable, moveCursor, nextSort, type CellValue, type ColumnKind, type Cursor, type SortState } from "../table";
import type { LineQuery } from "../types";
import { CommentCell, commentPeriod } from "./CommentCell";

export interface Column<R> {
  key: string;
  header: ReactNode;
  kind?: ColumnKind;
  value: (row: R) => CellValue;
  /** Custom cell content; default: formatted value. */
  render?: (row: R) => ReactNode;
  /** Ledger lines behind the figure; makes the cell a drill-down button. */
  drill?: (row: R) => { title: string; query: LineQuery } | null;
  className?: string;
  sortable?: boolean;
  /** Names from the data (cost types, VO): shown as stored, not translated (`translate="no"`). */
  data?: boolean;
}

export interface CommentSpec<R> {
  key: (row: R) => string | null;
  value: (row: R) => string | null | undefined;
}

interface Props<R> {
  id: string;
  caption?: ReactNode;
  columns: Column<R>[];
  rows: R[];
  /** Rows pinned below the body (totals): not sorted, not filtered. */
  footer?: R[];
  rowKey: (row: R) => string;
  rowClass?: (row: R) => string | undefined;
  comment?: CommentSpec<R>;
  filter?: boolean;
  empty?: ReactNode;
  /** Extra controls next to the filter box. */
  tools?: ReactNode;
}

/**
 * A report table: click a header to sort, type to filter, arrow keys move
 * between cells (Enter opens the lines behind a figure), and an optional
 * comment column saved to the database.
 */
export function DataTable<R>({ id, caption, columns, rows, footer = [], rowKey, rowClass, comment, filter = true, empty, tools }: Props<R>) {
  const { t, lang, fmt, openDrill } = useApp();
  const [sort, setSort] = useState<SortState>(NO_SORT);
  const [query, setQuery] = useState("");
  const [cursor, setCursor] = useState<Cursor>({ row: 0, col: 0 });
  const tableRef = useRef<HTMLTableElement>(null);

  const specs = useMemo(
    () =>
      columns.map((c) => ({
        key: c.key,
        kind: c.kind ?? "text",
        value: c.value,
      })),
    [columns],
  );
  const shown = useMemo(() => applyTable(rows, query, sort, specs), [rows, query, sort, specs]);
  const all = [...shown, ...footer];
  const nCols = columns.length + (comment ? 1 : 0);
  // The comment column says which period its comments belong to (they are kept per period).
  const firstKey = comment ? all.map((r) => comment.key(r)).find((k): k is string => !!k) : undefined;
  const commentFor = firstKey ? commentPeriod(firstKey, t, lang) : null;
  const hintId = `${id}-keys`;

  const focusCell = (c: Cursor) => {
    setCursor(c);
    const cell = tableRef.current?.querySelector<HTMLElement>(`[data-cell="${c.row}:${c.col}"]`);
    const target = cell?.querySelector<HTMLElement>("button, input, textarea") ?? cell;
    target?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const el = e.target as HTMLElement;
    // Inside a comment field, arrows edit text; only Escape/Tab leave it.
    if (el.tagName === "TEXTAREA" || el.tagName === "INPUT") return;
    const next = moveCursor(cursor, e.key, all.length, nCols);
    if (next) {
      e.preventDefault();
      focusCell(next);
    }
  };

  const cellContent = (c: Column<R>, row: R) => {
    if (c.render) return c.render(row);
    const v = c.value(row);
    return c.kind === "amount" ? fmt(v === null || v === undefined ? null : String(v)) : v ?? "";
  };

  const renderRow = (row: R, r: number, isFooter: boolean) => (
    <tr key={(isFooter ? "f:" : "") + rowKey(row)} className={[isFooter ? "total" : "", rowClass?.(row) ?? ""].join(" ").trim() || undefined}>
      {columns.map((c, k) => {
        const d = c.drill?.(row) ?? null;
        const content = cellContent(c, row);
        const tabIndex = cursor.row === r && cursor.col === k ? 0 : -1;
        const cls = [c.kind === "amount" || c.kind === "number" ? "num" : "", c.className ?? ""].join(" ").trim() || undefined;
        const Tag = k === 0 ? "th" : "td";
        return (
          <Tag
            key={c.key}
            scope={k === 0 ? "row" : undefined}
            className={cls}
            data-cell={`${r}:${k}`}
            data-col={c.key}
            translate={c.data ? "no" : undefined}
            tabIndex={d ? undefined : tabIndex}
            onFocus={() => setCursor({ row: r, col: k })}
          >
            {d ? (
              <button type="button" className="drill" tabIndex={tabIndex} title={t("common.clickToDrill")} onClick={() => openDrill(d)}>
                {content}
              </button>
            ) : (
              content
            )}
          </Tag>
        );
      })}
      {comment && (
        <td className="comment" data-cell={`${r}:${columns.length}`} onFocus={() => setCursor({ row: r, col: columns.length })}>
          {comment.key(row) ? (
            <CommentCell commentKey={comment.key(row)!} initial={comment.value(row) ?? ""} tabIndex={cursor.row === r && cursor.col === columns.length ? 0 : -1} />
          ) : null}
        </td>
      )}
    </tr>
  );

  return (
    <div className="datatable" id={id}>
      <div className="table-tools">
        {filter && (
          <input
            type="search"
            className="filter"
            placeholder={t("common.filter")}
            aria-label={t("common.filterLabel")}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        )}
        {tools}
        <span className="keys-hint small muted" id={hintId}>
          {t(columns.some((c) => c.drill) ? "table.keys" : "table.keysMove")}
        </span>
      </div>
      <table ref={tableRef} aria-describedby={hintId}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort.key === c.key;
              const aria = active ? (sort.dir === "asc" ? "ascending" : "descending") : "none";
              return (
                <th key={c.key} scope="col" aria-sort={aria} className={c.kind === "amount" || c.kind === "number" ? "num" : undefined}>
                  {c.sortable === false ? (
                    c.header
                  ) : (
                    <button type="button" className="sort" onClick={() => setSort((s) => nextSort(s, c.key))}>
                      {c.header}
                      <span className="sort-mark" aria-hidden="true">
                        {active ? (sort.dir === "asc" ? "▲" : "▼") : ""}
                      </span>
                    </button>
                  )}
                </th>
              );
            })}
            {comment && (
              <th scope="col" className="comment-head">
                {commentFor ? t("common.commentFor", { period: commentFor }) : t("common.comment")}
              </th>
            )}
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {shown.map((row, r) => renderRow(row, r, false))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={nCols} className="empty-row">
                {rows.length > 0 ? t("common.noMatch") : empty}
              </td>
            </tr>
          )}
          {footer.map((row, i) => renderRow(row, shown.length + i, true))}
        </tbody>
      </table>
    </div>
  );
}
