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
  const unit = useReviewUnit(unitId, true);
  if (unit.isPending) return <Loading />;
  if (unit.isError) return <ErrorBanner error={unit.error} onRetry={() => void unit.refetch()} />;
  return <ReviewBody unit={unit.data} />;
}

/** The keys of the review page; shown on the page as well. */
const NEXT_KEYS = new Set(["j", "ArrowRight"]);
const PREV_KEYS = new Set(["k", "ArrowLeft"]);

function typingInto(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function ReviewBody({ unit }: { unit: UnitDetail }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const start = useStartReview(unit.id);
  const decide = useReviewUnitDecision(unit.id);
  const [comment, setComment] = useState("");
  const [missingComment, setMissingComment] = useState(false);
  const [index, setIndex] = useState(0);
  const [checked, setChecked] = useState<ReadonlySet<number>>(() => new Set());
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const items = unit.items;
  const total = items.length;
  const item = items[Math.min(index, total - 1)];
  // Review starts when the coordinator says so, not when the page opens.
  const started = unit.status === "in_review";

  const send = (decision: Decision) => {
    if (decision !== "accept" && !comment.trim()) {
      setMissingComment(true);
      commentRef.current?.focus();
      return;
    }
    setMissingComment(false);
    decide.mutate(
      { decision, comment: comment.trim() || undefined },
      { onSuccess: () => navigate(paths.review, { state: { flash: "reviewed" } }) },
    );
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typingInto(event.target)) return;
      if (NEXT_KEYS.has(event.key)) setIndex((i) => Math.min(i + 1, total - 1));
      else if (PREV_KEYS.has(event.key)) setIndex((i) => Math.max(i - 1, 0));
      else if (event.key === "a" && started && item) {
        setChecked((c) => new Set(c).add(item.id));
        setIndex((i) => Math.min(i + 1, total - 1));
      } else if (event.key === "c" && started) commentRef.current?.focus();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [total, started, item]);

  return (
    <div className="stack-lg">
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

      {!started && (
        <section className="card stack" aria-labelledby="start-heading">
          <h2 id="start-heading" className="h3">
            {t("review.startTitle")}
          </h2>
          <p className="muted small">{t("review.startHelp")}</p>
          {start.isError && (
            <ErrorBanner error={start.error}>
              <p className="small">{t("review.startFailed")}</p>
            </ErrorBanner>
          )}
          <button
            type="button"
            className="btn btn-primary"
            data-testid="review-start"
            disabled={start.isPending || unit.status !== "submitted"}
            onClick={() => start.mutate()}
          >
            {t("review.start")}
          </button>
        </section>
      )}

      <div className="row between wrap gap-s review-nav">
        <strong data-testid="review-position">{t("unit.itemOf", { current: index + 1, total })}</strong>
        <span className="muted small">{t("review.checkedCount", { checked: checked.size, total })}</span>
        <div className="row gap-s">
          <button type="button" className="btn btn-secondary" onClick={() => setIndex((i) => Math.max(i - 1, 0))} disabled={index === 0}>
            {t("unit.prev")}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="review-next"
            onClick={() => setIndex((i) => Math.min(i + 1, total - 1))}
            disabled={index >= total - 1}
          >
            {t("unit.next")}
          </button>
        </div>
      </div>

      {item && (
        <div className="review-layout">
          <div className="review-image">
            {item.image_url ? (
              <figure className="item-image">
                <img src={item.image_url} alt={t("unit.image", { ref: item.ref })} />
              </figure>
            ) : (
              <p className="item-image-missing">{t("unit.noImage")}</p>
            )}
          </div>
          <div className="stack review-values">
            <section className="card stack" data-testid="review-item" aria-labelledby="review-item-heading">
              <h2 id="review-item-heading" className="h3">
                {t("review.item", { seq: item.seq, ref: item.ref })}
                {checked.has(item.id) && <span className="tag"> {t("review.checked")}</span>}
              </h2>
              <div className="table-wrap">
                <table className="table table-compact" data-testid="review-values">
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
                          <td className={changed ? "changed" : undefined} translate="no">
                            {value ? value : <span className="muted">{t("review.noEntry")}</span>}
                            {error && <div className="field-error">{fieldErrorMessage(error, t, field.max_length)}</div>}
                          </td>
                          <td className="muted" translate="no">
                            {prefill ?? "—"}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
            <ShortcutHelp />
      {started && (
      <section className="card stack decision-panel" aria-labelledby="decision-heading">
        <h2 id="decision-heading" className="h3">
          {t("review.decisionTitle")}
        </h2>
        <div className="field">
          <label htmlFor="review-comment">{t("review.comment")}</label>
          <textarea
            ref={commentRef}
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
      )}
          </div>
        </div>
      )}
    </div>
  );
}

function ShortcutHelp() {
  const { t } = useI18n();
  return (
    <div className="shortcut-help small muted" data-testid="shortcut-help">
      <strong>{t("review.shortcuts")}</strong>
      <ul className="plain-list row wrap gap-s">
        <li>
          <kbd>J</kbd> / <kbd>→</kbd> {t("unit.next")}
        </li>
        <li>
          <kbd>K</kbd> / <kbd>←</kbd> {t("unit.prev")}
        </li>
        <li>
          <kbd>A</kbd> {t("review.keyCheck")}
        </li>
        <li>
          <kbd>C</kbd> {t("review.keyComment")}
        </li>
      </ul>
    </div>
  );
}
