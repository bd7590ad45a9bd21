import { useEffect, useState } from "react";
import { formatJstTime, leaseLeft } from "@/lib/format";
import { useI18n } from "@/lib/i18n";

const TICK_MS = 15_000;

/** The time left on the worker's hold of a unit, from the lease expiry; ticks every 15 s. */
export function LeaseLeft({ leaseEnd }: { leaseEnd: string }) {
  const { t, lang } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const left = leaseLeft(leaseEnd, now);
  const soon = left.totalMinutes < 10;
  return (
    <span className={`lease-left small${soon ? " lease-soon" : ""}`} data-testid="lease-left">
      {t("work.leaseLabel")}{" "}
      <time dateTime={leaseEnd}>{t("work.leaseUntil", { time: formatJstTime(leaseEnd, lang) })}</time>
      {" · "}
      <strong>
        {left.totalMinutes <= 0
          ? t("work.leaseOver")
          : left.hours > 0
            ? t("work.leaseLeftHours", { hours: left.hours, minutes: left.minutes })
            : t("work.leaseLeftMinutes", { minutes: left.minutes })}
      </strong>
    </span>
  );
}
