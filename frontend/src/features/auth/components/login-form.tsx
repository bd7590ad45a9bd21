import { useState, type FormEvent } from "react";
import type { Me } from "@/api/types";
import { ErrorBanner } from "@/components/error-banner";
import { useI18n } from "@/lib/i18n";
import { useLogin } from "../api/login";

export function LoginForm({ onSuccess }: { onSuccess: (me: Me) => void }) {
  const { t } = useI18n();
  const login = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password }, { onSuccess });
  };

  return (
    <form className="stack" onSubmit={submit} noValidate>
      {login.isError && <ErrorBanner error={login.error} />}
      <div className="field">
        <label htmlFor="login-username">{t("auth.username")}</label>
        <input
          id="login-username"
          data-testid="login-username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="login-password">{t("auth.password")}</label>
        <input
          id="login-password"
          data-testid="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button
        type="submit"
        className="btn btn-primary btn-block"
        data-testid="login-submit"
        disabled={login.isPending || !username.trim() || !password}
      >
        {login.isPending ? t("auth.submitting") : t("auth.submit")}
      </button>
      <p className="muted small">{t("auth.help")}</p>
    </form>
  );
}
