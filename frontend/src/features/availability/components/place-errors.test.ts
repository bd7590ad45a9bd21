import { describe, expect, it } from "vitest";
import { placeErrors } from "./availability-screen";

describe("placeErrors", () => {
  it("puts weekly errors on the weekday sent at that index, exception errors on their row", () => {
    const sent = [
      { weekday: 1, start: "10:00", end: "11:00" },
      { weekday: 3, start: "19:00", end: "19:30" },
    ];
    const placed = placeErrors(
      {
        "weekly[1].end": ["end_not_after_start"],
        "exceptions[0].date": ["duplicate_date"],
        "exceptions[0].windows[1].start": ["overlaps"],
        weekly: ["too_many"],
      },
      sent,
    );
    expect([...placed.days.entries()]).toEqual([[3, ["end_not_after_start"]]]);
    expect([...placed.exceptions.entries()]).toEqual([[0, ["duplicate_date", "overlaps"]]]);
    expect(placed.other).toEqual(["too_many"]);
  });
});
