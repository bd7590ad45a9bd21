import { LevelCapsEditor } from "@/features/levels/components/level-caps-editor";
import { useI18n } from "@/lib/i18n";

export function LevelsRoute() {
  const { t } = useI18n();
  return (
    <div className="stack-lg">
      <h1>{t("levels.title")}</h1>
      <LevelCapsEditor />
    </div>
  );
}
