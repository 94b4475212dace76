// The running import's progress bar: the one part of the Import screen that an
// `import-progress` event repaints (the store keeps the progress apart).

import { useEffect, useState } from "react";
import { useApp } from "../../context";
import { formatCount } from "../../format";
import { useImportProgress } from "./store";

/**
 * Before the first row the core reports only the backup's fraction; after
 * the copy (its check) and while the batch begins it has nothing to report,
 * up to a second on a big database. A bar before the first row that has not
 * moved for this long slides instead, until the next report.
 */
const STALL_MS = 200;

export function ImportProgressBar() {
  const { t, refreshInfo } = useApp();
  const progress = useImportProgress(refreshInfo);
  const [stalled, setStalled] = useState(false);
  const waiting = !!progress && !progress.done && !progress.saving && progress.rows === 0 && (progress.fraction ?? 0) > 0;
  useEffect(() => {
    setStalled(false);
    if (!waiting) return;
    const timer = setTimeout(() => setStalled(true), STALL_MS);
    return () => clearTimeout(timer);
  }, [waiting, progress?.fraction, progress?.index]);
  if (!progress) return null;
  const where = `${progress.file} (${progress.index + 1}/${progress.count})`;
  // Two phases report no fraction, up to a second each on a big file: opening
  // it (the checksum, the workbook's index, the checks before the first row)
  // and saving (the aggregates, the commit). A bar that moves by itself then
  // says the app works, where a bar at a standstill looks hung.
  const opening = progress.rows === 0 && (progress.fraction ?? 0) === 0;
  const phase = progress.done ? null : progress.saving ? "saving" : opening || (waiting && stalled) ? "opening" : null;
  if (phase) {
    const label = t(phase === "saving" ? "imp.saving" : opening ? "imp.opening" : "imp.preparing");
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
