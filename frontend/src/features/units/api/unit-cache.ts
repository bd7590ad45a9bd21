import type { EntryResult, UnitDetail } from "@/api/types";
import { kvDelete, kvGet, kvSet } from "@/lib/offline-db";

// The last unit the worker opened, kept in IndexedDB so that a reload without a connection still
// shows its items and what was saved (docs/architecture.md, Offline keying). One unit only, and
// removed when it is handed in or returned, or on logout.

const KEY = "unit";

export async function rememberUnit(unit: UnitDetail): Promise<void> {
  await kvSet(KEY, unit);
}

export async function rememberedUnit(unitId: number): Promise<UnitDetail | null> {
  const unit = await kvGet<UnitDetail>(KEY);
  return unit && unit.id === unitId ? unit : null;
}

export async function forgetUnit(unitId: number): Promise<void> {
  if (await rememberedUnit(unitId)) await kvDelete(KEY);
}

/** A save the server answered: the kept copy shows it after a reload (values, errors, version). */
export async function rememberEntry(unitId: number, itemId: number, entry: EntryResult): Promise<void> {
  const unit = await rememberedUnit(unitId);
  if (!unit) return;
  const { values, errors, updated_at, version } = entry;
  await kvSet(KEY, {
    ...unit,
    items: unit.items.map((item) => (item.id === itemId ? { ...item, entry: { values, errors, updated_at, version } } : item)),
  });
}
