import { describe, expect, it } from "vitest";
import {
  DASH,
  NBSP,
  compareAmounts,
  formatAmount,
  formatCount,
  formatHours,
  formatPercent,
  formatPeriod,
  formatTimestamp,
  sumAmounts,
  toOre,
} from "./format";

// Write expectations with a visible space and swap in the NBSP the app uses.
const sv = (s: string) => s.replace(/ /g, NBSP);

describe("toOre", () => {
  it("reads the decimal strings Rust sends", () => {
    expect(toOre("14600000.00")).toBe(1_460_000_000n);
    expect(toOre("-1234.5")).toBe(-123_450n);
    expect(toOre("0")).toBe(0n);
    expect(toOre("7")).toBe(700n);
  });
  it("rejects anything else", () => {
    expect(() => toOre("1 234,50")).toThrow();
    expect(() => toOre("1e6")).toThrow();
    expect(() => toOre("12.345")).toThrow();
  });
});

describe("formatAmount", () => {
  it("formats the reference figures in kronor", () => {
    expect(formatAmount("14600000.00")).toBe(sv("14 600 000"));
    expect(formatAmount("77600000.00")).toBe(sv("77 600 000"));
    expect(formatAmount("999.00")).toBe("999");
    expect(formatAmount("1000.00")).toBe(sv("1 000"));
  });
  it("uses NBSP as thousands separator, never a plain space", () => {
    const s = formatAmount("1234567.89", { decimals: 2 });
    expect(s).toBe("1\u00a0234\u00a0567,89");
    expect(s).not.toContain(" ");
  });
  it("shows öre and the unit when asked", () => {
    expect(formatAmount("14600000.00", { decimals: 2, suffix: true })).toBe(sv("14 600 000,00 kr"));
    expect(formatAmount("-1234.50", { decimals: 2 })).toBe(sv("-1 234,50"));
  });
  it("formats mnkr with one decimal and a comma", () => {
    expect(formatAmount("14600000.00", { unit: "mnkr" })).toBe("14,6");
    expect(formatAmount("14600000.00", { unit: "mnkr", suffix: true })).toBe(sv("14,6 mnkr"));
    expect(formatAmount("63000000.00", { unit: "mnkr" })).toBe("63,0");
    expect(formatAmount("1234560000.00", { unit: "mnkr" })).toBe(sv("1 234,6"));
    expect(formatAmount("12449999.99", { unit: "mnkr" })).toBe("12,4");
    expect(formatAmount("12450000.00", { unit: "mnkr" })).toBe("12,5");
  });
  it("formats tkr rounded to whole thousands", () => {
    expect(formatAmount("14600000.00", { unit: "tkr" })).toBe(sv("14 600"));
    expect(formatAmount("1499.99", { unit: "tkr" })).toBe("1");
    expect(formatAmount("1500.00", { unit: "tkr", suffix: true })).toBe(sv("2 tkr"));
  });
  it("rounds half away from zero, also for negatives", () => {
    expect(formatAmount("0.50")).toBe("1");
    expect(formatAmount("-0.50")).toBe("-1");
    expect(formatAmount("-2450000.00", { unit: "mnkr" })).toBe("-2,5");
  });
  it("never shows a negative zero", () => {
    expect(formatAmount("-0.40")).toBe("0");
    expect(formatAmount("-40000.00", { unit: "mnkr" })).toBe("0,0");
  });
  it("writes a dash for zero or missing when the report does", () => {
    expect(formatAmount("0.00", { dashZero: true })).toBe(DASH);
    expect(formatAmount(null, { dashZero: true })).toBe(DASH);
    expect(formatAmount(undefined)).toBe("");
    expect(formatAmount("0.00")).toBe("0");
  });
  it("handles amounts beyond 2^53 öre exactly", () => {
    expect(formatAmount("123456789012345.67", { decimals: 2 })).toBe(sv("123 456 789 012 345,67"));
  });
});

describe("other formats", () => {
  it("percent", () => {
    expect(formatPercent("84.93")).toBe(sv("84,9 %"));
    expect(formatPercent("84.95")).toBe(sv("85,0 %"));
    expect(formatPercent(134.2)).toBe(sv("134,2 %"));
    expect(formatPercent(null)).toBe(DASH);
  });
  it("period and time", () => {
    expect(formatPeriod(201803, "sv")).toBe("mars 2018");
    expect(formatPeriod(201812, "en")).toBe("December 2018");
    expect(formatTimestamp("2026-11-23T09:15:42Z")).toBe("2026-11-23 09:15");
  });
  it("count", () => {
    expect(formatCount(12345)).toBe(sv("12 345"));
  });
  it("sums and compares exactly", () => {
    expect(sumAmounts(["8200000.00", "6400000.00", null])).toBe("14600000.00");
    expect(sumAmounts(["0.10", "0.20"])).toBe("0.30");
    expect(sumAmounts(["-5.00", "2.50"])).toBe("-2.50");
    expect(compareAmounts("9.00", "10.00")).toBe(-1);
    expect(compareAmounts("-1.00", "-2.00")).toBe(1);
  });
});

describe("signed amounts and hours", () => {
  it("puts + on a positive result, never on zero or a negative", () => {
    expect(formatAmount("6000000.00", { unit: "mnkr", signed: true, suffix: true })).toBe(sv("+6,0 mnkr"));
    expect(formatAmount("6000000.00", { signed: true })).toBe(sv("+6 000 000"));
    expect(formatAmount("-1800000.00", { unit: "mnkr", signed: true })).toBe("-1,8");
    expect(formatAmount("0.00", { signed: true })).toBe("0");
  });
  it("shows hours whole when whole, with decimals when not", () => {
    expect(formatHours("365500.00")).toBe(sv("365 500"));
    expect(formatHours("7.50")).toBe("7,50");
  });
});
