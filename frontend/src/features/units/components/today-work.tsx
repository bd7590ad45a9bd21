import type { ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { ErrorBanner, Notice } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { paths } from "@/config/paths";
import { useI18n } from "@/lib/i18n";
import { minutesNow, useMinutesNow } from "@/lib/minutes-now";
import { randomId } from "@/lib/random-id";
import { useClaimNextUnit } from "../api/claim-next-unit";
import { useClaimUnit } from "../api/claim-unit";
import { useAvailableUnits } from "../api/get-available-units";
import { useMyUnits } from "../api/get-my-units";
import { useWorkHistory, type HistoryRow } from "../api/get-work-history";
import { LeaseWarning } from "./lease-warning";
import { OfferCard } from "./offer-card";
import { HistoryCard, UnitCard } from "./unit-card";

/** The worker's home. `today`: the 「今日」 card (availability feature), placed by the route. */
export function TodayWork({ flash, today }: { flash?: string | null; today?: ReactNode }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { minutes } = useMinutesNow();
  const mine = useMyUnits();
  const history = useWorkHistory();
  const available = useAvailableUnits(minutes);
  const claimNext = useClaimNextUnit();
  const claimOne = useClaimUnit();
  const onClaimNext = () => {
    // One idempotency key per press; the mutation's network retries reuse it.
    claimNext.mutate(
      { idempotencyKey: randomId(), minutes: minutesNow() },
      { onSuccess: (unit) => navigate(paths.workUnit(unit.id)) },
    );
  };

  // GET mine: the units held now. GET history: those handed in (submitted, in review, accepted,
  // rejected) with status and pay, never the residents' data; without it, mine's other units.
  const held = (mine.data ?? []).filter((u) => u.status === "reserved");
  const handedIn: HistoryRow[] =
    history.data ??
    (mine.data ?? [])
      .filter((u) => u.status !== "reserved" && u.status !== "open")
      .map((u) => ({
        unit_id: u.id,
        job_title: u.job_title,
        seq: u.seq,
        item_count: u.item_count,
        status: u.status as HistoryRow["status"],
        pay_yen: u.worker_rate_yen,
      }));
  const count = available.data?.count ?? 0;
  // A failed claim is shown on the card that was pressed; if that card is gone (someone else
  // took it and the list refreshed), above the list.
  const claimedCardShown = (available.data?.results ?? []).some((u) => u.id === claimOne.variables);

  return (
    <div className="stack-lg">
      <h1>{t("work.title")}</h1>
      {flash && <Notice tone="success">{flash}</Notice>}
      <LeaseWarning heldIds={held.map((u) => u.id)} titles={new Map(held.map((u) => [u.id, u.job_title]))} />
      <OfferCard />
      {today}

      <section className="card claim-panel" aria-labelledby="claim-heading">
        <h2 id="claim-heading" className="claim-count">
          {t("work.available")}
          <span className="big-number" data-testid="available-count">
            {available.isPending ? "…" : t("work.availableCount", { count })}
          </span>
        </h2>
        {available.data?.estimated_minutes_next != null && (
          <p className="muted">{t("work.nextEstimate", { minutes: available.data.estimated_minutes_next })}</p>
        )}
        <button
          type="button"
          className="btn btn-primary btn-huge btn-block"
          data-testid="claim-next"
          onClick={onClaimNext}
          disabled={claimNext.isPending || (available.isSuccess && count === 0)}
        >
          {claimNext.isPending ? t("work.claiming") : t("work.claimNext")}
        </button>
        {available.isSuccess && count === 0 && <p className="muted small">{t("work.noneAvailable")}</p>}
        {claimNext.isError && <ErrorBanner error={claimNext.error} />}
      </section>

      <section aria-labelledby="mine-heading" className="stack">
        <h2 id="mine-heading">{t("work.mine")}</h2>
        {mine.isPending && <Loading />}
        {mine.isError && <ErrorBanner error={mine.error} onRetry={() => void mine.refetch()} />}
        {mine.isSuccess && held.length === 0 && <p className="muted">{t("work.mineEmpty")}</p>}
        {held.map((unit) => (
          <UnitCard key={unit.id} unit={unit}>
            {unit.status === "reserved" && (
              <Link className="btn btn-primary btn-block" to={paths.workUnit(unit.id)}>
                {t("work.open")}
              </Link>
            )}
          </UnitCard>
        ))}
      </section>

      {handedIn.length > 0 && (
        <section aria-labelledby="handed-in-heading" className="stack" data-testid="handed-in">
          <h2 id="handed-in-heading">{t("work.handedIn")}</h2>
          {handedIn.map((row) => (
            <HistoryCard key={row.unit_id} row={row} />
          ))}
        </section>
      )}

      <section aria-labelledby="list-heading" className="stack">
        <h2 id="list-heading">{t("work.list")}</h2>
        {available.isSuccess && available.data.results.length === 0 && (
          <p className="muted">{t("work.noneAvailable")}</p>
        )}
        {available.isPending && <Loading />}
        {available.isError && <ErrorBanner error={available.error} onRetry={() => void available.refetch()} />}
        {claimOne.isError && !claimedCardShown && <ErrorBanner error={claimOne.error} />}
        {available.data?.results.map((unit) => (
          <UnitCard key={unit.id} unit={unit}>
            {claimOne.isError && claimOne.variables === unit.id && <ErrorBanner error={claimOne.error} />}
            <button
              type="button"
              className="btn btn-secondary btn-block"
              disabled={claimOne.isPending}
              onClick={() => claimOne.mutate(unit.id, { onSuccess: (u) => navigate(paths.workUnit(u.id)) })}
            >
              {t("work.claimThis")}
            </button>
          </UnitCard>
        ))}
      </section>
    </div>
  );
}
