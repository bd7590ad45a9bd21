import { describe, expect, it } from "vitest";
import {
  afterSaved,
  dropItem,
  failureAction,
  inOrder,
  pendingByItem,
  pendingCount,
  placeSave,
  type OutboxRecord,
} from "./outbox";

const rec = (seq: number, itemId: number, values: Record<string, string>, baseVersion: number | null = 1): OutboxRecord => ({
  seq,
  unitId: 7,
  itemId,
  values,
  baseVersion,
  at: seq,
});

describe("placeSave", () => {
  it("appends the first save of an item", () => {
    const placed = placeSave([rec(1, 10, { name: "山" })], { unitId: 7, itemId: 11, values: { name: "佐" }, baseVersion: 0, at: 5 });
    expect(placed.seq).toBeUndefined();
    expect(placed.baseVersion).toBe(0);
  });

  it("merges a later save of a waiting item in place, keeping its place and base version", () => {
    const records = [rec(1, 10, { name: "山", kana: "" }, 1), rec(2, 11, { name: "佐" })];
    const placed = placeSave(records, { unitId: 7, itemId: 10, values: { name: "山田", kana: "ヤマダ" }, baseVersion: 1, at: 9 });
    expect(placed).toEqual({ seq: 1, unitId: 7, itemId: 10, values: { name: "山田", kana: "ヤマダ" }, baseVersion: 1, at: 9 });
  });

  it("never changes the record being sent: the new save waits behind it", () => {
    const records = [rec(1, 10, { name: "山" })];
    const placed = placeSave(records, { unitId: 7, itemId: 10, values: { name: "山田" }, baseVersion: 1, at: 9 }, 1);
    expect(placed.seq).toBeUndefined();
    expect(placed.values).toEqual({ name: "山田" });
  });

  it("keeps items of other units apart", () => {
    const other = { ...rec(1, 10, { name: "x" }), unitId: 8 };
    expect(placeSave([other], { unitId: 7, itemId: 10, values: { name: "y" }, baseVersion: 0, at: 2 }).seq).toBeUndefined();
  });
});

describe("inOrder", () => {
  it("sends the oldest first", () => {
    expect(inOrder([rec(3, 1, {}), rec(1, 2, {}), rec(2, 3, {})]).map((r) => r.seq)).toEqual([1, 2, 3]);
  });
});

describe("afterSaved", () => {
  it("bases the item's later records on the version the server answered", () => {
    const sent = rec(1, 10, { name: "山" }, 1);
    const records = [sent, rec(2, 11, { name: "佐" }, 1), rec(3, 10, { name: "山田" }, 1), rec(4, 10, { name: "x" }, null)];
    expect(afterSaved(records, sent, 2)).toEqual([rec(3, 10, { name: "山田" }, 2)]);
  });
});

describe("dropItem", () => {
  it("drops every record of the item and answers the latest text typed", () => {
    const records = [rec(1, 10, { name: "山", kana: "ヤ" }), rec(2, 11, { name: "佐" }), rec(3, 10, { name: "山田" })];
    expect(dropItem(records, 7, 10)).toEqual({ seqs: [1, 3], values: { name: "山田", kana: "ヤ" } });
  });
});

describe("pendingByItem and pendingCount", () => {
  it("shows the latest values per item of the unit, with the first base version", () => {
    const records = [rec(2, 10, { name: "山田" }, 3), rec(1, 10, { name: "山", kana: "ヤ" }, 1), { ...rec(4, 10, { name: "z" }), unitId: 8 }];
    expect(pendingByItem(records, 7)).toEqual({ 10: { values: { name: "山田", kana: "ヤ" }, baseVersion: 1 } });
    expect(pendingCount(records, 7)).toBe(2);
    expect(pendingCount(records)).toBe(3);
  });
});

describe("failureAction", () => {
  it.each([
    [0, "network_error", "retry-later"],
    [502, "server_error", "retry-later"],
    [429, "rate_limited", "retry-later"],
    [401, "not_authenticated", "retry-later"],
    [403, "csrf_failed", "retry-later"],
    [409, "entry_version_conflict", "conflict"],
    [409, "unit_not_reserved_by_you", "drop"],
    [400, "MYNUMBER_DETECTED", "drop"],
    [404, "item_not_found", "drop"],
  ] as const)("%i %s → %s", (status, code, action) => {
    expect(failureAction(status, code)).toBe(action);
  });
});
