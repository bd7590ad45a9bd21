import { Link } from "react-router";
import { ErrorBanner } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { paths } from "@/config/paths";
import { useJobs } from "@/features/jobs/api/get-jobs";
import { useI18n } from "@/lib/i18n";

/** The coordinator's jobs, each with a link to its team. */
export function TeamsRoute() {
  const { t } = useI18n();
  const jobs = useJobs();
  return (
    <div className="stack-lg">
      <h1>{t("team.listTitle")}</h1>
      {jobs.isPending && <Loading />}
      {jobs.isError && <ErrorBanner error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {jobs.data && (
        <ul className="stack-sm" data-testid="team-jobs">
          {jobs.data.map((job) => (
            <li key={job.id}>
              <Link to={paths.jobTeam(job.id)}>{t("team.jobLink", { title: job.title })}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
