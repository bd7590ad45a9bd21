import { describe, expect, it } from "vitest";
import { formatDate, formatJstTime, percent } from "./format";

describe("format", () => {
  it("shows lease times in Japan time whatever the device's zone", () => {
    // 05:30 UTC = 14:30 JST
    expect(formatJstTime("2024-04-01T05:30:00Z", "ja")).toBe("4/1 14:30");
    // 15:10 UTC on 31 March = 00:10 JST on 1 April
    expect(formatJstTime("2024-03-31T15:10:00Z", "ja")).toBe("4/1 00:10");
  });

  it("formats calendar dates without shifting them", () => {
    expect(formatDate("2024-04-01", "ja")).toBe("2024年4月1日");
    expect(formatDate("2024-04-01", "en")).toBe("01/04/2024");
  });

  it("clamps percentages", () => {
    expect(percent(5, 0)).toBe(0);
    expect(percent(3, 4)).toBe(75);
    expect(percent(9, 4)).toBe(100);
  });
});
