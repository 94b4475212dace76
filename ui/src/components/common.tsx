import { useEffect, useRef, useState, type ReactNode } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { useApp } from "../context";
import { formatPeriod } from "../format";

/** Loads data for a screen; reloads when the inputs or the data version change. */
export function useLoad<T>(load: () => Promise<T> | null, deps: unknown[]): { data: T | null; error: string; loading: boolean; reload: () => void } {
  const { version } = useApp();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState("");
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const p = load();
    if (!p) {
      setData(null);
      return;
    }
    let live = true;
    setLoading(true);
    setError("");
    p.then(
      (d) => live && setData(d),
      (e) => live && setError(errorText(e)),
    ).finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version, tick]);
  return { data, error, loading, reload: () => setTick((x) => x + 1) };
}

export function ErrorBox({ error }: { error: string }) {
  if (!error) return null;
  return (
    <div className="error" role="alert">
      {error.split("\n").map((l, i) => (
        <div key={i}>{l}</div>
      ))}
    </div>
  );
}

/**
 * The outcome of an action (saved, undone, exported): it takes the focus when
 * it appears, so the next Tab goes on from here and a screen reader reads it.
 */
export function Outcome({ children, className = "notice", id, focusKey }: { children: ReactNode; className?: string; id?: string; focusKey?: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  return (
    <div ref={ref} className={`${className} outcome`} id={id} role="status" tabIndex={-1}>
      {children}
    </div>
  );
}

export function Section({ title, children, actions, id }: { title: ReactNode; children: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <section className="card" id={id}>
      <div className="card-head">
        <h2>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** What a first-time user sees: what to import, or load the demo. */
export function EmptyState({ message }: { message?: string }) {
  const { t, go, changed } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const demo = async () => {
    setBusy(true);
    setError("");
    try {
      await cmd.loadDemo();
      changed();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="empty-state">
      <h2>{t("empty.title")}</h2>
      <p>{message ?? t("empty.body")}</p>
      <div className="buttons">
        <button type="button" onClick={() => go("import")}>
          {t("empty.toImport")}
        </button>
        <button type="button" className="secondary" onClick={demo} disabled={busy}>
          {busy ? t("empty.demoLoading") : t("empty.demo")}
        </button>
      </div>
      <ErrorBox error={error} />
    </div>
  );
}

/** "Investeringar 2018" or "Investeringar 2018 t.o.m. mars 2018". */
export function usePeriodLabel(): string {
  const { year, period, lang, t } = useApp();
  if (year === null) return "";
  return period ? `${year} ${t("top.upTo")} ${formatPeriod(period, lang)}` : String(year);
}
