import { useSyncExternalStore } from "react";

// 「今あと◯分」: how long the worker says they can work from now. Kept as an end time on this
// device (sessionStorage, a number only), so "90分" chosen at 10:00 is 60 at 10:30 and gone
// at 11:30. Sent as `minutes` with a claim and the list of available units.

export const MINUTE_CHOICES = [30, 45, 60, 90, 120] as const;
const KEY = "koma.minutesNow";

type Stored = { chosen: number; until: number };

function storage(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null;
  }
}

function read(): Stored | null {
  try {
    const raw = storage()?.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Stored;
    return typeof v.chosen === "number" && typeof v.until === "number" ? v : null;
  } catch {
    return null;
  }
}

let current: Stored | null = read();
const listeners = new Set<() => void>();

export function setMinutesNow(minutes: number | null, now: number = Date.now()): void {
  current = minutes === null ? null : { chosen: minutes, until: now + minutes * 60_000 };
  try {
    if (current) storage()?.setItem(KEY, JSON.stringify(current));
    else storage()?.removeItem(KEY);
  } catch {
    // storage blocked: the choice lives until the page reloads
  }
  listeners.forEach((l) => l());
}

/** Minutes left of the worker's stated time, rounded up (null: not stated, or over). */
export function minutesLeft(stored: Stored | null, now: number): number | null {
  if (!stored) return null;
  const left = Math.ceil((stored.until - now) / 60_000);
  return left > 0 ? left : null;
}

/** The stated minutes left right now (for a request about to leave). */
export function minutesNow(now: number = Date.now()): number | null {
  return minutesLeft(current, now);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => current;

/** The stated time: which choice was pressed, its end, and the minutes left (as of `now`). */
export function useMinutesNow(now: number = Date.now()) {
  const stored = useSyncExternalStore(subscribe, snapshot, snapshot);
  const minutes = minutesLeft(stored, now);
  return {
    chosen: minutes === null ? null : (stored?.chosen ?? null),
    until: minutes === null ? null : (stored?.until ?? null),
    minutes,
  };
}
