import type { ReactNode, RefObject } from "react";
import { useApp } from "../context";

/**
 * The drill-downs' dialog: a backdrop that closes on a click outside, Escape
 * closes, a header with the title, an optional summary line and Close (whose
 * ref the caller focuses when the dialog opens and returns focus from).
 */
export function Modal({
  id,
  titleId,
  title,
  summary,
  closeRef,
  onClose,
  children,
}: {
  id?: string;
  titleId: string;
  title: ReactNode;
  summary?: ReactNode;
  closeRef: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useApp();
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        id={id}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header className="modal-head">
          <div>
            <h2 id={titleId}>{title}</h2>
            {summary}
          </div>
          <button ref={closeRef} type="button" className="secondary" onClick={onClose}>
            {t("common.close")}
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
