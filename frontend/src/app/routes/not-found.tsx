import { Link } from "react-router";
import { paths } from "@/config/paths";
import { useI18n } from "@/lib/i18n";

export function NotFoundRoute() {
  const { t } = useI18n();
  return (
    <div className="container narrow stack not-found">
      <h1>{t("notFound.title")}</h1>
      <Link to={paths.home} className="btn btn-secondary">
        {t("notFound.home")}
      </Link>
    </div>
  );
}
