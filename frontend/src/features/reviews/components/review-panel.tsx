import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Decision, UnitDetail } from "@/api/types";
import { ErrorBanner, Notice } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { UnitStatusBadge } from "@/components/status-badge";
import { paths } from "@/config/paths";
import { fieldErrorMessage } from "@/lib/errors";
import { useI18n } from "@/lib/i18n";
import { useReviewUnit } from "../api/get-review-unit";
import { useReviewUnitDecision } from "../api/review-unit";
import { useStartReview } from "../api/start-review";

export function ReviewPanel({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const start = useStartReview(unitId);
  const started = useRef(false);
  useEffect(() => {
    // Once per page visit (StrictMode re-runs effects; the ref survives that).
    if (started.current) return;
    started.current = true;
    start.mutate();
  }, [start]);

  const unit = useReviewUnit(unitId, start.isSuccess || start.isError);
  if (start.isPending || start.isIdle || unit.isPending) return <Loading />;
  if (unit.isError) return <ErrorBanner error={unit.error} onRetry={() => void unit.refetch()} />;
  return (
    <div className="stack-lg">
      {start.isError && (
        <ErrorBanner error={start.error}>
          <p className="small">{t("review.startFailed")}</p>
        </ErrorBanner>
      )}
      <ReviewBody unit={unit.data} />
    </div>
  );
}

function ReviewBody({ unit }: { unit: UnitDetail }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const decide = useReviewUnitDecision(unit.id);
  const [comment, setComment] = useState("");
  const [missingComment, setMissingComment] = useState(false);

  const send = (decision: Decision) => {
    if (decision !== "accept" && !comment.trim()) {
      setMissingComment(true);
      return;
    }
    setMissingComment(false);
    decide.mutate(
      { decision, comment: comment.trim() || undefined },
      { onSuccess: () => navigate(paths.review, { state: { flash: "reviewed" } }) },
    );
  };

  return (
    <>
      <div className="stack">
        <Link to={paths.review} className="back-link">
          ← {t("review.queueTitle")}
        </Link>
        <h1 className="h2">{t("review.title", { title: unit.job_title, seq: unit.seq })}</h1>
        <UnitStatusBadge status={unit.status} testId="unit-status" />
      </div>
      {unit.last_review && unit.last_review.comment && (
        <Notice>
          {t(`decision.${unit.last_review.decision}`)}: {unit.last_review.comment}
        </Notice>
      )}

      <ol className="review-items">
        {unit.items.map((item) => (
          <li key={item.id} className="card stack">
            <h2 className="h3">{t("review.item", { seq: item.seq, ref: item.ref })}</h2>
            {item.image_url && (
              <a href={item.image_url} target="_blank" rel="noreferrer" className="review-thumb">
                <img src={item.image_url} alt={t("unit.image", { ref: item.ref })} loading="lazy" />
              </a>
            )}
            <div className="table-wrap">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t("review.field")}</th>
                    <th scope="col">{t("review.value")}</th>
                    <th scope="col">{t("review.prefill")}</th>
                  </tr>
                </thead>
                <tbody>
                  {unit.field_schema.map((field) => {
                    const value = item.entry?.values[field.name];
                    const prefill = item.prefill[field.name];
                    const error = item.entry?.errors[field.name];
                    const changed = prefill !== undefined && value !== undefined && prefill !== value;
                    return (
                      <tr key={field.name} className={error ? "row-invalid" : undefined}>
                        <th scope="row">{field.label}</th>
                        <td className={changed ? "changed" : undefined}>
                          {value ? value : <span className="muted">{t("review.noEntry")}</span>}
                          {error && <div className="field-error">{fieldErrorMessage(error, t, field.max_length)}</div>}
                        </td>
                        <td className="muted">{prefill ?? "—"}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </li>
        ))}
      </ol>

      <section className="card stack decision-panel" aria-labelledby="decision-heading">
        <h2 id="decision-heading" className="h3">
          {t("review.decisionTitle")}
        </h2>
        <div className="field">
          <label htmlFor="review-comment">{t("review.comment")}</label>
          <textarea
            id="review-comment"
            data-testid="review-comment"
            rows={4}
            value={comment}
            placeholder={t("review.commentPlaceholder")}
            aria-invalid={missingComment || undefined}
            aria-describedby={missingComment ? "review-comment-error" : undefined}
            onChange={(e) => setComment(e.target.value)}
          />
          {missingComment && (
            <p className="field-error" id="review-comment-error">
              {t("review.commentNeeded")}
            </p>
          )}
        </div>
        {decide.isError && <ErrorBanner error={decide.error} />}
        <div className="row wrap decision-buttons">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="review-accept"
            disabled={decide.isPending}
            onClick={() => send("accept")}
          >
            {t("review.accept")}
          </button>
          <button
            type="button"
            className="btn btn-warning"
            data-testid="review-rework"
            disabled={decide.isPending}
            onClick={() => send("rework")}
          >
            {t("review.rework")}
          </button>
          <button
            type="button"
            className="btn btn-danger"
            data-testid="review-reject"
            disabled={decide.isPending}
            onClick={() => send("reject")}
          >
            {t("review.reject")}
          </button>
        </div>
      </section>
    </>
  );
}
