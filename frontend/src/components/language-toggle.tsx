import { useI18n } from "@/lib/i18n";

export function LanguageToggle() {
  const { lang, t, setLanguage } = useI18n();
  const next = lang === "ja" ? "en" : "ja";
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      lang={next}
      aria-label={`${t("lang.label")}: ${t("lang.toggle")}`}
      onClick={() => setLanguage(next)}
    >
      {t("lang.toggle")}
    </button>
  );
}
