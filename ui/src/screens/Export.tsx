import { useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { EmptyState, ErrorBox, Outcome, Section, usePeriodLabel } from "../components/common";
import { useApp } from "../context";
import { formatAmount, formatCount } from "../format";
import type { ExportOutcome, StaffingExport } from "../types";

export function Export() {
  const { t, year, period, info, unit } = useApp();
  const label = usePeriodLabel();
  const [busy, setBusy] = useState<"" | "variance" | "staffing">("");
  const [done, setDone] = useState<ExportOutcome | null>(null);
  const [staffDone, setStaffDone] = useState<StaffingExport | null>(null);
  const [error, setError] = useState("");
  const [staffError, setStaffError] = useState("");

  if (info && info.years.length === 0) return <EmptyState />;
  if (year === null) return null;

  const run = async () => {
    setBusy("variance");
    setError("");
    setDone(null);
    try {
      const out = await cmd.exportVariance(year, period);
      setDone(out);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy("");
    }
  };
  const runStaffing = async () => {
    setBusy("staffing");
    setStaffError("");
    setStaffDone(null);
    try {
      setStaffDone(await cmd.exportStaffing(year, period));
    } catch (e) {
      setStaffError(errorText(e));
    } finally {
      setBusy("");
    }
  };
  const reveal = async (path: string, fail: (s: string) => void) => {
    try {
      await cmd.revealPath(path);
    } catch (e) {
      fail(errorText(e));
    }
  };

  return (
    <div className="screen" id="screen-export">
      <Section title={`${t("exp.variance")} — ${label}`}>
        <p>{t("exp.varianceHelp")}</p>
        <button type="button" id="export-variance" onClick={run} disabled={busy !== ""}>
          {busy === "variance" ? t("exp.running") : t("exp.button")}
        </button>
        <ErrorBox error={error} />
        {done && (
          <Outcome className="result ok" id="export-result" focusKey={done}>
            <h3>✓ {t("exp.done", { path: done.path })}</h3>
            <dl className="facts">
              <dt>{t("exp.sheets")}</dt>
              <dd>{done.sheets.join(", ")}</dd>
              <dt>{t("drill.title")}</dt>
              <dd>{formatCount(done.detail_lines)}</dd>
              <dt>{t("ov.outcome")}</dt>
              <dd>{formatAmount(done.total_outcome, { unit, suffix: true })}</dd>
            </dl>
            <button type="button" className="secondary" onClick={() => reveal(done.path, setError)}>
              {t("exp.openFolder")}
            </button>
          </Outcome>
        )}
      </Section>
      <Section title={`${t("exp.staffing")} — ${label}`}>
        <p>{t("exp.staffingHelp")}</p>
        <button type="button" id="export-staffing" onClick={runStaffing} disabled={busy !== ""}>
          {busy === "staffing" ? t("exp.running") : t("exp.buttonStaffing")}
        </button>
        <ErrorBox error={staffError} />
        {staffDone && (
          <Outcome className="result ok" id="export-staffing-result" focusKey={staffDone}>
            <h3>✓ {t("exp.done", { path: staffDone.path })}</h3>
            <dl className="facts">
              <dt>{t("exp.sheets")}</dt>
              <dd>{staffDone.sheets.join(", ")}</dd>
              <dt>{t("staff.kpiTotal")}</dt>
              <dd>{formatAmount(staffDone.total, { unit, suffix: true })}</dd>
            </dl>
            <button type="button" className="secondary" onClick={() => reveal(staffDone.path, setStaffError)}>
              {t("exp.openFolder")}
            </button>
          </Outcome>
        )}
      </Section>
    </div>
  );
}
