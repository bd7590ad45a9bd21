import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { ErrorBanner } from "@/components/error-banner";
import { paths } from "@/config/paths";
import { useI18n } from "@/lib/i18n";
import { randomId } from "@/lib/random-id";
import { useClaimNextUnit } from "../api/claim-next-unit";
import { countdown, useDeclineOffer, useOffer } from "../api/offer";

/** 「あなたのために取り置き中のコマ」: take it (claim without an id) or let it go; a countdown. */
export function OfferCard() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const offer = useOffer();
  const claim = useClaimNextUnit();
  const decline = useDeclineOffer();
  const [now, setNow] = useState(() => Date.now());
  const data = offer.data ?? null;

  useEffect(() => {
    if (!data) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [data]);

  if (!data) return null;
  const left = countdown(data.expires_at, now);
  if (left.seconds <= 0) return null; // unit.offer_expired refetches; until then, hide it

  return (
    <section className="card offer-card stack-s" aria-labelledby="offer-heading" data-testid="offer-card">
      <h2 id="offer-heading" className="h3">
        {t("offer.title")}
      </h2>
      <p className="offer-summary">
        {t("offer.summary", { title: data.job_title, minutes: data.estimated_minutes })}
        {"・"}
        <span className="offer-countdown" data-testid="offer-countdown">
          {t("offer.left", { time: left.text })}
        </span>
      </p>
      {claim.isError && <ErrorBanner error={claim.error} />}
      {decline.isError && <ErrorBanner error={decline.error} />}
      <div className="row offer-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="offer-take"
          disabled={claim.isPending || decline.isPending}
          onClick={() =>
            claim.mutate({ idempotencyKey: randomId() }, { onSuccess: (unit) => navigate(paths.workUnit(unit.id)) })
          }
        >
          {t("offer.take")}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="offer-decline"
          disabled={claim.isPending || decline.isPending}
          onClick={() => decline.mutate()}
        >
          {t("offer.decline")}
        </button>
      </div>
    </section>
  );
}
