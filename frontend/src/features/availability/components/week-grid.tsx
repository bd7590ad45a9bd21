import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { useI18n, type MessageKey } from "@/lib/i18n";
import {
  CELL_MINUTES,
  CELLS_PER_DAY,
  cellState,
  hhmm,
  setCell,
  tapValue,
  type WeekSlots,
} from "../utils/week-grid";

type Props = {
  week: WeekSlots;
  firstCell: number;
  onChange: (week: boolean[][]) => void;
  /** Weekdays with a server error (the cells of that column are marked). */
  invalidDays: ReadonlySet<number>;
};

/**
 * 7 columns (月〜日) × 30-minute rows. A tap toggles a cell; with a mouse, dragging paints the
 * value of the first cell. Arrow keys move between cells (one tab stop), Space/Enter toggles.
 */
export function WeekGrid({ week, firstCell, onChange, invalidDays }: Props) {
  const { t } = useI18n();
  const [focus, setFocus] = useState<{ day: number; cell: number }>({ day: 0, cell: Math.max(firstCell, 20) });
  const paint = useRef<boolean | null>(null);
  const skipClick = useRef(false);
  const weekRef = useRef(week);
  useEffect(() => {
    weekRef.current = week;
  }, [week]);
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Open at the first hour set (or 09:00), not at the top of the day.
    const box = scroller.current;
    const target = box?.querySelector<HTMLElement>('[data-state="on"], [data-state="partial"]') ??
      box?.querySelector<HTMLElement>(`[data-cell="0-${Math.max(firstCell, 18)}"]`);
    if (box && target) {
      const head = box.querySelector("thead")?.getBoundingClientRect().height ?? 0;
      const offset = target.getBoundingClientRect().top - box.getBoundingClientRect().top;
      box.scrollTop = Math.max(0, box.scrollTop + offset - head - 8);
    }
    // Only on mount: later taps must not move the grid under the finger.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const cells = Array.from({ length: CELLS_PER_DAY - firstCell }, (_, i) => firstCell + i);
  const dayName = (day: number) => t(`weekday.${day}` as MessageKey);

  const apply = (day: number, cell: number, on: boolean) => {
    const current = weekRef.current;
    const next = current.map((d) => [...d]);
    next[day] = setCell(current[day] ?? [], cell, on);
    weekRef.current = next;
    onChange(next);
  };

  const moveFocus = (day: number, cell: number) => {
    const d = Math.max(0, Math.min(6, day));
    const c = Math.max(firstCell, Math.min(CELLS_PER_DAY - 1, cell));
    setFocus({ day: d, cell: c });
    document.querySelector<HTMLButtonElement>(`[data-cell="${d}-${c}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, day: number, cell: number) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
    };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      moveFocus(day + m[0], cell + m[1]);
    } else if (e.key === "Home") {
      e.preventDefault();
      moveFocus(day, firstCell);
    } else if (e.key === "End") {
      e.preventDefault();
      moveFocus(day, CELLS_PER_DAY - 1);
    }
  };

  const onPointerDown = (e: PointerEvent<HTMLButtonElement>, day: number, cell: number) => {
    if (e.pointerType !== "mouse" || e.button !== 0) return; // touch: tap only, so the page scrolls
    e.preventDefault();
    skipClick.current = true;
    const value = tapValue(cellState(weekRef.current[day] ?? [], cell));
    paint.current = value;
    apply(day, cell, value);
    const stop = () => {
      paint.current = null;
      setTimeout(() => (skipClick.current = false), 0); // after the click (if any) of this press
      window.removeEventListener("pointerup", stop);
    };
    window.addEventListener("pointerup", stop);
  };

  return (
    <div className="week-grid-scroll" ref={scroller}>
      <table className="week-grid" aria-label={t("avail.weekGrid")}>
        <thead>
          <tr>
            <th scope="col" className="wg-time">
              <span className="visually-hidden">{t("avail.time")}</span>
            </th>
            {week.map((_, day) => (
              <th key={day} scope="col" className={invalidDays.has(day) ? "wg-invalid" : undefined}>
                {dayName(day)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cells.map((cell) => {
            const start = hhmm(cell * CELL_MINUTES);
            const end = hhmm((cell + 1) * CELL_MINUTES);
            const onHour = (cell * CELL_MINUTES) % 60 === 0;
            return (
              <tr key={cell} className={onHour ? "wg-hour" : undefined}>
                <th scope="row" className="wg-time">
                  {onHour ? start : <span className="visually-hidden">{start}</span>}
                </th>
                {week.map((slots, day) => {
                  const state = cellState(slots, cell);
                  return (
                    <td key={day}>
                      <button
                        type="button"
                        className={`wg-cell wg-${state}`}
                        data-cell={`${day}-${cell}`}
                        data-state={state}
                        aria-pressed={state === "on" ? true : state === "partial" ? "mixed" : false}
                        aria-label={t("avail.cell", { day: dayName(day), start, end })}
                        tabIndex={focus.day === day && focus.cell === cell ? 0 : -1}
                        onFocus={() => setFocus({ day, cell })}
                        onKeyDown={(e) => onKeyDown(e, day, cell)}
                        onPointerDown={(e) => onPointerDown(e, day, cell)}
                        onPointerEnter={() => {
                          if (paint.current !== null) apply(day, cell, paint.current);
                        }}
                        onClick={() => {
                          // A mouse press already painted on pointerdown; keyboard and touch toggle here.
                          if (skipClick.current) {
                            skipClick.current = false;
                            return;
                          }
                          apply(day, cell, tapValue(state));
                        }}
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
