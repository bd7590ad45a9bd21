// The week grid of 「働ける時間」: a day is 96 quarter-hour slots (the server's grid is 15
// minutes); the screen shows 30-minute cells. Windows ⇄ slots is lossless, so a 10:15–11:45
// window set elsewhere survives a save from this screen unless the worker taps its cells.

export type Span = { start: string; end: string };
export type WeeklyWindow = Span & { weekday: number };

export const SLOT_MINUTES = 15;
export const SLOTS_PER_DAY = (24 * 60) / SLOT_MINUTES; // 96
export const CELL_MINUTES = 30;
export const SLOTS_PER_CELL = CELL_MINUTES / SLOT_MINUTES; // 2
export const CELLS_PER_DAY = SLOTS_PER_DAY / SLOTS_PER_CELL; // 48
/** The grid starts at 06:00 unless the week has time before it (or the worker asks). */
export const DEFAULT_FIRST_CELL = (6 * 60) / CELL_MINUTES; // 12

export type DaySlots = readonly boolean[];
export type WeekSlots = readonly DaySlots[];

/** "HH:MM" → minutes of the day; "24:00" → 1440; anything else → null. */
export function toMinutes(value: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

/** Minutes of the day → "HH:MM" (1440 → "24:00"). */
export function hhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

export function emptyDay(): boolean[] {
  return Array.from({ length: SLOTS_PER_DAY }, () => false);
}

export function emptyWeek(): boolean[][] {
  return Array.from({ length: 7 }, emptyDay);
}

/** Windows → slots. A partial quarter (never sent by the server) counts as the whole quarter. */
export function windowsToSlots(windows: readonly Span[]): boolean[] {
  const slots = emptyDay();
  for (const w of windows) {
    const start = toMinutes(w.start);
    const end = toMinutes(w.end);
    if (start === null || end === null || end <= start) continue;
    const first = Math.floor(start / SLOT_MINUTES);
    const last = Math.ceil(end / SLOT_MINUTES);
    for (let i = first; i < last && i < SLOTS_PER_DAY; i += 1) slots[i] = true;
  }
  return slots;
}

/** Slots → merged windows in time order; a run reaching the last slot ends at "24:00". */
export function slotsToWindows(slots: DaySlots): Span[] {
  const out: Span[] = [];
  let runStart: number | null = null;
  for (let i = 0; i <= SLOTS_PER_DAY; i += 1) {
    const on = i < SLOTS_PER_DAY && slots[i] === true;
    if (on && runStart === null) runStart = i;
    if (!on && runStart !== null) {
      out.push({ start: hhmm(runStart * SLOT_MINUTES), end: hhmm(i * SLOT_MINUTES) });
      runStart = null;
    }
  }
  return out;
}

export function weeklyToSlots(weekly: readonly WeeklyWindow[]): boolean[][] {
  const week = emptyWeek();
  for (let day = 0; day < 7; day += 1) {
    week[day] = windowsToSlots(weekly.filter((w) => w.weekday === day));
  }
  return week;
}

export function slotsToWeekly(week: WeekSlots): WeeklyWindow[] {
  return week.flatMap((day, weekday) => slotsToWindows(day).map((span) => ({ weekday, ...span })));
}

export type CellState = "on" | "off" | "partial";

export function cellState(day: DaySlots, cell: number): CellState {
  const slots = day.slice(cell * SLOTS_PER_CELL, (cell + 1) * SLOTS_PER_CELL);
  if (slots.every(Boolean)) return "on";
  return slots.some(Boolean) ? "partial" : "off";
}

/** Set every quarter of a cell on or off (a half-set cell becomes whole when tapped). */
export function setCell(day: DaySlots, cell: number, on: boolean): boolean[] {
  const next = [...day];
  for (let i = cell * SLOTS_PER_CELL; i < (cell + 1) * SLOTS_PER_CELL; i += 1) next[i] = on;
  return next;
}

/** The value a tap gives a cell: a fully set cell clears, anything else fills. */
export function tapValue(state: CellState): boolean {
  return state !== "on";
}

/** The first cell the grid shows: 06:00, or earlier when the week has time before it. */
export function firstVisibleCell(week: WeekSlots): number {
  let first = DEFAULT_FIRST_CELL;
  for (const day of week) {
    const i = day.indexOf(true);
    if (i >= 0) first = Math.min(first, Math.floor(i / SLOTS_PER_CELL));
  }
  return first;
}

/** Total minutes set in a week (shown under the grid). */
export function weekMinutes(week: WeekSlots): number {
  return week.reduce((sum, day) => sum + day.filter(Boolean).length * SLOT_MINUTES, 0);
}
