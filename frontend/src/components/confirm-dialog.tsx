import { useEffect, useRef, type ReactNode } from "react";
import { useI18n } from "@/lib/i18n";

type Props = {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  testId?: string;
  onConfirm: () => void;
  onCancel: () => void;
};

/** A modal question (native <dialog>: focus stays inside, Esc cancels). */
export function ConfirmDialog({ open, title, children, confirmLabel, danger, busy, testId, onConfirm, onCancel }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={testId ? `${testId}-title` : undefined}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <div className="stack">
        <h2 className="h3" id={testId ? `${testId}-title` : undefined}>
          {title}
        </h2>
        {children}
        <div className="row wrap gap-s dialog-actions">
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t("common.cancel")}
          </button>
          <button
            type="button"
            className={danger ? "btn btn-danger" : "btn btn-primary"}
            data-testid={testId ? `${testId}-confirm` : undefined}
            disabled={busy}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
