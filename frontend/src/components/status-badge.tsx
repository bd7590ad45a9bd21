import type { JobStatus, UnitStatus } from "@/api/types";
import { useI18n } from "@/lib/i18n";

export function UnitStatusBadge({ status, testId }: { status: UnitStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-testid={testId} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function JobStatusBadge({ status }: { status: JobStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-job-${status}`} data-status={status}>
      {t(`jobStatus.${status}`)}
    </span>
  );
}
