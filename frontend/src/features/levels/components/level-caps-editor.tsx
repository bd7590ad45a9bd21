import { useState } from "react";
import type { LevelCaps } from "@/api/types";
import { ErrorBanner, Notice } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { useI18n } from "@/lib/i18n";
import { useLevelCaps, useSaveLevelCaps, type LevelCapsInput } from "../api/levels";

/** Minutes a worker of each level may take per Japanese day and week (coordinators). */
export function LevelCapsEditor() {
  const levels = useLevelCaps();
  if (levels.isPending) return <Loading />;
  if (levels.isError) return <ErrorBanner error={levels.error} onRetry={() => void levels.refetch()} />;
  return <LevelCapsForm initial={levels.data} />;
}

function LevelCapsForm({ initial }: { initial: LevelCaps }) {
  const { t } = useI18n();
  const save = useSaveLevelCaps();
  const [rows, setRows] = useState<LevelCapsInput[]>(
    initial.levels.map((r) => ({ level: r.level, daily_minutes: r.daily_minutes, weekly_minutes: r.weekly_minutes })),
  );
  const [saved, setSaved] = useState(false);
  const labels = new Map(initial.levels.map((r) => [r.level, r.label]));
  const set = (level: number, key: "daily_minutes" | "weekly_minutes", value: string) => {
    setRows(rows.map((r) => (r.level === level ? { ...r, [key]: Number(value) } : r)));
    setSaved(false);
  };
  return (
    <form
      className="stack"
      data-testid="level-caps"
      onSubmit={(event) => {
        event.preventDefault();
        // Only the levels changed here: a level never set keeps following the defaults.
        const changed = rows.filter((r) => {
          const before = initial.levels.find((x) => x.level === r.level);
          return before?.daily_minutes !== r.daily_minutes || before.weekly_minutes !== r.weekly_minutes;
        });
        if (changed.length === 0) {
          setSaved(true);
          return;
        }
        save.mutate(changed, { onSuccess: () => setSaved(true) });
      }}
    >
      <p className="muted small">{t("levels.help")}</p>
      {rows.map((r) => (
        <fieldset key={r.level} className="stack-sm level-row">
          <legend>{labels.get(r.level)}</legend>
          <label>
            {t("levels.daily")}
            <input
              type="number"
              inputMode="numeric"
              min={0}
              value={r.daily_minutes}
              data-testid={`level-${r.level}-daily`}
              onChange={(e) => set(r.level, "daily_minutes", e.target.value)}
            />
          </label>
          <label>
            {t("levels.weekly")}
            <input
              type="number"
              inputMode="numeric"
              min={0}
              value={r.weekly_minutes}
              data-testid={`level-${r.level}-weekly`}
              onChange={(e) => set(r.level, "weekly_minutes", e.target.value)}
            />
          </label>
        </fieldset>
      ))}
      {save.isError && <ErrorBanner error={save.error} />}
      {saved && <Notice tone="success">{t("levels.saved")}</Notice>}
      <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="levels-save">
        {t("levels.save")}
      </button>
    </form>
  );
}
