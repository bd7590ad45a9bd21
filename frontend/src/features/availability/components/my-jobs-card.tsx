import { ErrorBanner } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { formatDate } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { useMyJobs } from "../api/get-my-jobs";

/** わたしの案件: her 3–5 active jobs, each with its deadline, her team role and her counts. */
export function MyJobsCard() {
  const { t, lang } = useI18n();
  const jobs = useMyJobs();

  if (jobs.isPending) return <Loading />;
  if (jobs.isError) return <ErrorBanner error={jobs.error} onRetry={() => void jobs.refetch()} />;

  return (
    <section className="card stack" aria-labelledby="my-jobs-heading" data-testid="my-jobs">
      <h2 id="my-jobs-heading">{t("myJobs.title")}</h2>
      {jobs.data.length === 0 ? (
        <p className="muted" data-testid="my-jobs-empty">
          {t("myJobs.empty")}
        </p>
      ) : (
        <ul className="my-jobs">
          {jobs.data.map((job) => (
            <li key={job.job_id} className="my-job" data-testid="my-job" data-job-id={job.job_id}>
              <div className="row between">
                <span className="my-job-title">{job.title}</span>
                {job.team_member && (
                  <span className="badge badge-team" data-testid="my-job-role">
                    {job.leader ? t("myJobs.leader") : t("myJobs.team")}
                  </span>
                )}
              </div>
              <p className="small muted">{t("myJobs.deadline", { date: formatDate(job.deadline, lang) })}</p>
              <p className="small" data-testid="my-job-counts">
                {t("myJobs.counts", {
                  claimable: job.claimable_units,
                  submitted: job.submitted_units,
                  accepted: job.accepted_units,
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
