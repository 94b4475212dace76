// The running import's progress bar: the one part of the Import screen that an
// `import-progress` event repaints (the store keeps the progress apart).

import { useApp } from "../../context";
import { formatCount } from "../../format";
import { useImportProgress } from "./store";

export function ImportProgressBar() {
  const { t, refreshInfo } = useApp();
  const progress = useImportProgress(refreshInfo);
  if (!progress) return null;
  const where = `${progress.file} (${progress.index + 1}/${progress.count})`;
  // Two phases report no fraction, up to a second each on a big file: opening
  // it (the checksum, the workbook's index, the checks before the first row)
  // and saving (the aggregates, the commit). A bar that moves by itself then
  // says the app works, where a bar at a standstill looks hung.
  const phase = progress.done ? null : progress.saving ? "saving" : progress.rows === 0 && (progress.fraction ?? 0) === 0 ? "opening" : null;
  if (phase) {
    const label = t(phase === "saving" ? "imp.saving" : "imp.opening");
    return (
      <div className="progress-wrap" aria-live="polite">
        <div id="import-busy" data-phase={phase} className="busy-bar" role="progressbar" aria-label={label}>
          <span />
        </div>
        <span className="muted">
          {where} — {label}
          {phase === "saving" && ` (${formatCount(progress.rows)} ${t("common.rows")})`}
        </span>
      </div>
    );
  }
  const overall = (progress.index + (progress.done ? 1 : (progress.fraction ?? 0))) / Math.max(1, progress.count);
  return (
    <div className="progress-wrap" aria-live="polite">
      <progress id="import-progress" max={1} value={overall} />
      <span className="muted">
        {where} —{" "}
        {/* the backup before an import reports a fraction but no rows yet */}
        {progress.rows === 0 && !progress.done && (progress.fraction ?? 0) > 0 ? t("imp.backingUp") : `${formatCount(progress.rows)} ${t("common.rows")}`}
      </span>
    </div>
  );
}
