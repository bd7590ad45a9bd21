import { describe, expect, it } from "vitest";
import { formatDate, formatJstTime, formatMonthDay, leaseLeft, percent } from "./format";

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

describe("leaseLeft", () => {
  const end = "2026-04-01T03:00:00Z";
  const at = (iso: string) => new Date(iso).getTime();

  it("counts whole minutes up, split into hours", () => {
    expect(leaseLeft(end, at("2026-04-01T01:25:30Z"))).toEqual({ totalMinutes: 95, hours: 1, minutes: 35 });
    expect(leaseLeft(end, at("2026-04-01T02:59:59Z"))).toEqual({ totalMinutes: 1, hours: 0, minutes: 1 });
  });

  it("never goes below zero", () => {
    expect(leaseLeft(end, at("2026-04-01T04:00:00Z")).totalMinutes).toBe(0);
  });
});

describe("formatMonthDay", () => {
  it("writes short chart dates", () => {
    expect(formatMonthDay("2026-12-07", "ja")).toBe("12/7");
    expect(formatMonthDay("2026-01-31", "en")).toBe("31 Jan");
  });
});
