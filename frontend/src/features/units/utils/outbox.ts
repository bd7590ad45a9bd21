// The rules of the offline outbox, as pure functions over its records (docs/architecture.md,
// Offline keying). The IndexedDB side is ../api/outbox.ts.
//
// A record is one item's save kept on this device: every field of the item (a save always
// carries the whole item), and the entry version the device last saw for it (`baseVersion`, sent
// as base_version so the server refuses to overwrite a value changed elsewhere since). Records
// are sent in the order they were first kept (`seq`).

export type Values = Record<string, string>;

export type OutboxRecord = {
  seq?: number;
  unitId: number;
  itemId: number;
  values: Values;
  /** The entry version the device last saw; null: sent without one (no conflict check). */
  baseVersion: number | null;
  /** When the worker typed it (ms since the epoch). */
  at: number;
};

export function inOrder(records: readonly OutboxRecord[]): OutboxRecord[] {
  return [...records].sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
}

const sameItem = (a: OutboxRecord, b: { unitId: number; itemId: number }) =>
  a.unitId === b.unitId && a.itemId === b.itemId;

/**
 * The record to write for a new save. A later save of an item that already waits replaces that
 * record's values in place: it keeps its place in the order and its base version (the new values
 * were typed on top of the same server state). A record being sent right now is not touched; the
 * new save then waits behind it as a record of its own.
 */
export function placeSave(
  records: readonly OutboxRecord[],
  save: Omit<OutboxRecord, "seq">,
  sendingSeq: number | null = null,
): OutboxRecord {
  const waiting = inOrder(records).filter((r) => sameItem(r, save) && r.seq !== sendingSeq);
  const last = waiting[waiting.length - 1];
  if (last) return { ...last, values: { ...last.values, ...save.values }, at: save.at };
  // Behind a record being sent: its answer gives the base version (see afterSaved).
  return { ...save };
}

/** After `sent` was saved at `version`: the item's later records, now based on that version. */
export function afterSaved(records: readonly OutboxRecord[], sent: OutboxRecord, version: number): OutboxRecord[] {
  return records
    .filter((r) => r.seq !== sent.seq && sameItem(r, sent) && r.baseVersion !== null && r.baseVersion < version)
    .map((r) => ({ ...r, baseVersion: version }));
}

/** The item's records to drop after a conflict, and the text the worker had typed (the latest). */
export function dropItem(
  records: readonly OutboxRecord[],
  unitId: number,
  itemId: number,
): { seqs: number[]; values: Values } {
  const mine = inOrder(records).filter((r) => sameItem(r, { unitId, itemId }));
  return {
    seqs: mine.map((r) => r.seq).filter((s): s is number => s !== undefined),
    values: Object.assign({}, ...mine.map((r) => r.values)) as Values,
  };
}

export type PendingItem = { values: Values; baseVersion: number | null };

/** The values waiting per item of a unit (the latest of each), to show after a reload. */
export function pendingByItem(records: readonly OutboxRecord[], unitId: number): Record<number, PendingItem> {
  const out: Record<number, PendingItem> = {};
  for (const r of inOrder(records)) {
    if (r.unitId !== unitId) continue;
    const known = out[r.itemId];
    out[r.itemId] = known
      ? { values: { ...known.values, ...r.values }, baseVersion: known.baseVersion }
      : { values: { ...r.values }, baseVersion: r.baseVersion };
  }
  return out;
}

export function pendingCount(records: readonly OutboxRecord[], unitId?: number): number {
  return unitId === undefined ? records.length : records.filter((r) => r.unitId === unitId).length;
}

/** What a failed send means for the outbox. */
export type FailureAction = "retry-later" | "conflict" | "drop";

/**
 * No connection, a server error or a rate limit: keep the record and try again later. The session
 * ended (login again, then it is sent): keep it too. A version conflict: the server kept a newer
 * value (drop the item's records, show the worker what they typed). Anything else the server
 * refused (the unit was returned, a 個人番号, an unknown item) will never pass: drop it.
 */
export function failureAction(status: number, code: string): FailureAction {
  if (code === "entry_version_conflict") return "conflict";
  if (status === 0 || status >= 500 || status === 429) return "retry-later";
  if (code === "not_authenticated" || code === "csrf_failed" || status === 401) return "retry-later";
  return "drop";
}
