import { useEffect, useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { DataTable, type Column } from "../components/DataTable";
import { lineColumns } from "../components/Drilldown";
import { ErrorBox, Outcome, Section, useLoad } from "../components/common";
import { useApp } from "../context";
import { formatAmount, formatCount } from "../format";
import { lineQuery } from "../api";
import type { LineRow, Rule, RuleField } from "../types";

const RULE_FIELDS: RuleField[] = ["konto", "projekt", "ansvar", "verksamhet", "text"];

/** A rule that would catch this line: its project code when it has one, else its account. */
export function ruleFromLine(l: LineRow): Rule {
  const field: RuleField = l.projekt ? "projekt" : "konto";
  return { id: null, field, pattern: field === "projekt" ? l.projekt : l.konto, area: null, category: null, cost_type: null, vo: null, note: `Från ${l.file_name}:${l.row_no}` };
}

const blank = (s: string) => (s.trim() === "" ? null : s);

export function Rules() {
  const { t, unit, changed } = useApp();
  const saved = useLoad(() => cmd.rules(), []);
  const unclassified = useLoad(() => cmd.lines(lineQuery({ unclassified: true, limit: 500 })), []);
  const [rules, setRules] = useState<Rule[]>([]);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");

  useEffect(() => {
    if (saved.data) {
      setRules(saved.data);
      setDirty(false);
    }
  }, [saved.data]);

  // Each column's inputs as wide as its longest text (plus padding and border), so none is cut ("Övriga personalk…").
  const width = (f: "pattern" | "category" | "cost_type" | "vo" | "note", min: number) => Math.max(min, ...rules.map((r) => (r[f] ?? "").length)) + 1;
  const edit = (i: number, patch: Partial<Rule>) => {
    setRules((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)));
    setDirty(true);
    setMessage("");
  };
  const move = (i: number, d: -1 | 1) => {
    setRules((rs) => {
      const j = i + d;
      if (j < 0 || j >= rs.length) return rs;
      const copy = [...rs];
      [copy[i], copy[j]] = [copy[j], copy[i]];
      return copy;
    });
    setDirty(true);
  };
  const remove = (i: number) => {
    setRules((rs) => rs.filter((_, k) => k !== i));
    setDirty(true);
  };
  const add = (r: Rule, top = false) => {
    setRules((rs) => (top ? [r, ...rs] : [...rs, r]));
    setDirty(true);
  };

  const save = async () => {
    setBusy(true);
    setError("");
    setMessage("");
    try {
      const cleaned = rules.map((r) => ({ ...r, area: r.area || null, category: blank(r.category ?? ""), cost_type: blank(r.cost_type ?? ""), vo: blank(r.vo ?? ""), note: blank(r.note ?? "") }));
      const o = await cmd.saveRules(cleaned);
      setMessage(t("rules.reclassified", { lines: formatCount(o.lines), changed: formatCount(o.changed), unclassified: formatCount(o.unclassified), sum: formatAmount(o.unclassified_sum, { unit, suffix: true }) }));
      changed();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const ucCols: Column<LineRow>[] = [
    ...lineColumns(t).filter((c) => ["period", "konto", "projekt", "ansvar", "text", "amount"].includes(c.key)),
    {
      key: "mk",
      header: "",
      sortable: false,
      value: () => null,
      render: (l) => (
        <button
          type="button"
          className="secondary small"
          onClick={() => {
            add(ruleFromLine(l), true);
            setMessage(t("rules.newFromLine", { konto: l.konto, projekt: l.projekt || "–" }));
          }}
        >
          {t("drill.makeRule")}
        </button>
      ),
    },
  ];

  return (
    <div className="screen" id="screen-rules">
      <Section
        title={t("rules.title")}
        actions={
          <>
            {dirty && <span className="warn-text">{t("rules.dirty")}</span>}
            <button type="button" className="secondary" onClick={() => add({ id: null, field: "projekt", pattern: "", area: null, category: null, cost_type: null, vo: null, note: null })}>
              {t("rules.add")}
            </button>
            <button type="button" onClick={save} disabled={busy || !dirty}>
              {busy ? t("rules.saving") : t("rules.save")}
            </button>
          </>
        }
      >
        <p className="muted">{t("rules.help")}</p>
        <ErrorBox error={saved.error || error} />
        {message && <Outcome focusKey={message}>{message}</Outcome>}
        <div className="scroll-x">
          <table className="rules" id="rules-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("rules.field")}</th>
                <th scope="col">{t("rules.pattern")}</th>
                <th scope="col">{t("rules.area")}</th>
                <th scope="col">{t("rules.category")}</th>
                <th scope="col">{t("rules.costType")}</th>
                <th scope="col">{t("rules.vo")}</th>
                <th scope="col">{t("rules.note")}</th>
                <th scope="col">
                  <span className="sr-only">{t("common.delete")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, i) => (
                <tr key={i}>
                  <td className="num">{i + 1}</td>
                  <td>
                    <select value={r.field} aria-label={`${t("rules.field")} ${i + 1}`} onChange={(e) => edit(i, { field: e.target.value as RuleField })}>
                      {RULE_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {t(`rules.f.${f}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input value={r.pattern} style={{ width: `calc(${width("pattern", 8)}ch + 14px)` }} aria-label={`${t("rules.pattern")} ${i + 1}`} onChange={(e) => edit(i, { pattern: e.target.value })} />
                  </td>
                  <td>
                    <select value={r.area ?? ""} aria-label={`${t("rules.area")} ${i + 1}`} onChange={(e) => edit(i, { area: e.target.value || null })}>
                      <option value="">–</option>
                      <option value="IT">IT</option>
                      <option value="MT">MT</option>
                    </select>
                  </td>
                  <td>
                    <input value={r.category ?? ""} style={{ width: `calc(${width("category", 8)}ch + 14px)` }} aria-label={`${t("rules.category")} ${i + 1}`} onChange={(e) => edit(i, { category: e.target.value })} />
                  </td>
                  <td>
                    <input value={r.cost_type ?? ""} style={{ width: `calc(${width("cost_type", 10)}ch + 14px)` }} aria-label={`${t("rules.costType")} ${i + 1}`} onChange={(e) => edit(i, { cost_type: e.target.value })} />
                  </td>
                  <td>
                    <input value={r.vo ?? ""} style={{ width: `calc(${width("vo", 4)}ch + 14px)` }} aria-label={`${t("rules.vo")} ${i + 1}`} onChange={(e) => edit(i, { vo: e.target.value })} />
                  </td>
                  <td>
                    <input value={r.note ?? ""} style={{ width: `calc(${width("note", 10)}ch + 14px)` }} aria-label={`${t("rules.note")} ${i + 1}`} onChange={(e) => edit(i, { note: e.target.value })} />
                  </td>
                  <td className="nowrap">
                    <button type="button" className="icon" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`${t("common.up")} ${i + 1}`}>
                      ↑
                    </button>
                    <button type="button" className="icon" onClick={() => move(i, 1)} disabled={i === rules.length - 1} aria-label={`${t("common.down")} ${i + 1}`}>
                      ↓
                    </button>
                    <button type="button" className="icon danger" onClick={() => remove(i)} aria-label={`${t("common.delete")} ${i + 1}`}>
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title={t("rules.unclassified")} id="unclassified">
        <ErrorBox error={unclassified.error} />
        {unclassified.data && (
          <>
            <p className="muted">{t("drill.summary", { n: formatCount(unclassified.data.total_rows), sum: formatAmount(unclassified.data.total, { decimals: 2, suffix: true }) })}</p>
            <DataTable id="unclassified-table" columns={ucCols} rows={unclassified.data.lines} rowKey={(l) => String(l.id)} empty={t("rules.noUnclassified")} />
          </>
        )}
      </Section>
    </div>
  );
}
