import { useSyncExternalStore } from "react";
import type { RealtimeEvent } from "@/lib/realtime";

// `unit.lease_warning` {unit_id, lease_expires_at} arrives 10 minutes before a hold ends. The
// notice stays on the home and keying pages until that moment (or the unit is no longer held).

type Warnings = ReadonlyMap<number, string>;
let warnings: Warnings = new Map();
const listeners = new Set<() => void>();

function emit(next: Warnings) {
  warnings = next;
  listeners.forEach((l) => l());
}

export function noteLeaseWarning(event: RealtimeEvent): void {
  if (event.event !== "unit.lease_warning") return;
  const unitId = Number(event.unit_id);
  const expires = typeof event.lease_expires_at === "string" ? event.lease_expires_at : null;
  if (!Number.isFinite(unitId) || !expires) return;
  const next = new Map(warnings);
  next.set(unitId, expires);
  emit(next);
}

export function clearLeaseWarning(unitId: number): void {
  if (!warnings.has(unitId)) return;
  const next = new Map(warnings);
  next.delete(unitId);
  emit(next);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The warnings noted so far (unit id → lease end). */
export const leaseWarnings = (): Warnings => warnings;
const snapshot = leaseWarnings;

/** Warned units whose hold has not ended yet at `now`: unit id → lease end. */
export function activeWarnings(all: Warnings, now: number): [number, string][] {
  return [...all.entries()].filter(([, end]) => new Date(end).getTime() > now);
}

export function useLeaseWarnings(): Warnings {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
