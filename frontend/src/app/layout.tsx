import { useEffect } from "react";
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { ErrorBanner } from "@/components/error-banner";
import { LanguageToggle } from "@/components/language-toggle";
import { Loading } from "@/components/loading";
import { paths } from "@/config/paths";
import { useMe } from "@/features/auth/api/get-me";
import { useLogout } from "@/features/auth/api/logout";
import { canUse, homePathFor, sectionsFor, type SectionPath } from "@/features/auth/utils/home-path";
import { isApiError } from "@/lib/api-client";
import { setLanguage, storedLanguage, useI18n } from "@/lib/i18n";

/** Signed-in shell: header, role-based nav, and a guard. Role checks are UX only; the API enforces. */
export function AppLayout({ section }: { section: SectionPath }) {
  const { t } = useI18n();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();

  useEffect(() => {
    // Follow the account's language until the person picks one on this device.
    if (me.data && !storedLanguage()) setLanguage(me.data.locale, { remember: false });
  }, [me.data]);

  if (me.isPending) return <Loading />;
  if (isApiError(me.error, "not_authenticated") || isApiError(me.error, "forbidden")) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`${paths.login}?next=${next}`} replace state={{ flash: "expired" }} />;
  }
  if (me.isError) {
    return (
      <main className="container">
        <ErrorBanner error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  if (!canUse(section, me.data.roles)) {
    const home = homePathFor(me.data.roles);
    return home ? <Navigate to={home} replace /> : <Navigate to={paths.home} replace />;
  }

  const sections = sectionsFor(me.data.roles);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="app-header">
        <div className="container header-inner">
          <Link to={paths.home} className="brand">
            {t("app.name")}
          </Link>
          <span className="who small" title={me.data.organization?.name ?? ""} translate="no">
            {me.data.display_name}
          </span>
          <div className="header-actions">
            <LanguageToggle />
            <button
              type="button"
              className="btn btn-ghost btn-small"
              data-testid="logout"
              onClick={() =>
                logout.mutate(undefined, {
                  onSettled: () => navigate(paths.login, { replace: true, state: { flash: "loggedOut" } }),
                })
              }
            >
              {t("nav.logout")}
            </button>
          </div>
        </div>
        {sections.length > 1 && (
          <nav className="container section-nav" aria-label={t("nav.main")}>
            {sections.map((s) => (
              <NavLink key={s.path} to={s.path} className="nav-link">
                {t(s.label)}
              </NavLink>
            ))}
          </nav>
        )}
      </header>
      <main id="main" className={`container section-${section.slice(1)}`}>
        <Outlet />
      </main>
    </>
  );
}
