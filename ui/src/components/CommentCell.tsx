import { useEffect, useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { useApp } from "../context";

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
    </div>
  );
}
