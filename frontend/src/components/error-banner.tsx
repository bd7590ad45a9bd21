import type { ReactNode } from "react";
import { describeError } from "@/lib/errors";
import { useI18n } from "@/lib/i18n";

export function ErrorBanner({ error, children, onRetry }: { error?: unknown; children?: ReactNode; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="banner banner-error" role="alert">
      <p>{error !== undefined ? describeError(error, t) : null}</p>
      {children}
      {onRetry && (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function Notice({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "success" | "warning" }) {
  return (
    <div className={`banner banner-${tone}`} role="status">
      {children}
    </div>
  );
}
