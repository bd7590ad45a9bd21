import { describe, expect, it } from "vitest";
import { activeWarnings, clearLeaseWarning, leaseWarnings, noteLeaseWarning } from "./lease-warnings";

describe("lease warnings", () => {
  it("notes unit.lease_warning events only, by unit, until cleared", () => {
    noteLeaseWarning({ event: "unit.lease_warning", unit_id: 7, lease_expires_at: "2026-01-08T01:10:00Z" });
    noteLeaseWarning({ event: "unit.reviewed", unit_id: 8, lease_expires_at: "2026-01-08T01:10:00Z" });
    noteLeaseWarning({ event: "unit.lease_warning", unit_id: "x", lease_expires_at: "2026-01-08T01:10:00Z" });
    noteLeaseWarning({ event: "unit.lease_warning", unit_id: 9 });
    expect([...leaseWarnings().entries()]).toEqual([[7, "2026-01-08T01:10:00Z"]]);
    clearLeaseWarning(7);
    expect(leaseWarnings().size).toBe(0);
  });

  it("answers only warnings whose lease has not ended", () => {
    const all = new Map([
      [1, "2026-01-08T01:10:00Z"],
      [2, "2026-01-08T00:50:00Z"],
    ]);
    expect(activeWarnings(all, Date.parse("2026-01-08T01:00:00Z"))).toEqual([[1, "2026-01-08T01:10:00Z"]]);
  });
});
