import { describe, expect, it } from "vitest";
import { minutesLeft } from "./minutes-now";

describe("minutesLeft", () => {
  it("counts down from the stated time and ends at zero", () => {
    const at = Date.UTC(2026, 0, 5, 1, 0);
    const stored = { chosen: 90, until: at + 90 * 60_000 };
    expect(minutesLeft(stored, at)).toBe(90);
    expect(minutesLeft(stored, at + 5)).toBe(90); // just chosen: still the minutes pressed
    expect(minutesLeft(stored, at + 30 * 60_000)).toBe(60);
    expect(minutesLeft(stored, at + 89 * 60_000 + 1)).toBe(1);
    expect(minutesLeft(stored, at + 90 * 60_000)).toBeNull();
    expect(minutesLeft(null, at)).toBeNull();
  });
});
