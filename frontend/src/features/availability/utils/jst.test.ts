import { describe, expect, it } from "vitest";
import { endTime, jst } from "./jst";

describe("jst", () => {
  it("reads an instant as a Japan date, time and weekday (Monday = 0)", () => {
    // 2026-01-08 01:00 UTC = Thursday 10:00 in Japan
    expect(jst("2026-01-08T01:00:00Z")).toEqual({ date: "2026-01-08", time: "10:00", weekday: 3 });
    expect(jst("2026-01-07T15:30:00Z")).toEqual({ date: "2026-01-08", time: "00:30", weekday: 3 });
  });

  it("writes a window ending at midnight as 24:00", () => {
    expect(endTime("2026-01-08T13:00:00+09:00", "2026-01-09T00:00:00+09:00")).toBe("24:00");
    expect(endTime("2026-01-08T10:00:00+09:00", "2026-01-08T12:00:00+09:00")).toBe("12:00");
  });
});
