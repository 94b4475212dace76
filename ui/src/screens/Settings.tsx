import { useState } from "react";
import { call, errorText } from "../api";
import { ErrorBox, Section } from "../components/common";
import { useApp } from "../context";
import { UNITS, formatAmount, type Unit } from "../format";
import type { AppInfo, ImportOutcome } from "../types";

export function Settings() {
  const { t, info, setInfo, changed, lang, setLang, unit, setUnit } = useApp();
  const [error, setError] = useState("");
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError("");
    setMessage("");
    try {
      await f();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const switchDb = (create: boolean) =>
    run(async () => {
      const i = await call<AppInfo | null>("choose_database", { create });
      if (i) {
        setInfo(i);
        setMessage(t("set.switched", { path: i.db_path }));
        changed();
      }
    });
  const useDefault = () =>
    run(async () => {
      const i = await call<AppInfo>("use_default_database");
      setInfo(i);
      setMessage(t("set.switched", { path: i.db_path }));
      changed();
    });
  const demo = () =>
    run(async () => {
      const out = await call<ImportOutcome[]>("load_demo");
      setMessage(out.map((o) => `${o.file}: ${o.rows}`).join(" · "));
      changed();
    });

  return (
    <div className="screen" id="screen-settings">
      <Section title={t("set.database")}>
        <p>
          <code id="db-path">{info?.db_path}</code>
        </p>
        {info?.db_error && <ErrorBox error={info.db_error.message} />}
        <div className="buttons">
          <button type="button" onClick={() => switchDb(false)} disabled={busy}>
            {t("set.openDb")}
          </button>
          <button type="button" className="secondary" onClick={() => switchDb(true)} disabled={busy}>
            {t("set.newDb")}
          </button>
          {info && !info.db_is_default && (
            <button type="button" className="secondary" onClick={useDefault} disabled={busy}>
              {t("set.defaultDb")}
            </button>
          )}
        </div>
        <ErrorBox error={error} />
        {message && (
          <p className="notice" role="status">
            {message}
          </p>
        )}
      </Section>
      <Section title={t("set.demo")}>
        <p className="muted">{t("set.demoHelp")}</p>
        <button type="button" className="secondary" onClick={demo} disabled={busy}>
          {busy ? t("empty.demoLoading") : t("empty.demo")}
        </button>
      </Section>
      <Section title={`${t("set.language")} / ${t("set.unit")}`}>
        <div className="row-inputs">
          <label>
            {t("set.language")}{" "}
            <select value={lang} onChange={(e) => setLang(e.target.value as "sv" | "en")}>
              <option value="sv">Svenska</option>
              <option value="en">English</option>
            </select>
          </label>
          <label>
            {t("set.unit")}{" "}
            <select value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {formatAmount("14600000.00", { unit: u, suffix: true })}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="muted">{t("set.unitHelp")}</p>
      </Section>
      <p className="muted small">
        {t("set.version")} {info?.version}
      </p>
    </div>
  );
}
