// The chosen file's preview: its column mapping over the first rows (a
// sheet), or what an SIE file is — and what importing it would replace.

import { useEffect, useState } from "react";
import { ErrorBox, Section } from "../../components/common";
import { useApp } from "../../context";
import type { Lang } from "../../i18n";
import type { Field } from "../../types";
import { ReplacePlanNote } from "../ImportReplace";
import { FIELDS, fieldLabel } from "./fields";
import { SieSummary } from "./SieSummary";
import type { FileEntry } from "./store";

export function FileDetail({
  entry,
  lang,
  running,
  onHeaderRow,
  onField,
}: {
  entry: FileEntry;
  lang: Lang;
  running: boolean;
  onHeaderRow: (f: FileEntry, row: number) => void;
  onField: (f: FileEntry, index: number, field: Field | "") => void;
}) {
  const { t } = useApp();
  const p = entry.preview;
  const [rowText, setRowText] = useState("");
  useEffect(() => setRowText(p ? String(p.header_row) : ""), [p]);
  if (entry.error) {
    return (
      <Section title={`${t("imp.previewError")}: ${entry.name}`} id="import-preview-error">
        <ErrorBox error={entry.error} />
      </Section>
    );
  }
  if (!p) return null;
  if (p.sie) {
    return (
      <Section title={`${entry.name} — ${t("imp.sieTitle")}`} id="import-preview">
        <SieSummary sie={p.sie} kind={entry.kind} />
        {entry.replaces && <ReplacePlanNote kind={entry.kind} plan={entry.replaces} />}
      </Section>
    );
  }
  const missing = p.missing.map((alts) => alts.map((f) => fieldLabel(f, lang)).join(" / "));
  return (
    <Section title={`${entry.name} — ${t("imp.mapping")}`} id="import-preview">
      <p className="muted">{t("imp.mappingHelp")}</p>
      <div className="row-inputs">
        <label>
          {t("imp.headerRow")}{" "}
          <input
            type="number"
            min={1}
            className="narrow"
            value={rowText}
            disabled={running}
            onChange={(e) => setRowText(e.target.value)}
            onBlur={() => Number(rowText) !== p.header_row && onHeaderRow(entry, Number(rowText))}
            onKeyDown={(e) => e.key === "Enter" && onHeaderRow(entry, Number(rowText))}
          />
        </label>
        <span className="muted">
          {p.format.toUpperCase()} · {t("imp.sheet")} {p.sheet} · {p.mapping_from === "saved" ? t("imp.mappingSaved") : p.mapping_from === "user" ? t("imp.mappingUser") : t("imp.mappingDetected")}
        </span>
      </div>
      {missing.length > 0 && (
        <div className="error" role="alert">
          {t("imp.missing", { fields: missing.join(", ") })}
        </div>
      )}
      <div className="scroll-x">
        <table className="preview">
          <thead>
            <tr>
              {p.columns.map((c) => (
                <th key={c.index} scope="col">
                  <div className="col-letter">
                    {c.letter}: {c.header || "—"}
                  </div>
                  <select
                    value={c.field ?? ""}
                    disabled={running}
                    aria-label={`${t("imp.field")} ${c.letter} ${c.header}`}
                    onChange={(e) => onField(entry, c.index, e.target.value as Field | "")}
                    className={c.field ? "mapped" : "unmapped"}
                  >
                    <option value="">{t("imp.ignore")}</option>
                    {FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabel(f, lang)}
                      </option>
                    ))}
                  </select>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.rows.slice(0, 8).map((row, i) => (
              <tr key={i}>
                {p.columns.map((c) => (
                  <td key={c.index}>{row[c.index] ?? ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t("imp.preview")}</p>
      {entry.replaces && <ReplacePlanNote kind={entry.kind} plan={entry.replaces} />}
    </Section>
  );
}
