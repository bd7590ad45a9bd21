import { Link, useParams } from "react-router";
import { paths } from "@/config/paths";
import { TeamEditor } from "@/features/teams/components/team-editor";
import { useI18n } from "@/lib/i18n";

export function JobTeamRoute() {
  const { t } = useI18n();
  const jobId = Number(useParams().jobId);
  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.teams}>{t("team.back")}</Link>
      </p>
      <h1>{t("team.title", { id: jobId })}</h1>
      <TeamEditor jobId={jobId} />
    </div>
  );
}
