import { Link } from "react-router";
import type { Job } from "@/api/types";
import { ErrorBanner } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { ProgressBar } from "@/components/progress-bar";
import { JobStatusBadge } from "@/components/status-badge";
import { paths } from "@/config/paths";
import { formatDate } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { useJobs } from "../api/get-jobs";
import { useJobProgress } from "../api/get-job-progress";
import { useJobRealtime } from "../hooks/use-job-realtime";

const LIVE: Job["status"][] = ["published", "in_progress"];

export function JobsList() {
  const { t } = useI18n();
  const jobs = useJobs();
  if (jobs.isPending) return <Loading />;
  if (jobs.isError) return <ErrorBanner error={jobs.error} onRetry={() => void jobs.refetch()} />;
  if (jobs.data.length === 0) return <p className="muted">{t("jobs.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="jobs-table">
        <thead>
          <tr>
            <th scope="col">{t("jobs.fieldTitle")}</th>
            <th scope="col">{t("jobs.status")}</th>
            <th scope="col">{t("jobs.deadline")}</th>
            <th scope="col">{t("jobs.items")}</th>
            <th scope="col">{t("jobs.progress")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("jobs.open")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.data.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobRow({ job }: { job: Job }) {
  const { t, lang } = useI18n();
  const live = LIVE.includes(job.status);
  const progress = useJobProgress(job.id, { enabled: job.status !== "draft" });
  useJobRealtime(job.id, live);
  const p = progress.data;
  return (
    <tr data-job-id={job.id}>
      <td data-label={t("jobs.fieldTitle")}>
        <Link to={paths.job(job.id)}>{job.title}</Link>
      </td>
      <td data-label={t("jobs.status")}>
        <JobStatusBadge status={job.status} />
      </td>
      <td data-label={t("jobs.deadline")}>{formatDate(job.deadline, lang)}</td>
      <td data-label={t("jobs.items")}>{t("common.items", { count: job.item_count })}</td>
      <td data-label={t("jobs.progress")} className="progress-cell">
        {p ? (
          <>
            <span className="small">{t("jobs.acceptedOf", { accepted: p.items_accepted, total: p.items_total })}</span>
            <ProgressBar value={p.items_accepted} max={p.items_total} label={t("jobs.progress")} />
            <span className="muted small">
              {t("status.open")} {p.units.open} · {t("status.reserved")} {p.units.reserved} · {t("status.submitted")}{" "}
              {p.units.submitted + p.units.in_review} · {t("status.accepted")} {p.units.accepted}
            </span>
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        <Link className="btn btn-secondary btn-small" to={paths.job(job.id)}>
          {t("jobs.open")}
        </Link>
      </td>
    </tr>
  );
}
