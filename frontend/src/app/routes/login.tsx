import { Navigate, useNavigate, useSearchParams } from "react-router";
import type { Me } from "@/api/types";
import { Notice } from "@/components/error-banner";
import { LanguageToggle } from "@/components/language-toggle";
import { paths } from "@/config/paths";
import { useMe } from "@/features/auth/api/get-me";
import { LoginForm } from "@/features/auth/components/login-form";
import { homePathFor } from "@/features/auth/utils/home-path";
import { useI18n } from "@/lib/i18n";
import { useFlash } from "./flash";

function safeNext(next: string | null): string | null {
  // Only same-app paths: never "//evil.example" or "https://…".
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith(paths.login) ? next : null;
}

export function LoginRoute() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const flash = useFlash();
  const me = useMe();

  const destination = (user: Me) => safeNext(params.get("next")) ?? homePathFor(user.roles) ?? paths.home;

  if (me.isSuccess) return <Navigate to={destination(me.data)} replace />;

  return (
    <main className="container narrow login-page">
      <div className="row between">
        <p className="brand brand-large">{t("app.name")}</p>
        <LanguageToggle />
      </div>
      <p className="muted">{t("app.tagline")}</p>
      <section className="card stack">
        <h1 className="h2">{t("auth.title")}</h1>
        {flash && <Notice>{t(flash)}</Notice>}
        <LoginForm onSuccess={(user) => navigate(destination(user), { replace: true })} />
      </section>
    </main>
  );
}
