import { useId } from "react";
import type { Forecast, ForecastStatus } from "@/api/types";
import { formatDate, formatMonthDay } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { chartGeometry, hoursLabel, shortfallWholeHours } from "../utils/forecast";

/** The job's forecast for staff and coordinators (backend: koma/jobs/forecast.py, architecture A24). */
export function ForecastCard({ forecast }: { forecast: Forecast }) {
  const { t, lang } = useI18n();
  return (
    <section
      className="card stack"
      aria-labelledby="forecast-heading"
      data-testid="job-forecast"
      data-status={forecast.status}
    >
      <div className="row wrap between gap-s">
        <h2 id="forecast-heading" className="h3">
          {t("forecast.title")}
        </h2>
        <ForecastBadge status={forecast.status} />
      </div>
      <p className="forecast-sentence" data-testid="forecast-sentence">
        <ForecastSentence forecast={forecast} />
      </p>
      <dl className="facts">
        <div>
          <dt>{t("forecast.remaining")}</dt>
          <dd data-testid="forecast-remaining">{t("forecast.hours", { hours: hoursLabel(forecast.remaining_minutes, lang) })}</dd>
        </div>
        <div>
          <dt>{t("forecast.available")}</dt>
          <dd data-testid="forecast-available">{t("forecast.hours", { hours: hoursLabel(forecast.available_minutes, lang) })}</dd>
        </div>
        <div>
          <dt>{t("forecast.expectedFinish")}</dt>
          <dd data-testid="forecast-finish">
            {forecast.expected_finish ? formatDate(forecast.expected_finish, lang) : t("forecast.noFinish")}
          </dd>
        </div>
      </dl>
      {forecast.awaiting_review_minutes > 0 && (
        <p className="muted small">
          {t("forecast.awaitingReview", { hours: hoursLabel(forecast.awaiting_review_minutes, lang) })}
        </p>
      )}
      {forecast.days.length > 1 && <ForecastChart forecast={forecast} />}
      <p className="muted small">{t("forecast.help")}</p>
    </section>
  );
}

export function ForecastBadge({ status }: { status: ForecastStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-forecast-${status}`} data-testid="forecast-status" data-status={status}>
      {t(`forecast.status.${status}`)}
    </span>
  );
}

function ForecastSentence({ forecast }: { forecast: Forecast }) {
  const { t } = useI18n();
  const hours = shortfallWholeHours(forecast);
  const past = deadlinePassed(forecast);
  if (hours > 0) {
    return <>{t(past ? "forecast.pastDeadlineShortfall" : "forecast.shortfall", { hours })}</>;
  }
  if (forecast.status === "late") return <>{t("forecast.pastDeadline")}</>;
  if (forecast.status === "at_risk") return <>{t("forecast.tight")}</>;
  return <>{t("forecast.enough")}</>;
}

/** The series starts at today or earlier; a deadline before its today row is over. */
function deadlinePassed(forecast: Forecast): boolean {
  const today = forecast.days.find((d) => d.done_minutes !== null && d.planned_minutes !== null);
  return today !== undefined && forecast.deadline < today.date;
}

const toHours = (minutes: number | null) => (minutes === null ? "" : String(Math.round((minutes / 60) * 10) / 10));

function ForecastChart({ forecast }: { forecast: Forecast }) {
  const { t, lang } = useI18n();
  const id = useId();
  const days = forecast.days;
  const g = chartGeometry(days);
  const todayIndex = days.findIndex((d) => d.done_minutes !== null && d.planned_minutes !== null);
  const deadlineIndex = days.findIndex((d) => d.date === forecast.deadline);
  const atDeadline = deadlineIndex >= 0 ? days[deadlineIndex] : days[days.length - 1];
  const doneNow = todayIndex >= 0 ? days[todayIndex].done_minutes : null;
  const summary = t("forecast.chartSummary", {
    done: toHours(doneNow ?? 0),
    deadline: formatDate(forecast.deadline, lang),
    needed: toHours(atDeadline.needed_minutes ?? 0),
    planned: toHours(atDeadline.planned_minutes ?? 0),
  });
  // Five date labels at most (first and last included): legible at 390 px.
  const labelled = [...new Set([0, 1, 2, 3, 4].map((k) => Math.round((k * (days.length - 1)) / 4)))];
  return (
    <figure className="forecast-chart stack-s" data-testid="forecast-chart">
      <figcaption id={`${id}-title`} className="small">
        {t("forecast.chartTitle")}
      </figcaption>
      <svg
        viewBox={`0 0 ${g.width} ${g.height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        {g.ticks.map((h) => (
          <g key={h}>
            <line className="chart-grid" x1={g.left} x2={g.right} y1={g.y(h * 60)} y2={g.y(h * 60)} />
            <text className="chart-label" x={g.left - 6} y={g.y(h * 60) + 4} textAnchor="end">
              {h}
            </text>
          </g>
        ))}
        {labelled.map((i) => (
          <text
            key={days[i].date}
            className="chart-label"
            x={g.x(i)}
            y={g.height - 6}
            textAnchor={i === 0 ? "start" : i === days.length - 1 ? "end" : "middle"}
          >
            {formatMonthDay(days[i].date, lang)}
          </text>
        ))}
        {deadlineIndex >= 0 && (
          <g>
            <line className="chart-deadline" x1={g.x(deadlineIndex)} x2={g.x(deadlineIndex)} y1={g.top} y2={g.bottom} />
            <text
              className="chart-label chart-deadline-label"
              x={g.x(deadlineIndex) + (deadlineIndex < days.length / 2 ? 4 : -4)}
              y={g.bottom - 6}
              textAnchor={deadlineIndex < days.length / 2 ? "start" : "end"}
            >
              {t("forecast.deadlineMark")}
            </text>
          </g>
        )}
        <path className="chart-line chart-needed" d={g.paths.needed_minutes} />
        <path className="chart-line chart-planned" d={g.paths.planned_minutes} />
        <path className="chart-line chart-done" d={g.paths.done_minutes} />
        {todayIndex >= 0 && doneNow !== null && (
          <circle className="chart-done-dot" cx={g.x(todayIndex)} cy={g.y(doneNow)} r={4} />
        )}
      </svg>
      <p id={`${id}-desc`} className="small">
        {summary}
      </p>
      <ul className="chart-legend small" aria-hidden="true">
        <li>
          <span className="swatch swatch-done" />
          {t("forecast.legendDone")}
        </li>
        <li>
          <span className="swatch swatch-needed" />
          {t("forecast.legendNeeded")}
        </li>
        <li>
          <span className="swatch swatch-planned" />
          {t("forecast.legendPlanned")}
        </li>
      </ul>
      <details>
        <summary>{t("forecast.tableToggle")}</summary>
        <table className="table table-compact small" data-testid="forecast-table">
          <thead>
            <tr>
              <th scope="col">{t("forecast.date")}</th>
              <th scope="col">{t("forecast.legendDone")}</th>
              <th scope="col">{t("forecast.legendNeeded")}</th>
              <th scope="col">{t("forecast.legendPlanned")}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <th scope="row">{formatMonthDay(d.date, lang)}</th>
                <td>{toHours(d.done_minutes)}</td>
                <td>{toHours(d.needed_minutes)}</td>
                <td>{toHours(d.planned_minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
