import { useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Job, Progress } from "@/api/types";
import { apiUrl } from "@/lib/api-client";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorBanner } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { ProgressBar } from "@/components/progress-bar";
import { JobStatusBadge, UnitStatusBadge } from "@/components/status-badge";
import { paths } from "@/config/paths";
import { formatDate, formatYen } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { useJob } from "../api/get-job";
import { useJobProgress } from "../api/get-job-progress";
import { useDeleteJob } from "../api/delete-job";
import { usePublishJob } from "../api/publish-job";
import { useJobRealtime } from "../hooks/use-job-realtime";
import { CsvImport } from "./csv-import";
import { ForecastCard } from "./forecast-card";
import { JobForm } from "./job-form";
import { SplitProgress } from "./split-progress";

const UNIT_STATES = ["open", "reserved", "submitted", "in_review", "accepted"] as const;

export function JobDetail({ jobId }: { jobId: number }) {
  const { t } = useI18n();
  const job = useJob(jobId);
  const isDraft = job.data?.status === "draft";
  const progress = useJobProgress(jobId, { enabled: job.isSuccess && !isDraft });
  const live = useJobRealtime(jobId, job.isSuccess);
  const [editing, setEditing] = useState(false);

  if (job.isPending) return <Loading />;
  if (job.isError) return <ErrorBanner error={job.error} onRetry={() => void job.refetch()} />;
  const data = job.data;

  return (
    <div className="stack-lg">
      <div className="stack-s">
        <Link to={paths.municipality} className="back-link">
          ← {t("jobs.title")}
        </Link>
        <h1 className="h2">{t("job.detailTitle", { title: data.title })}</h1>
        <div className="row wrap gap-s">
          <JobStatusBadge status={data.status} />
          {live.connected && <span className="live-dot small">{t("job.live")}</span>}
        </div>
      </div>

      {isDraft && editing ? (
        <section className="card stack" aria-labelledby="edit-heading">
          <h2 id="edit-heading" className="h3">
            {t("jobs.editTitle")}
          </h2>
          <JobForm job={data} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
        </section>
      ) : (
        <JobSummary job={data} />
      )}
      {isDraft && !editing && <DraftActions job={data} onEdit={() => setEditing(true)} />}

      {isDraft ? (
        <>
          <section className="card stack" aria-labelledby="import-heading">
            <h2 id="import-heading" className="h3">
              {t("job.importTitle")}
            </h2>
            <CsvImport jobId={jobId} />
          </section>
          <PublishSection job={data} />
        </>
      ) : (
        <section className="card stack" aria-labelledby="units-heading">
          <h2 id="units-heading" className="h3">
            {t("job.unitsTitle")}
          </h2>
          <SplitProgress split={progress.data?.split ?? data.split} />
          {progress.isError && <ErrorBanner error={progress.error} />}
          {progress.data && <UnitCounts progress={progress.data} />}
        </section>
      )}
      {!isDraft && progress.data?.forecast && <ForecastCard forecast={progress.data.forecast} />}

      <section className="card stack" aria-labelledby="schema-heading">
        <h2 id="schema-heading" className="h3">
          {t("job.schemaTitle")}
        </h2>
        <ul className="plain-list">
          {data.field_schema.map((f) => (
            <li key={f.name}>
              <strong>{f.label}</strong> <code>{f.name}</code> · {t(`kind.${f.kind}`)}
              {f.required ? ` · ${t("common.required")}` : ""}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function JobSummary({ job }: { job: Job }) {
  const { t, lang } = useI18n();
  return (
    <dl className="facts card">
      <div>
        <dt>{t("jobs.deadline")}</dt>
        <dd>{formatDate(job.deadline, lang)}</dd>
      </div>
      <div>
        <dt>{t("jobs.items")}</dt>
        <dd>{t("common.items", { count: job.item_count })}</dd>
      </div>
      <div>
        <dt>{t("jobs.units")}</dt>
        <dd>{job.unit_count}</dd>
      </div>
      <div>
        <dt>{t("job.unitTarget")}</dt>
        <dd>{t("job.minutes", { minutes: job.unit_target_minutes })}</dd>
      </div>
      <div>
        <dt>{t("job.clientRate")}</dt>
        <dd>{t("common.yen", { amount: formatYen(job.client_rate_yen, lang) })}</dd>
      </div>
      <div>
        <dt>{t("job.workerRate")}</dt>
        <dd>{t("common.yen", { amount: formatYen(job.worker_rate_yen, lang) })}</dd>
      </div>
    </dl>
  );
}

function DraftActions({ job, onEdit }: { job: Job; onEdit: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const remove = useDeleteJob(job.id);
  const [asking, setAsking] = useState(false);
  return (
    <div className="stack-s">
      <div className="row wrap gap-s">
        <button type="button" className="btn btn-secondary" data-testid="job-edit" onClick={onEdit}>
          {t("jobs.edit")}
        </button>
        <button type="button" className="btn btn-ghost" data-testid="job-delete" onClick={() => setAsking(true)}>
          {t("jobs.delete")}
        </button>
      </div>
      {remove.isError && <ErrorBanner error={remove.error} />}
      <ConfirmDialog
        open={asking}
        title={t("jobs.deleteConfirmTitle", { title: job.title })}
        confirmLabel={t("jobs.deleteYes")}
        danger
        busy={remove.isPending}
        testId="job-delete-dialog"
        onCancel={() => setAsking(false)}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => navigate(paths.municipality, { replace: true }),
            onSettled: () => setAsking(false),
          })
        }
      >
        <p>{t("jobs.deleteConfirm")}</p>
      </ConfirmDialog>
    </div>
  );
}

function PublishSection({ job }: { job: Job }) {
  const { t } = useI18n();
  const publish = usePublishJob(job.id);
  const [asking, setAsking] = useState(false);
  return (
    <section className="card stack" aria-labelledby="publish-heading">
      <h2 id="publish-heading" className="h3">
        {t("job.publishTitle")}
      </h2>
      <p className="muted small">{t("job.publishHelp")}</p>
      {job.item_count === 0 && <p className="small">{t("job.needItems")}</p>}
      {publish.isError && <ErrorBanner error={publish.error} />}
      <button
        type="button"
        className="btn btn-primary"
        data-testid="job-publish"
        disabled={publish.isPending || job.item_count === 0}
        onClick={() => setAsking(true)}
      >
        {publish.isPending ? t("job.publishing") : t("job.publish")}
      </button>
      <ConfirmDialog
        open={asking}
        title={t("job.publishConfirmTitle", { title: job.title })}
        confirmLabel={t("job.publishYes")}
        busy={publish.isPending}
        testId="job-publish-dialog"
        onCancel={() => setAsking(false)}
        onConfirm={() => publish.mutate(undefined, { onSettled: () => setAsking(false) })}
      >
        <p>{t("job.publishConfirm", { count: job.item_count })}</p>
      </ConfirmDialog>
    </section>
  );
}

function UnitCounts({ progress }: { progress: Progress }) {
  const { t } = useI18n();
  return (
    <div className="stack">
      <div className="stack-s">
        <p>{t("jobs.acceptedOf", { accepted: progress.items_accepted, total: progress.items_total })}</p>
        <ProgressBar value={progress.items_accepted} max={progress.items_total} label={t("jobs.progress")} />
      </div>
      <dl className="counts" data-testid="unit-counts">
        {UNIT_STATES.map((s) => (
          <div key={s} data-status={s}>
            <dt>
              <UnitStatusBadge status={s} />
            </dt>
            <dd>{progress.units[s]}</dd>
          </div>
        ))}
      </dl>
      {progress.units.accepted > 0 && (
        <p>
          <a
            className="btn btn-secondary"
            data-testid="export-csv"
            href={apiUrl(`/jobs/${progress.job_id}/export?format=csv`)}
            download
          >
            {t("job.download")}
          </a>
          <span className="muted small block">{t("job.downloadHelp")}</span>
        </p>
      )}
    </div>
  );
}
