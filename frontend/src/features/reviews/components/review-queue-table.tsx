import { Link } from "react-router";
import { ErrorBanner } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { UnitStatusBadge } from "@/components/status-badge";
import { paths } from "@/config/paths";
import { formatJstDateTime } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { useReviewQueue } from "../api/get-review-queue";

export function ReviewQueueTable() {
  const { t, lang } = useI18n();
  const queue = useReviewQueue();
  if (queue.isPending) return <Loading />;
  if (queue.isError) return <ErrorBanner error={queue.error} onRetry={() => void queue.refetch()} />;
  if (queue.data.length === 0) return <p className="muted">{t("review.queueEmpty")}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="review-queue">
        <thead>
          <tr>
            <th scope="col">{t("review.job")}</th>
            <th scope="col">{t("review.unit")}</th>
            <th scope="col">{t("review.holder")}</th>
            <th scope="col">{t("review.submittedAt")}</th>
            <th scope="col">{t("review.status")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("review.open")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {queue.data.map((unit) => (
            <tr key={unit.id} data-unit-id={unit.id}>
              <td data-label={t("review.job")}>{unit.job_title}</td>
              <td data-label={t("review.unit")}>
                #{unit.seq} · {t("common.items", { count: unit.item_count })}
              </td>
              <td data-label={t("review.holder")} translate="no">{unit.holder.display_name}</td>
              <td data-label={t("review.submittedAt")}>
                <time dateTime={unit.submitted_at}>{formatJstDateTime(unit.submitted_at, lang)}</time>
              </td>
              <td data-label={t("review.status")}>
                <UnitStatusBadge status={unit.status} testId="unit-status" />
              </td>
              <td>
                <Link className="btn btn-primary btn-small" to={paths.reviewUnit(unit.id)}>
                  {t("review.open")}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
