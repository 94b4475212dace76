// Swedish number formatting for amounts that arrive from Rust as decimal
// strings in kronor ("14600000.00", "-1234.50"). No floating point on the way:
// the string is read into integer öre (BigInt), rounded half away from zero,
// and grouped by hand. Thousands are separated by U+00A0 (no-break space) so a
// figure never wraps inside a table cell; decimals use a comma; negatives use
// an ASCII hyphen-minus so a copied figure pastes into Swedish Excel as a number.

export const NBSP = "\u00a0";
/** Shown for a missing or zero figure where the reference report writes "–". */
export const DASH = "–";

export type Unit = "kr" | "tkr" | "mnkr";
export const UNITS: Unit[] = ["kr", "tkr", "mnkr"];

/** Parse a decimal string in kronor to öre. Throws on anything that is not a plain decimal. */
export function toOre(s: string): bigint {
  const t = s.trim();
  const m = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(s)}`);
  const [, sign, whole, frac = ""] = m;
  const ore = BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
  return sign === "-" ? -ore : ore;
}

/** Integer division rounding half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (a + d / 2n) / d;
  return neg ? -q : q;
}

function group(digits: string): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += NBSP;
    out += digits[i];
  }
  return out;
}

/** A scaled integer with `decimals` implied decimals → "1 234,5". */
function render(scaled: bigint, decimals: number): string {
  const neg = scaled < 0n;
  const abs = (neg ? -scaled : scaled).toString().padStart(decimals + 1, "0");
  const whole = abs.slice(0, abs.length - decimals);
  const frac = decimals > 0 ? "," + abs.slice(abs.length - decimals) : "";
  const body = group(whole) + frac;
  // "-0" never shown: a value that rounds to zero is zero.
  return neg && /[1-9]/.test(body) ? "-" + body : body;
}

export interface AmountFormat {
  unit?: Unit;
  /** Decimals shown; defaults: kr 0, tkr 0, mnkr 1. */
  decimals?: number;
  /** Append the unit ("kr", "tkr", "mnkr"). */
  suffix?: boolean;
  /** Show "–" for null/undefined and for a zero amount. */
  dashZero?: boolean;
  /** Prefix a positive amount with "+" (a result or variance: "+6 000 000"). */
  signed?: boolean;
}

const DEFAULT_DECIMALS: Record<Unit, number> = { kr: 0, tkr: 0, mnkr: 1 };
const DIVISOR_ORE: Record<Unit, bigint> = { kr: 100n, tkr: 100_000n, mnkr: 100_000_000n };

/**
 * Format an amount in kronor (decimal string) for display.
 *   formatAmount("14600000.00")                         → "14 600 000"
 *   formatAmount("14600000.00", {unit:"mnkr"})          → "14,6"
 *   formatAmount("14600000.00", {unit:"mnkr", suffix})  → "14,6 mnkr"
 *   formatAmount("14600000.00", {decimals:2, suffix})   → "14 600 000,00 kr"
 */
export function formatAmount(value: string | null | undefined, opts: AmountFormat = {}): string {
  const unit = opts.unit ?? "kr";
  if (value === null || value === undefined || value === "") return opts.dashZero ? DASH : "";
  const ore = toOre(value);
  if (ore === 0n && opts.dashZero) return DASH;
  const decimals = opts.decimals ?? DEFAULT_DECIMALS[unit];
  // scaled = value / unit * 10^decimals, computed from öre with one rounding.
  const pow = 10n ** BigInt(decimals);
  const scaled = divRound(ore * pow, DIVISOR_ORE[unit]);
  const text = (opts.signed && scaled > 0n ? "+" : "") + render(scaled, decimals);
  return opts.suffix ? `${text}${NBSP}${unit}` : text;
}

/**
 * Hours that arrive as a decimal string (an HR file's sum): whole hours
 * grouped, decimals only when there are any. formatHours("365500.00") → "365 500".
 */
export function formatHours(value: string): string {
  const hundredths = toOre(value);
  return hundredths % 100n === 0n ? render(hundredths / 100n, 0) : render(hundredths, 2);
}

/** Percent with one decimal and a Swedish comma: "84,9 %". Accepts a decimal string or number. */
export function formatPercent(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return DASH;
  const s = typeof value === "number" ? value.toFixed(1) : value;
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return DASH;
  const [, sign, whole, frac = ""] = m;
  // round to one decimal, half away from zero, on the digits
  const tenths = BigInt(whole) * 10n + BigInt((frac + "0")[0]) + (frac.length > 1 && Number(frac[1]) >= 5 ? 1n : 0n);
  return `${render(sign === "-" ? -tenths : tenths, 1)}${NBSP}%`;
}

/** Period YYYYMM → "mars 2018" / "March 2018". */
const MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export function monthName(month: number, lang: "sv" | "en"): string {
  return (lang === "sv" ? MONTHS_SV : MONTHS_EN)[month - 1] ?? String(month);
}
export function formatPeriod(period: number, lang: "sv" | "en"): string {
  const y = Math.floor(period / 100);
  const m = period % 100;
  return `${monthName(m, lang)} ${y}`;
}

/** ISO timestamp (or "YYYY-MM-DD HH:MM:SS") → "2026-11-23 09:15", the form Swedish users expect. */
export function formatTimestamp(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(s);
  return m ? `${m[1]} ${m[2]}` : s;
}

/** Whole number with grouping: 12345 → "12 345". */
export function formatCount(n: number): string {
  return render(BigInt(Math.round(n)), 0);
}

/** Sum of decimal-string amounts, exact. */
export function sumAmounts(values: (string | null | undefined)[]): string {
  let total = 0n;
  for (const v of values) if (v) total += toOre(v);
  const neg = total < 0n;
  const a = neg ? -total : total;
  return `${neg ? "-" : ""}${a / 100n}.${(a % 100n).toString().padStart(2, "0")}`;
}

/** Compare two decimal-string amounts (for sorting). */
export function compareAmounts(a: string, b: string): number {
  const x = toOre(a);
  const y = toOre(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Amount in kronor as a JS number — only for chart geometry, never for display or sums. */
export function amountToNumber(s: string | null | undefined): number {
  if (!s) return 0;
  return Number(toOre(s)) / 100;
}
