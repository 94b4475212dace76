// "Anslut till server…": host, port, database, user and a password for a
// shared PostgreSQL database. The password lives in this form's state until
// the dialog closes; the shell keeps it in memory only (never in settings).

import { useEffect, useRef, useState } from "react";
import { errorText, isAppError } from "../api";
import * as cmd from "../commands";
import { useApp } from "../context";
import type { Key } from "../i18n";
import type { AppInfo } from "../types";

type Field = "host" | "port" | "dbname" | "user" | "password";

/** The fields the shell names in an invalid value (`CmdError.field`). */
const CHECKED: Field[] = ["host", "port", "dbname"];

export function ServerDialog({ onConnected, onClose }: { onConnected: (info: AppInfo) => void; onClose: () => void }) {
  const { t, info } = useApp();
  const current = info?.db_server;
  const [form, setForm] = useState<Record<Field, string>>({
    host: current?.host ?? "",
    port: String(current?.port ?? 5432),
    dbname: current?.dbname ?? "",
    user: current?.user ?? "",
    password: "",
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: Field | null; text: string } | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = (f: Field) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [f]: e.target.value });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onConnected(await cmd.connectServer(form.host, form.port, form.dbname, form.user, form.password));
    } catch (err) {
      const field = isAppError(err) && CHECKED.includes(err.field as Field) ? (err.field as Field) : null;
      // a field we name in the user's language; a refused connection with the server's own words
      setError(field ? { field, text: t(`srv.bad.${field}` as Key) } : { field: null, text: `${t("srv.failed")}\n${errorText(err)}` });
    } finally {
      setBusy(false);
    }
  };
  const input = (f: Field, type = "text", className?: string) => (
    <label className="server-field">
      <span>{t(`srv.${f}` as Key)}</span>
      <input
        id={`srv-${f}`}
        ref={f === "host" ? first : undefined}
        type={type}
        className={className}
        value={form[f]}
        onChange={set(f)}
        autoComplete="off"
        spellCheck={false}
        inputMode={f === "port" ? "numeric" : undefined}
        aria-invalid={error?.field === f || undefined}
      />
    </label>
  );

  return (
    <div className="modal-backdrop">
      <div
        className="modal narrow-modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="server-title"
        id="server-dialog"
        onKeyDown={(e) => {
          if (e.key === "Escape" && !busy) {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id="server-title">{t("srv.title")}</h2>
        <p className="muted">{t("srv.help")}</p>
        <form className="server-form" onSubmit={(e) => void submit(e)}>
          <div className="server-row">
            {input("host")}
            {input("port", "text", "narrow")}
          </div>
          {input("dbname")}
          {input("user")}
          <p className="muted small">{t("srv.userHelp")}</p>
          {input("password", "password")}
          {error && (
            <div className="error" role="alert" id="server-error">
              {error.text.split("\n").map((l, i) => (
                <div key={i}>{l}</div>
              ))}
            </div>
          )}
          <div className="dialog-actions">
            <button type="submit" id="server-connect" disabled={busy}>
              {busy ? t("srv.connecting") : t("srv.connect")}
            </button>
            <button type="button" className="secondary" id="server-cancel" onClick={onClose} disabled={busy}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
