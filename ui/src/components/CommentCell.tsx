import { useEffect, useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { useApp } from "../context";
import { formatTimestamp } from "../format";
import type { CommentVersion } from "../types";

/** An explanation beside a report row, saved to the database on blur or Enter. */
export function CommentCell({ commentKey, initial, tabIndex }: { commentKey: string; initial: string; tabIndex?: number }) {
  const { t } = useApp();
  const [text, setText] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | "error">("idle");
  const [error, setError] = useState("");

  useEffect(() => {
    setText(initial);
    setSaved(initial);
  }, [initial, commentKey]);

  const save = async () => {
    if (text === saved) return;
    setStatus("saving");
    try {
      await cmd.setComment(commentKey, text);
      setSaved(text);
      setStatus("saved");
    } catch (e) {
      setError(errorText(e));
      setStatus("error");
    }
  };

  return (
    <div className="comment-cell">
      <textarea
        rows={Math.min(4, Math.max(1, Math.ceil(text.length / 26)))}
        value={text}
        tabIndex={tabIndex}
        placeholder={t("common.commentPlaceholder")}
        aria-label={`${t("common.comment")} ${commentKey}`}
        data-comment-key={commentKey}
        onChange={(e) => {
          setText(e.target.value);
          setStatus("idle");
        }}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            void save();
          } else if (e.key === "Escape") {
            setText(saved);
            setStatus("idle");
          }
        }}
      />
      <span className={`comment-status ${status}`} role="status">
        {status === "saved" ? "✓ " + t("common.saved") : status === "error" ? error : ""}
      </span>
      {saved && <CommentHistory commentKey={commentKey} version={saved} />}
    </div>
  );
}

/** Earlier texts of a comment, one click away; the log entries behind it one more. */
function CommentHistory({ commentKey, version }: { commentKey: string; version: string }) {
  const { t, openLog } = useApp();
  const [versions, setVersions] = useState<CommentVersion[] | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => setVersions(null), [version]);
  const toggle = async () => {
    if (!open && versions === null) setVersions(await cmd.commentHistory(commentKey).catch(() => []));
    setOpen(!open);
  };
  const earlier = (versions ?? []).filter((v) => !v.current);
  return (
    <div className="comment-history">
      <button type="button" className="link small" aria-expanded={open} onClick={toggle}>
        {t("cmt.history")}
      </button>
      {open && (
        <div className="small">
          {earlier.length === 0 && <p className="muted">{t("cmt.noHistory")}</p>}
          <ol>
            {earlier.map((v) => (
              <li key={v.version}>
                <span className="muted">
                  {formatTimestamp(v.at)} {v.author}:
                </span>{" "}
                {v.text || t("cmt.removed")}
              </li>
            ))}
          </ol>
          <button type="button" className="link small" onClick={() => openLog(commentKey)}>
            {t("log.show")}
          </button>
        </div>
      )}
    </div>
  );
}
