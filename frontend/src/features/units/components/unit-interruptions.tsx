import { useState } from "react";
import { ErrorBanner, Notice } from "@/components/error-banner";
import { useI18n } from "@/lib/i18n";
import { useHandOffUnit, usePauseUnit } from "../api/pause-unit";

type Props = {
  unitId: number;
  paused: boolean;
  /** Save the current item before pausing or handing off (what is typed must not be lost). */
  flush: () => Promise<unknown>;
  onHandedOff: () => void;
};

/**
 * 「一時停止」 and 「ここまでで交代する」 on the keying page. Pausing keeps the unit until the lease
 * ends without extending it; handing off gives it back with the complete items credited to her.
 */
export function UnitInterruptions({ unitId, paused, flush, onHandedOff }: Props) {
  const { t } = useI18n();
  const pause = usePauseUnit(unitId);
  const handOff = useHandOffUnit(unitId);
  const [confirming, setConfirming] = useState(false);

  const onPause = async () => {
    if (!paused) await flush().catch(() => undefined);
    pause.mutate(!paused);
  };
  const onHandOff = async () => {
    await flush().catch(() => undefined);
    handOff.mutate(undefined, { onSuccess: onHandedOff });
  };

  return (
    <div className="stack unit-interruptions" data-testid="unit-interruptions">
      {paused && <Notice>{t("unit.pausedNotice")}</Notice>}
      {pause.isError && <ErrorBanner error={pause.error} />}
      <button
        type="button"
        className="btn btn-secondary btn-block"
        data-testid="pause-unit"
        aria-pressed={paused}
        onClick={() => void onPause()}
        disabled={pause.isPending}
      >
        {paused ? t("unit.resume") : t("unit.pause")}
      </button>
      {!confirming ? (
        <button
          type="button"
          className="btn btn-ghost btn-block"
          data-testid="handoff-unit"
          onClick={() => setConfirming(true)}
        >
          {t("unit.handOff")}
        </button>
      ) : (
        <div className="confirm stack" role="alertdialog" aria-labelledby="handoff-q">
          <p id="handoff-q">{t("unit.handOffConfirm")}</p>
          {handOff.isError && <ErrorBanner error={handOff.error} />}
          <div className="row wrap">
            <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              data-testid="handoff-yes"
              onClick={() => void onHandOff()}
              disabled={handOff.isPending}
            >
              {t("unit.handOffYes")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
