import { Link } from "react-router";
import { paths } from "@/config/paths";
import { JobsList } from "@/features/jobs/components/jobs-list";
import { useI18n } from "@/lib/i18n";

export function JobsRoute() {
  const { t } = useI18n();
  return (
    <div className="stack-lg">
      <div className="row between wrap">
        <h1>{t("jobs.title")}</h1>
        <Link to={paths.newJob} className="btn btn-primary" data-testid="job-new">
          + {t("jobs.new")}
        </Link>
      </div>
      <JobsList />
    </div>
  );
}
