import { Link, useNavigate } from "react-router";
import { paths } from "@/config/paths";
import { JobForm } from "@/features/jobs/components/job-form";
import { useI18n } from "@/lib/i18n";

export function NewJobRoute() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="stack-lg">
      <Link to={paths.municipality} className="back-link">
        ← {t("jobs.title")}
      </Link>
      <h1>{t("jobs.createTitle")}</h1>
      <JobForm onDone={(job) => navigate(paths.job(job.id))} />
    </div>
  );
}
