import { useEffect, useRef } from "react";
import { Drilldown } from "./components/Drilldown";
import { SCREENS, useApp, type Screen } from "./context";
import { UNITS, monthName } from "./format";
import type { Key } from "./i18n";
import { Capital } from "./screens/Capital";
import { Export } from "./screens/Export";
import { History } from "./screens/History";
import { Import } from "./screens/Import";
import { useImportRunning } from "./screens/import/store";
import { Investments } from "./screens/Investments";
import { Log } from "./screens/Log";
import { Overview } from "./screens/Overview";
import { Rules } from "./screens/Rules";
import { Settings } from "./screens/Settings";
import { Staffing } from "./screens/Staffing";
import { Variance } from "./screens/Variance";

const VIEWS: Record<Screen, () => React.JSX.Element | null> = {
  overview: Overview,
  import: Import,
  investments: Investments,
  variance: Variance,
  staffing: Staffing,
  rules: Rules,
  history: History,
  log: Log,
  export: Export,
  settings: Settings,
  capital: Capital,
};

function PeriodPicker() {
  const { t, info, year, setYear, period, setPeriod, lang } = useApp();
  if (!info || info.years.length === 0 || year === null) return <span className="muted">{t("top.noYears")}</span>;
  const last = info.last_periods.find(([y]) => y === year)?.[1] ?? null;
  const lastMonth = last ? last % 100 : 12;
  const months = Array.from({ length: lastMonth }, (_, i) => year * 100 + i + 1);
  return (
    <div className="period-picker">
      <label>
        {t("top.year")}{" "}
        <select id="year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[...info.years].reverse().map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("top.period")}{" "}
        <select id="period" value={period ?? ""} onChange={(e) => setPeriod(e.target.value ? Number(e.target.value) : null)}>
          <option value="">{t("top.wholeYear")}</option>
          {months.map((p) => (
            <option key={p} value={p}>
              {t("top.upTo")} {monthName(p % 100, lang)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

export function App() {
  const { t, screen, go, unit, setUnit, lang, setLang, info, drill, refreshInfo } = useApp();
  const View = VIEWS[screen];
  // the other screens read the state before a running import; its end refreshes them (`changed`)
  const importing = useImportRunning(refreshInfo);
  const content = useRef<HTMLElement>(null);

  // Ctrl+1…9 switch screens.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && /^[1-9]$/.test(e.key)) {
        e.preventDefault();
        go(SCREENS[Number(e.key) - 1]);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go]);

  return (
    <div className="app">
      {/* The first Tab stop: past the menu and the top bar straight to the screen. */}
      <a
        href="#content"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          content.current?.focus();
        }}
      >
        {t("a11y.skip")}
      </a>
      <nav className="sidebar" aria-label={t("a11y.menu")}>
        <div className="brand">
          <img src="/icon.png" alt="" width={28} height={28} />
          <span>Ramkoll</span>
        </div>
        <ul>
          {SCREENS.map((s, i) => (
            <li key={s}>
              <button
                type="button"
                id={`nav-${s}`}
                className={s === screen ? "active" : undefined}
                aria-current={s === screen ? "page" : undefined}
                onClick={() => go(s)}
                title={i < 9 ? `Ctrl+${i + 1}` : undefined}
              >
                {t(`nav.${s}` as Key)}
              </button>
            </li>
          ))}
        </ul>
        <div className="db" title={info?.db_path}>
          <span className="muted small">{t("top.database")}</span>
          <button type="button" className="link small db-path" onClick={() => go("settings")}>
            {info?.db_server ? info.db_server.dbname : (info?.db_path.split(/[\\/]/).pop() ?? "…")}
          </button>
          {info?.db_server && <span className="muted small db-server">{t("top.onServer", { host: info.db_server.host })}</span>}
          {info?.db_warning && (
            <p className="warn-text small" role="status" title={info.db_warning}>
              {t("db.networkWarning")}
            </p>
          )}
        </div>
      </nav>
      <div className="main">
        <header className="topbar">
          <h1>{t(`nav.${screen}` as Key)}</h1>
          <PeriodPicker />
          <div className="toggles">
            <div className="segmented" role="group" aria-label={t("top.unit")}>
              {UNITS.map((u) => (
                <button key={u} type="button" aria-pressed={u === unit} className={u === unit ? "on" : undefined} onClick={() => setUnit(u)}>
                  {u}
                </button>
              ))}
            </div>
            <div className="segmented" role="group" aria-label={t("top.language")}>
              {(["sv", "en"] as const).map((l) => (
                <button key={l} type="button" aria-pressed={l === lang} className={l === lang ? "on" : undefined} onClick={() => setLang(l)}>
                  {l.toUpperCase()}
                </button>
              ))}
            </div>
          </div>
        </header>
        {info?.db_error && screen !== "settings" && (
          <div className="error banner" role="alert">
            {info.db_error.message}{" "}
            <button type="button" className="link" onClick={() => go("settings")}>
              {t("nav.settings")}
            </button>
          </div>
        )}
        {importing && screen !== "import" && (
          <div className="notice" id="import-running" role="status" style={{ margin: "12px 24px 0" }}>
            {t("imp.runningElsewhere")}{" "}
            <button type="button" className="link" onClick={() => go("import")}>
              {t("imp.toImport")}
            </button>
          </div>
        )}
        <main className="content" id="content" ref={content} tabIndex={-1}>
          <View />
        </main>
      </div>
      {drill && <Drilldown />}
    </div>
  );
}
