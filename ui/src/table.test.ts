import { describe, expect, it } from "vitest";
import { NO_SORT, applyTable, filterRows, moveCursor, nextSort, sortRows, type ColumnSpec } from "./table";

interface Row {
  name: string;
  amount: string | null;
  n: number;
}
const rows: Row[] = [
  { name: "Server", amount: "4000000.00", n: 2 },
  { name: "Nät", amount: "13000000.00", n: 1 },
  { name: "Video", amount: null, n: 3 },
  { name: "Ändringar", amount: "-500.00", n: 10 },
  { name: "Skrivare", amount: "900000.00", n: 4 },
];
const cols: ColumnSpec<Row>[] = [
  { key: "name", kind: "text", value: (r) => r.name },
  { key: "amount", kind: "amount", value: (r) => r.amount },
  { key: "n", kind: "number", value: (r) => r.n },
];

describe("nextSort", () => {
  it("cycles asc → desc → none and restarts on a new column", () => {
    let s = nextSort(NO_SORT, "amount");
    expect(s).toEqual({ key: "amount", dir: "asc" });
    s = nextSort(s, "amount");
    expect(s).toEqual({ key: "amount", dir: "desc" });
    s = nextSort(s, "amount");
    expect(s).toEqual(NO_SORT);
    expect(nextSort({ key: "amount", dir: "desc" }, "name")).toEqual({ key: "name", dir: "asc" });
  });
});

describe("sortRows", () => {
  it("sorts amounts numerically, exactly, with empties last both ways", () => {
    const asc = sortRows(rows, { key: "amount", dir: "asc" }, cols).map((r) => r.name);
    expect(asc).toEqual(["Ändringar", "Skrivare", "Server", "Nät", "Video"]);
    const desc = sortRows(rows, { key: "amount", dir: "desc" }, cols).map((r) => r.name);
    expect(desc).toEqual(["Nät", "Server", "Skrivare", "Ändringar", "Video"]);
  });
  it("sorts text in Swedish order (å ä ö after z)", () => {
    const names = sortRows(rows, { key: "name", dir: "asc" }, cols).map((r) => r.name);
    expect(names).toEqual(["Nät", "Server", "Skrivare", "Video", "Ändringar"]);
  });
  it("sorts numbers as numbers, not text", () => {
    expect(sortRows(rows, { key: "n", dir: "asc" }, cols).map((r) => r.n)).toEqual([1, 2, 3, 4, 10]);
  });
  it("keeps the original order when unsorted and does not mutate the input", () => {
    const copy = [...rows];
    expect(sortRows(rows, NO_SORT, cols)).toEqual(rows);
    sortRows(rows, { key: "name", dir: "desc" }, cols);
    expect(rows).toEqual(copy);
  });
  it("is stable for equal keys", () => {
    const eq = [
      { name: "a", amount: "1.00", n: 1 },
      { name: "b", amount: "1.00", n: 2 },
      { name: "c", amount: "1.00", n: 3 },
    ];
    expect(sortRows(eq, { key: "amount", dir: "desc" }, cols).map((r) => r.name)).toEqual(["a", "b", "c"]);
  });
});

describe("filterRows", () => {
  it("matches case-insensitively on any column, every word", () => {
    expect(filterRows(rows, "nät", cols).map((r) => r.name)).toEqual(["Nät"]);
    expect(filterRows(rows, "S", cols).map((r) => r.name)).toEqual(["Server", "Skrivare"]);
    expect(filterRows(rows, "server 4000000", cols).map((r) => r.name)).toEqual(["Server"]);
  });
  it("finds amounts typed without decimals or with a Swedish comma", () => {
    expect(filterRows(rows, "13000000", cols).map((r) => r.name)).toEqual(["Nät"]);
    expect(filterRows(rows, "-500,00", cols).map((r) => r.name)).toEqual(["Ändringar"]);
  });
  it("returns everything for an empty query", () => {
    expect(filterRows(rows, "   ", cols)).toHaveLength(rows.length);
  });
  it("combines with sorting", () => {
    expect(applyTable(rows, "s", { key: "amount", dir: "desc" }, cols).map((r) => r.name)).toEqual(["Server", "Skrivare"]);
  });
});

describe("moveCursor", () => {
  it("moves within bounds", () => {
    expect(moveCursor({ row: 0, col: 0 }, "ArrowDown", 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveCursor({ row: 0, col: 0 }, "ArrowUp", 3, 4)).toEqual({ row: 0, col: 0 });
    expect(moveCursor({ row: 2, col: 3 }, "ArrowRight", 3, 4)).toEqual({ row: 2, col: 3 });
    expect(moveCursor({ row: 1, col: 2 }, "Home", 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveCursor({ row: 1, col: 2 }, "End", 3, 4)).toEqual({ row: 1, col: 3 });
    expect(moveCursor({ row: 0, col: 1 }, "PageDown", 30, 4)).toEqual({ row: 10, col: 1 });
  });
  it("ignores other keys and empty grids", () => {
    expect(moveCursor({ row: 0, col: 0 }, "a", 3, 4)).toBeNull();
    expect(moveCursor({ row: 0, col: 0 }, "ArrowDown", 0, 4)).toBeNull();
  });
});
