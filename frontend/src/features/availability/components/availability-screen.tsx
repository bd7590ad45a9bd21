import { useMemo, useState } from "react";
import { Link } from "react-router";
import type { Availability, DatedWindows } from "@/api/types";
import { ErrorBanner, Notice } from "@/components/error-banner";
import { Loading } from "@/components/loading";
import { paths } from "@/config/paths";
import { isApiError } from "@/lib/api-client";
import { fieldErrorMessage } from "@/lib/errors";
import { useI18n, type MessageKey } from "@/lib/i18n";
import { useAvailability, useSaveAvailability } from "../api/get-availability";
import {
  emptyDay,
  firstVisibleCell,
  setCell,
  slotsToWeekly,
  slotsToWindows,
  weeklyToSlots,
  weekMinutes,
  type Span,
} from "../utils/week-grid";
import { ExceptionList, type ExceptionRow } from "./exception-list";
import { WeekGrid } from "./week-grid";

/** Server field errors (`weekly[2].end`, `exceptions[0].windows[1].start`) to where they are shown. */
export function placeErrors(
  fields: Record<string, unknown> | undefined,
  weeklySent: { weekday: number }[],
): { days: Map<number, string[]>; exceptions: Map<number, string[]>; other: string[] } {
  const days = new Map<number, string[]>();
  const exceptions = new Map<number, string[]>();
  const other: string[] = [];
  const add = (map: Map<number, string[]>, key: number, codes: string[]) =>
    map.set(key, [...(map.get(key) ?? []), ...codes]);
  for (const [path, value] of Object.entries(fields ?? {})) {
    const codes = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    const w = /^weekly\[(\d+)\]/.exec(path);
    const x = /^exceptions\[(\d+)\]/.exec(path);
    const weekday = w ? weeklySent[Number(w[1])]?.weekday : undefined;
    if (weekday !== undefined) add(days, weekday, codes);
    else if (x) add(exceptions, Number(x[1]), codes);
    else other.push(...codes);
  }
  return { days, exceptions, other };
}

function rowsFrom(exceptions: DatedWindows[]): ExceptionRow[] {
  return exceptions.map((e, i) => ({ key: `${e.date}-${i}`, date: e.date, windows: e.windows.map((w) => ({ ...w })) }));
}

export function AvailabilityScreen() {
  const query = useAvailability();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />;
  // The editor starts from what is stored; a save resets it to the server's answer.
  return <AvailabilityEditor stored={query.data} />;
}

function AvailabilityEditor({ stored }: { stored: Availability }) {
  const { t } = useI18n();
  const save = useSaveAvailability();
  const initialWeek = useMemo(() => weeklyToSlots(stored.weekly), [stored]);
  const [week, setWeek] = useState<boolean[][]>(initialWeek);
  const [rows, setRows] = useState<ExceptionRow[]>(() => rowsFrom(stored.exceptions));
  const [showEarly, setShowEarly] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [sent, setSent] = useState<{ weekday: number }[]>([]);
  const [saved, setSaved] = useState(false);

  const firstCell = showEarly ? 0 : firstVisibleCell(initialWeek);
  const errors = placeErrors(isApiError(save.error, "invalid_availability") ? save.error.fields : undefined, sent);
  const dayName = (day: number) => t(`weekday.${day}` as MessageKey);
  const touch = () => {
    setDirty(true);
    setSaved(false);
  };

  const onSave = () => {
    const weekly = slotsToWeekly(week);
    const body: Availability = {
      weekly,
      exceptions: rows.map((r) => ({ date: r.date, windows: r.windows.map((w) => ({ start: w.start, end: w.end })) })),
    };
    setSent(weekly);
    save.mutate(body, {
      onSuccess: (data) => {
        // What the server stored (windows touching each other come back joined).
        setWeek(weeklyToSlots(data.weekly));
        setRows(rowsFrom(data.exceptions));
        setDirty(false);
        setSaved(true);
      },
    });
  };

  const addWeekdayPreset = () => {
    const next = week.map((d) => [...d]);
    for (let day = 0; day < 5; day += 1) for (let cell = 20; cell < 24; cell += 1) next[day] = setCell(next[day] ?? [], cell, true);
    setWeek(next);
    touch();
  };

  const fmt = (spans: Span[]) => spans.map((s) => t("avail.span", { start: s.start, end: s.end })).join(t("common.listSep"));

  return (
    <div className="stack-lg availability">
      <Link to={paths.work} className="back-link">
        {t("avail.back")}
      </Link>
      <h1>{t("avail.title")}</h1>
      {saved && <Notice tone="success">{t("avail.saved")}</Notice>}

      <section className="stack" aria-labelledby="week-heading">
        <h2 id="week-heading">{t("avail.week")}</h2>
        <p className="muted small" id="week-help">
          {t("avail.help")}
        </p>
        <div className="row wrap gap-s">
          <button type="button" className="btn btn-secondary btn-small" onClick={addWeekdayPreset}>
            {t("avail.preset")}
          </button>
          {firstCell > 0 && (
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setShowEarly(true)}>
              {t("avail.showEarly")}
            </button>
          )}
        </div>
        <WeekGrid
          week={week}
          firstCell={firstCell}
          invalidDays={new Set(errors.days.keys())}
          onChange={(next) => {
            setWeek(next);
            touch();
          }}
        />

        <h3 className="h3">{t("avail.summary")}</h3>
        <ul className="plain-list day-summary" data-testid="week-summary">
          {week.map((slots, day) => {
            const spans = slotsToWindows(slots);
            const dayErrors = errors.days.get(day) ?? [];
            return (
              <li key={day} data-testid={`day-summary-${day}`} className={dayErrors.length ? "row-invalid" : undefined}>
                <span className="day-name">{dayName(day)}</span>
                <span className="day-spans">{spans.length ? fmt(spans) : t("avail.dayNone")}</span>
                {spans.length > 0 && (
                  <button
                    type="button"
                    className="btn btn-link btn-small"
                    onClick={() => {
                      const next = week.map((d) => [...d]);
                      next[day] = emptyDay();
                      setWeek(next);
                      touch();
                    }}
                  >
                    {t("avail.clearDay", { day: dayName(day) })}
                  </button>
                )}
                {dayErrors.map((code) => (
                  <p key={code} className="field-error">
                    {fieldErrorMessage(code, t)}
                  </p>
                ))}
              </li>
            );
          })}
        </ul>
        <p className="muted small" data-testid="week-total">
          {t("avail.weekTotal", { hours: weekMinutes(week) / 60 })}
        </p>
      </section>

      <ExceptionList
        rows={rows}
        errors={errors.exceptions}
        onChange={(next) => {
          setRows(next);
          touch();
        }}
      />

      {save.isError && (
        <ErrorBanner error={save.error}>
          {errors.other.map((code) => (
            <p key={code}>{fieldErrorMessage(code, t)}</p>
          ))}
        </ErrorBanner>
      )}
      <div className="save-bar stack-s">
        {dirty && !save.isPending && <p className="small muted">{t("avail.unsaved")}</p>}
        <button
          type="button"
          className="btn btn-primary btn-block btn-huge"
          data-testid="save-availability"
          disabled={save.isPending}
          onClick={onSave}
        >
          {save.isPending ? t("avail.saving") : t("avail.save")}
        </button>
      </div>
    </div>
  );
}
