import { useEffect, useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { ErrorBox, Section, useLoad } from "../components/common";
import { ServerDialog } from "../components/ServerDialog";
import { useApp } from "../context";
import { NBSP, UNITS, formatAmount, type Unit } from "../format";
import type { AppInfo, Settings as StoredSettings } from "../types";

export function Settings() {
  const { t, info, setInfo, changed, lang, setLang, unit, setUnit } = useApp();
  const [error, setError] = useState("");
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const [connecting, setConnecting] = useState(false);
  const server = info?.db_server;

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
      const i = await cmd.chooseDatabase(create);
      if (i) {
        setInfo(i);
        setMessage(t("set.switched", { path: i.db_path }));
        changed();
      }
    });
  const useDefault = () =>
    run(async () => {
      const i = await cmd.useDefaultDatabase();
      setInfo(i);
      setMessage(t("set.switched", { path: i.db_path }));
      changed();
    });
  const connected = (i: AppInfo) => {
    setConnecting(false);
    setError("");
    setInfo(i);
    setMessage(t("set.connected", { path: i.db_path }));
    changed();
  };
  const demo = () =>
    run(async () => {
      const out = await cmd.loadDemo();
      setMessage(out.map((o) => `${o.file}: ${o.rows}`).join(" · "));
      changed();
    });

  return (
    <div className="screen" id="screen-settings">
      <Section title={server ? t("set.serverDatabase") : t("set.database")}>
        <p>
          <code id="db-path">{info?.db_path}</code>
        </p>
        {/* a server's database is backed up by the server: no copies of Ramkoll's to list or restore */}
        {server && (
          <p className="muted" id="db-backups">
            {t("set.serverBackups")}
          </p>
        )}
        {info?.db_error && <ErrorBox error={info.db_error.message} />}
        <div className="buttons">
          <button type="button" onClick={() => switchDb(false)} disabled={busy}>
            {t("set.openDb")}
          </button>
          <button type="button" className="secondary" onClick={() => switchDb(true)} disabled={busy}>
            {t("set.newDb")}
          </button>
          <button type="button" className="secondary" id="connect-server" onClick={() => setConnecting(true)} disabled={busy}>
            {t("set.connectServer")}
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
        {connecting && <ServerDialog onConnected={connected} onClose={() => setConnecting(false)} />}
      </Section>
      <StaffSettings />
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

/** Årsarbetstid and the selected year's PO-pålägg (used by the Personal screen). */
function StaffSettings() {
  const { t, year, info, changed } = useApp();
  const loaded = useLoad(() => (info && !info.db_error ? cmd.getSettings() : null), [info?.db_path]);
  const [settings, setSettings] = useState<StoredSettings | null>(null);
  const [hours, setHours] = useState("");
  const [rate, setRate] = useState("");
  const [error, setError] = useState("");
  const [message, setMessage] = useState("");
  const po = settings?.po_rates.find((p) => p.year === year) ?? null;

  useEffect(() => setSettings(loaded.data), [loaded.data]);
  useEffect(() => {
    if (!settings) return;
    setHours(String(settings.annual_hours));
  }, [settings]);
  useEffect(() => setRate(po?.stored ? po.rate.replace(".", ",") : ""), [po?.rate, po?.stored]);

  if (!settings) return <ErrorBox error={loaded.error} />;
  const save = async (key: string, value: string, what: string) => {
    setError("");
    setMessage("");
    try {
      setSettings(await cmd.setSetting(key, value));
      setMessage(t("set.settingSaved", { what }));
      changed();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (hours.trim() !== String(settings.annual_hours)) await save("annual_hours", hours, `${t("set.annualHours")}: ${hours.trim()} h`);
    if (year !== null && rate.trim() !== "" && rate.trim() !== (po?.stored ? po.rate.replace(".", ",") : ""))
      await save(`po_rate/${year}`, rate, `${t("set.poRate", { year })}: ${rate.trim()}`);
  };
  return (
    <Section title={t("set.staffing")} id="staff-settings">
      <form className="settings-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t("set.annualHours")}{" "}
          <input id="annual-hours" className="narrow" inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} />
        </label>
        <p className="muted small">{t("set.annualHoursHelp", { default: settings.annual_hours_default })}</p>
        {year !== null && (
          <>
            <label>
              {t("set.poRate", { year })}{" "}
              <input
                id="po-rate"
                className="narrow"
                inputMode="decimal"
                value={rate}
                placeholder={po ? po.rate.replace(".", ",") : ""}
                onChange={(e) => setRate(e.target.value)}
              />{" "}
              {po?.stored && <span className="muted small">({t("set.poRateStored")})</span>}
            </label>
            <p className="muted small">{t("set.poRateHelp", { rate: po && !po.stored ? `(${po.rate.replace(".", ",")}${NBSP}%)` : "" })}</p>
          </>
        )}
        <button type="submit" id="save-staff-settings">
          {t("common.save")}
        </button>
      </form>
      <ErrorBox error={error} />
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
    </Section>
  );
}
