import type { ReactNode } from "react";
import type { UnitStatus, UnitSummary } from "@/api/types";
import { UnitStatusBadge } from "@/components/status-badge";
import { formatDate, formatJstTime, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n";

export function ReviewFeedback({ review }: { review: UnitSummary["last_review"] }) {
  const { t } = useI18n();
  if (!review || review.decision === "accept" || !review.comment) return null;
  return (
    <div className={`feedback feedback-${review.decision}`} role="note">
      <strong>{review.decision === "rework" ? t("work.reworkComment") : t("work.rejectComment")}</strong>
      <p>{review.comment}</p>
    </div>
  );
}

export function UnitCard({ unit, children }: { unit: UnitSummary; children?: ReactNode }) {
  const { t, lang } = useI18n();
  return (
    <article className="card unit-card" data-testid="unit-card" data-unit-id={unit.id}>
      <header className="card-head">
        <h3>{t("work.unitLabel", { title: unit.job_title, seq: unit.seq })}</h3>
        <UnitStatusBadge status={unit.status} testId="unit-status" />
      </header>
      <dl className="facts">
        <div>
          <dt>{t("work.earning")}</dt>
          <dd className="money">{t("common.yen", { amount: formatYen(unit.worker_rate_yen, lang) })}</dd>
        </div>
        <div>
          <dt>{t("work.itemCount")}</dt>
          <dd>{t("common.items", { count: unit.item_count })}</dd>
        </div>
        <div>
          <dt>{t("work.estimate")}</dt>
          <dd>{t("common.minutes", { minutes: unit.estimated_minutes })}</dd>
        </div>
        {unit.lease_expires_at && unit.status === "reserved" ? (
          <div>
            <dt>{t("work.leaseLabel")}</dt>
            <dd>
              <time dateTime={unit.lease_expires_at}>
                {t("work.leaseUntil", { time: formatJstTime(unit.lease_expires_at, lang) })}
              </time>
            </dd>
          </div>
        ) : (
          <div>
            <dt>{t("work.deadline")}</dt>
            <dd>{formatDate(unit.deadline, lang)}</dd>
          </div>
        )}
      </dl>
      {unit.status === "reserved" && <ReviewFeedback review={unit.last_review} />}
      {unit.status === "submitted" || unit.status === "in_review" ? (
        <p className="muted small">{t("work.submittedNote")}</p>
      ) : null}
      {unit.status === "accepted" && <p className="muted small">{t("work.acceptedNote")}</p>}
      {children}
    </article>
  );
}

/** A unit handed in: status, item count and pay only. */
export function HistoryCard({
  row,
}: {
  row: { unit_id: number; job_title: string; seq: number; item_count: number; status: string; pay_yen: number };
}) {
  const { t, lang } = useI18n();
  return (
    <article className="card unit-card" data-testid="unit-card" data-unit-id={row.unit_id}>
      <header className="card-head">
        <h3>{t("work.unitLabel", { title: row.job_title, seq: row.seq })}</h3>
        <UnitStatusBadge status={row.status as UnitStatus} testId="unit-status" />
      </header>
      <dl className="facts">
        <div>
          <dt>{t("work.earning")}</dt>
          <dd className="money">{t("common.yen", { amount: formatYen(row.pay_yen, lang) })}</dd>
        </div>
        <div>
          <dt>{t("work.itemCount")}</dt>
          <dd>{t("common.items", { count: row.item_count })}</dd>
        </div>
      </dl>
      {(row.status === "submitted" || row.status === "in_review") && (
        <p className="muted small">{t("work.submittedNote")}</p>
      )}
      {row.status === "accepted" && <p className="muted small">{t("work.acceptedNote")}</p>}
    </article>
  );
}
