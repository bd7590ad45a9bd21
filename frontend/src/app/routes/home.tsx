import { Navigate } from "react-router";
import { ErrorBanner, Notice } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { paths } from "@/config/paths";
import { useMe } from "@/features/auth/api/get-me";
import { homePathFor } from "@/features/auth/utils/home-path";
import { isApiError } from "@/lib/api-client";
import { useI18n } from "@/lib/i18n";

export function HomeRoute() {
  const { t } = useI18n();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (isApiError(me.error, "not_authenticated") || isApiError(me.error, "forbidden"))
    return <Navigate to={paths.login} replace />;
  if (me.isError)
    return (
      <main className="container">
        <ErrorBanner error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  const home = homePathFor(me.data.roles);
  if (home) return <Navigate to={home} replace />;
  return (
    <main className="container narrow">
      <Notice>{t("auth.noRole")}</Notice>
    </main>
  );
}
