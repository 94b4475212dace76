import { useEffect, useState } from "react";
import { errorText, isAppError } from "../api";
import * as cmd from "../commands";
import { useApp } from "../context";
import { formatPeriod, formatTimestamp } from "../format";
import type { Comment, CommentVersion } from "../types";

/**
 * The period a comment belongs to, from its key (`ram/201806/IT/Nät` →
 * "t.o.m. juni 2018", `ram/2018/IT` → "helåret 2018"): comments are kept per
 * period, so the one written for the full year is not the one for June.
 */
export function commentPeriod(key: string, t: ReturnType<typeof useApp>["t"], lang: "sv" | "en"): string | null {
  const p = key.split("/")[1] ?? "";
  if (/^\d{6}$/.test(p)) return t("cmt.month", { period: formatPeriod(Number(p), lang) });
  if (/^\d{4}$/.test(p)) return t("cmt.year", { year: p });
  return null;
}

/** An explanation beside a report row, saved to the database on blur or Enter. */
export function CommentCell({ commentKey, initial, tabIndex }: { commentKey: string; initial: string; tabIndex?: number }) {
  const { t, lang } = useApp();
  const [text, setText] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | "error">("idle");
  const [error, setError] = useState("");
  // Last period's explanation on the same row: asked for when the field is entered, shown as context.
  const [previous, setPrevious] = useState<Comment | null | undefined>(undefined);

  useEffect(() => {
    setText(initial);
    setSaved(initial);
    setPrevious(undefined);
  }, [initial, commentKey]);

  const loadPrevious = () => {
    if (previous !== undefined) return;
    setPrevious(null);
    cmd.previousComment(commentKey).then(
      (c) => setPrevious(c ?? null),
      () => setPrevious(null),
    );
  };
  const period = commentPeriod(commentKey, t, lang);
  const previousPeriod = previous ? commentPeriod(previous.key, t, lang) : null;

  const save = async () => {
    if (text === saved) return;
    setStatus("saving");
    try {
      // what the cell showed: someone else's change since is not overwritten
      await cmd.setComment(commentKey, text, saved);
      setSaved(text);
      setStatus("saved");
    } catch (e) {
      setError(errorText(e));
      setStatus("error");
      if (isAppError(e) && e.code === "conflict") {
        // the message shows both texts; the next save starts from theirs
        const now = await cmd.comments().catch(() => null);
        if (now) setSaved(now[commentKey]?.text ?? "");
      }
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
        title={period ? t("cmt.belongsTo", { period }) : undefined}
        data-comment-key={commentKey}
        onFocus={loadPrevious}
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
      {previous && (
        <p className="comment-previous small" data-previous-key={previous.key}>
          <span className="muted">{t("cmt.previous", { period: previousPeriod ?? previous.key })}</span> {previous.text}
        </p>
      )}
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
