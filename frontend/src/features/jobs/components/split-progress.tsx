import type { SplitState } from "@/api/types";
import { ProgressBar } from "@/components/progress-bar";
import { useI18n } from "@/lib/i18n";

export function SplitProgress({ split }: { split: SplitState }) {
  const { t } = useI18n();
  return (
    <div
      className="stack-s"
      data-testid="split-progress"
      data-state={split.state}
      data-done={split.done}
      data-total={split.total}
      aria-live="polite"
    >
      {split.state === "done" ? (
        <p>{t("job.splitDone")}</p>
      ) : split.state === "failed" ? (
        <p className="field-error">{t("job.splitFailed")}</p>
      ) : (
        <p>{t("job.splitProgress", { done: split.done, total: split.total || "…" })}</p>
      )}
      <ProgressBar
        value={split.state === "done" ? Math.max(split.total, 1) : split.done}
        max={split.state === "done" ? Math.max(split.total, 1) : split.total}
        label={t("job.splitProgress", { done: split.done, total: split.total })}
      />
    </div>
  );
}
