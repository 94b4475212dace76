// The running import's progress bar: the one part of the Import screen that an
// `import-progress` event repaints (the store keeps the progress apart).

import { useApp } from "../../context";
import { formatCount } from "../../format";
import { useImportProgress } from "./store";

export function ImportProgressBar() {
  const { t, refreshInfo } = useApp();
  const progress = useImportProgress(refreshInfo);
  if (!progress) return null;
  const overall = (progress.index + (progress.done ? 1 : (progress.fraction ?? 0))) / Math.max(1, progress.count);
  return (
    <div className="progress-wrap" aria-live="polite">
      <progress id="import-progress" max={1} value={overall} />
      <span className="muted">
        {progress.file} ({progress.index + 1}/{progress.count}) —{" "}
        {/* the backup before an import reports a fraction but no rows yet */}
        {progress.rows === 0 && !progress.done && (progress.fraction ?? 0) > 0 ? t("imp.backingUp") : `${formatCount(progress.rows)} ${t("common.rows")}`}
      </span>
    </div>
  );
}
