import { Link } from "react-router";
import { Notice } from "@/components/error-banner";
import { paths } from "@/config/paths";
import { ReviewQueueTable } from "@/features/reviews/components/review-queue-table";
import { useI18n } from "@/lib/i18n";
import { useFlash } from "./flash";

export function ReviewQueueRoute() {
  const { t } = useI18n();
  const flash = useFlash();
  return (
    <div className="stack-lg">
      <h1>{t("review.queueTitle")}</h1>
      <p className="review-links">
        <Link to={paths.teams}>{t("team.listTitle")}</Link>
        <Link to={paths.levels}>{t("levels.title")}</Link>
      </p>
      {flash && <Notice tone="success">{t(flash)}</Notice>}
      <ReviewQueueTable />
    </div>
  );
}
