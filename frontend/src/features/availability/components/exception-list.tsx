import { useId } from "react";
import { fieldErrorMessage } from "@/lib/errors";
import { useI18n } from "@/lib/i18n";
import { hhmm, SLOT_MINUTES, SLOTS_PER_DAY, type Span } from "../utils/week-grid";

export type ExceptionRow = { key: string; date: string; windows: Span[] };

const STARTS = Array.from({ length: SLOTS_PER_DAY }, (_, i) => hhmm(i * SLOT_MINUTES)); // 00:00–23:45
const ENDS = Array.from({ length: SLOTS_PER_DAY }, (_, i) => hhmm((i + 1) * SLOT_MINUTES)); // 00:15–24:00

function tomorrowInJapan(): string {
  const d = new Date(Date.now() + 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

let seq = 0;
const newKey = () => `new-${(seq += 1)}`;

/** Dated exceptions: a day off (no windows) or that date's own windows, replacing the week's. */
export function ExceptionList({
  rows,
  errors,
  onChange,
}: {
  rows: ExceptionRow[];
  errors: ReadonlyMap<number, string[]>;
  onChange: (rows: ExceptionRow[]) => void;
}) {
  const { t } = useI18n();
  const update = (index: number, row: ExceptionRow) => onChange(rows.map((r, i) => (i === index ? row : r)));

  return (
    <section className="stack" aria-labelledby="exceptions-heading">
      <h2 id="exceptions-heading">{t("avail.exceptions")}</h2>
      <p className="muted small">{t("avail.exceptionsHelp")}</p>
      {rows.length === 0 && <p className="muted">{t("avail.noExceptions")}</p>}
      <ul className="plain-list stack">
        {rows.map((row, index) => (
          <ExceptionItem
            key={row.key}
            row={row}
            errors={errors.get(index) ?? []}
            onChange={(next) => update(index, next)}
            onRemove={() => onChange(rows.filter((_, i) => i !== index))}
          />
        ))}
      </ul>
      <div className="row wrap gap-s">
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="add-day-off"
          onClick={() => onChange([...rows, { key: newKey(), date: tomorrowInJapan(), windows: [] }])}
        >
          {t("avail.addDayOff")}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() =>
            onChange([...rows, { key: newKey(), date: tomorrowInJapan(), windows: [{ start: "10:00", end: "12:00" }] }])
          }
        >
          {t("avail.addExtra")}
        </button>
      </div>
    </section>
  );
}

function ExceptionItem({
  row,
  errors,
  onChange,
  onRemove,
}: {
  row: ExceptionRow;
  errors: string[];
  onChange: (row: ExceptionRow) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const setWindow = (i: number, span: Span) => onChange({ ...row, windows: row.windows.map((w, j) => (j === i ? span : w)) });
  return (
    <li className={`card stack-s exception${errors.length ? " row-invalid" : ""}`} data-testid="exception">
      <div className="field">
        <label className="label" htmlFor={`${id}-date`}>
          {t("avail.date")}
        </label>
        <input
          id={`${id}-date`}
          type="date"
          value={row.date}
          aria-invalid={errors.length > 0 || undefined}
          onChange={(e) => onChange({ ...row, date: e.target.value })}
        />
      </div>
      {row.windows.length === 0 && <p className="exception-off">{t("avail.dayOff")}</p>}
      {row.windows.map((w, i) => (
        <fieldset key={i} className="window-row">
          <legend className="visually-hidden">{t("avail.windowN", { n: i + 1 })}</legend>
          <label>
            <span className="small">{t("avail.from")}</span>
            <select value={w.start} onChange={(e) => setWindow(i, { ...w, start: e.target.value })}>
              {STARTS.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </label>
          <label>
            <span className="small">{t("avail.to")}</span>
            <select value={w.end} onChange={(e) => setWindow(i, { ...w, end: e.target.value })}>
              {ENDS.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => onChange({ ...row, windows: row.windows.filter((_, j) => j !== i) })}
          >
            {t("avail.removeWindow")}
          </button>
        </fieldset>
      ))}
      {errors.map((code) => (
        <p key={code} className="field-error" role="alert">
          {fieldErrorMessage(code, t)}
        </p>
      ))}
      <div className="row wrap gap-s">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => onChange({ ...row, windows: [...row.windows, { start: "10:00", end: "12:00" }] })}
        >
          {t("avail.addWindow")}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={onRemove}>
          {t("avail.removeException")}
        </button>
      </div>
    </li>
  );
}
