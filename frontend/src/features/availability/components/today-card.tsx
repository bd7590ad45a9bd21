import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ErrorBanner } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { paths } from "@/config/paths";
import { formatDate } from "@/lib/format";
import { useI18n, type MessageKey } from "@/lib/i18n";
import { MINUTE_CHOICES, setMinutesNow, useMinutesNow } from "@/lib/minutes-now";
import { tokyoDate, useSetDayOff, useToday } from "../api/get-today";
import { endTime, jst } from "../utils/jst";

function useNow(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** The worker's 「今日」: the current or next window, today's minutes, 今日は休み, 今あと◯分. */
export function TodayCard() {
  const { t, lang } = useI18n();
  const today = useToday();
  const dayOff = useSetDayOff();
  const now = useNow(30_000);
  const stated = useMinutesNow(now);

  if (today.isPending) return <Loading />;
  if (today.isError) return <ErrorBanner error={today.error} onRetry={() => void today.refetch()} />;
  const d = today.data;
  const date = tokyoDate(d.now);

  let line: string;
  if (d.day_off) line = t("today.isDayOff");
  else if (d.window)
    line = t("today.inWindow", {
      start: jst(d.window.start).time,
      end: endTime(d.window.start, d.window.end),
      left:
        d.minutes_left_in_window < 120
          ? t("today.minutesShort", { minutes: d.minutes_left_in_window })
          : t("today.durationHM", {
              hours: Math.floor(d.minutes_left_in_window / 60),
              minutes: d.minutes_left_in_window % 60,
            }),
    });
  else if (d.next_window) {
    const next = jst(d.next_window.start);
    // Within the coming week a weekday is enough ("木曜 10:00"); further off, the date.
    const daysAhead = (Date.parse(next.date) - Date.parse(date)) / 86_400_000;
    const when =
      next.date === date
        ? t("today.nextToday", { time: next.time })
        : daysAhead < 7
          ? t("today.nextDay", { day: t(`weekday.${next.weekday}` as MessageKey), time: next.time })
          : t("today.nextDate", { date: formatDate(next.date, lang), time: next.time });
    line = t("today.next", { when });
  } else line = d.has_availability ? t("today.noWindow") : t("today.noAvailability");

  return (
    <section className="card today-card stack" aria-labelledby="today-heading" data-testid="today-card">
      <div className="row between">
        <h2 id="today-heading">{t("today.title")}</h2>
        <button
          type="button"
          className={`btn btn-small day-off-toggle${d.day_off ? " is-on" : ""}`}
          aria-pressed={d.day_off}
          aria-describedby="day-off-help"
          data-testid="day-off"
          disabled={dayOff.isPending}
          onClick={() => dayOff.mutate({ date, off: !d.day_off })}
        >
          <span className="switch" aria-hidden="true" />
          {t("today.dayOffToggle")}
        </button>
      </div>
      <p id="day-off-help" className="visually-hidden">
        {t("today.dayOffHelp")}
      </p>
      <p className="today-line" data-testid="today-line" data-in-window={d.window ? "true" : "false"}>
        {line}
      </p>
      {dayOff.isError && <ErrorBanner error={dayOff.error} />}

      <dl className="facts today-facts">
        <div>
          <dt>{t("today.claimed")}</dt>
          <dd data-testid="today-claimed">
            {t("today.minutesOf", { minutes: d.claimed_minutes_today, cap: d.daily_cap_minutes })}
          </dd>
        </div>
        <div>
          <dt>{t("today.worked")}</dt>
          <dd>{t("today.minutesShort", { minutes: d.worked_minutes_today })}</dd>
        </div>
        <div>
          <dt>{t("today.weekAccepted")}</dt>
          <dd data-testid="today-week">{t("today.hours", { hours: d.week_accepted_hours })}</dd>
        </div>
      </dl>

      {!d.day_off && (
        <fieldset className="minutes-now">
          <legend>{t("today.minutesNow")}</legend>
          <div className="choice-row">
            <button
              type="button"
              className="btn btn-small choice"
              aria-pressed={stated.chosen === null}
              onClick={() => setMinutesNow(null)}
            >
              {t("today.minutesUnset")}
            </button>
            {MINUTE_CHOICES.map((m) => (
              <button
                key={m}
                type="button"
                className="btn btn-small choice"
                aria-pressed={stated.chosen === m}
                data-testid={`minutes-${m}`}
                onClick={() => setMinutesNow(m)}
              >
                {t("today.minutesChoice", { minutes: m })}
              </button>
            ))}
          </div>
          {stated.minutes !== null && stated.until !== null && (
            <p className="small muted" data-testid="minutes-until">
              {t("today.minutesUntil", { time: jst(new Date(stated.until).toISOString()).time, minutes: stated.minutes })}
            </p>
          )}
        </fieldset>
      )}

      <Link to={paths.availability} className="btn btn-secondary btn-block" data-testid="open-availability">
        {d.has_availability ? t("today.editHours") : t("today.setHours")}
      </Link>
    </section>
  );
}
