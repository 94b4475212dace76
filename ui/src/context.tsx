import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import * as cmd from "./commands";
import { formatAmount, type AmountFormat, type Unit } from "./format";
import { translate, type Key, type Lang } from "./i18n";
import type { AppInfo, LineQuery } from "./types";

export type Screen =
  | "overview"
  | "import"
  | "investments"
  | "variance"
  | "staffing"
  | "rules"
  | "history"
  | "log"
  | "export"
  | "settings"
  | "capital";
// Kapitalkostnader last: Ctrl+1…9 keep the screens they had.
export const SCREENS: Screen[] = ["overview", "import", "investments", "variance", "staffing", "rules", "history", "log", "export", "settings", "capital"];

export interface Drill {
  title: string;
  query: LineQuery;
}

export interface AppCtx {
  lang: Lang;
  setLang: (l: Lang) => void;
  unit: Unit;
  setUnit: (u: Unit) => void;
  t: (key: Key, vars?: Record<string, string | number>) => string;
  /** Amount in the user's unit, "–" for zero. */
  fmt: (value: string | null | undefined, opts?: AmountFormat) => string;
  info: AppInfo | null;
  setInfo: (i: AppInfo) => void;
  refreshInfo: () => Promise<void>;
  year: number | null;
  setYear: (y: number) => void;
  /** Year-to-date up to this period (YYYYMM); null = whole year. */
  period: number | null;
  setPeriod: (p: number | null) => void;
  screen: Screen;
  go: (s: Screen) => void;
  drill: Drill | null;
  openDrill: (d: Drill | null) => void;
  /** The Logg screen's subject filter (`batch 3`, a comment's key), set by `openLog`. */
  logSubject: string | null;
  /** Open the Logg screen on the entries about one thing (null: all). */
  openLog: (subject: string | null) => void;
  /** Bumped after anything that changes data (imports, undo, rules, database switch). */
  version: number;
  changed: () => void;
}

const Ctx = createContext<AppCtx | null>(null);

export function useApp(): AppCtx {
  const c = useContext(Ctx);
  if (!c) throw new Error("useApp outside AppProvider");
  return c;
}

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const v = typeof localStorage !== "undefined" ? localStorage.getItem(key) : null;
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

export function AppProvider({ children, initialScreen = "overview" }: { children: ReactNode; initialScreen?: Screen }) {
  const [lang, setLangState] = useState<Lang>(() => stored("ramkoll.lang", ["sv", "en"] as const, "sv"));
  const [unit, setUnitState] = useState<Unit>(() => stored("ramkoll.unit", ["kr", "tkr", "mnkr"] as const, "kr"));
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [year, setYear] = useState<number | null>(null);
  const [period, setPeriod] = useState<number | null>(null);
  const [screen, go] = useState<Screen>(initialScreen);
  const [drill, openDrill] = useState<Drill | null>(null);
  const [logSubject, setLogSubject] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const setLang = useCallback((l: Lang) => {
    localStorage.setItem("ramkoll.lang", l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const setUnit = useCallback((u: Unit) => {
    localStorage.setItem("ramkoll.unit", u);
    setUnitState(u);
  }, []);

  const refreshInfo = useCallback(async () => {
    const i = await cmd.appInfo();
    setInfo(i);
  }, []);

  // Keep the chosen year valid: default to the latest year with data.
  useEffect(() => {
    if (!info) return;
    if (info.years.length === 0) {
      setYear(null);
      setPeriod(null);
    } else if (year === null || !info.years.includes(year)) {
      setYear(info.years[info.years.length - 1]);
      setPeriod(null);
    }
  }, [info, year]);

  useEffect(() => {
    refreshInfo().catch(() => undefined);
  }, [refreshInfo]);

  const changed = useCallback(() => {
    setVersion((v) => v + 1);
    refreshInfo().catch(() => undefined);
  }, [refreshInfo]);

  const value = useMemo<AppCtx>(
    () => ({
      lang,
      setLang,
      unit,
      setUnit,
      t: (key, vars) => translate(lang, key, vars),
      fmt: (v, opts) => formatAmount(v, { unit, dashZero: true, ...opts }),
      info,
      setInfo,
      refreshInfo,
      year,
      setYear: (y) => {
        setYear(y);
        setPeriod(null);
      },
      period,
      setPeriod,
      screen,
      go,
      drill,
      openDrill,
      logSubject,
      openLog: (subject) => {
        setLogSubject(subject);
        openDrill(null);
        go("log");
      },
      version,
      changed,
    }),
    [lang, setLang, unit, setUnit, info, refreshInfo, year, period, screen, drill, logSubject, version, changed],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
