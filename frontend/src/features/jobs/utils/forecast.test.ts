import { describe, expect, it } from "vitest";
import type { ForecastDay } from "@/api/types";
import { chartGeometry, hoursLabel, shortfallWholeHours } from "./forecast";

const day = (date: string, done: number | null, needed: number | null, planned: number | null): ForecastDay => ({
  date,
  done_minutes: done,
  needed_minutes: needed,
  planned_minutes: planned,
});

describe("shortfallWholeHours", () => {
  it("rounds the shortfall up to whole hours", () => {
    expect(shortfallWholeHours({ shortfall_minutes: 0 })).toBe(0);
    expect(shortfallWholeHours({ shortfall_minutes: 1 })).toBe(1);
    expect(shortfallWholeHours({ shortfall_minutes: 660 })).toBe(11);
    expect(shortfallWholeHours({ shortfall_minutes: 661 })).toBe(12);
  });
});

describe("hoursLabel", () => {
  it("shows at most one decimal", () => {
    expect(hoursLabel(90, "ja")).toBe("1.5");
    expect(hoursLabel(100, "en")).toBe("1.7");
    expect(hoursLabel(120_000, "ja")).toBe("2,000");
  });
});

describe("chartGeometry", () => {
  const days = [
    day("2026-12-05", 60, null, null),
    day("2026-12-06", 120, null, null),
    day("2026-12-07", 120, 300, 240),
    day("2026-12-08", null, 480, 360),
  ];

  it("scales the highest value under a whole-hour axis", () => {
    const g = chartGeometry(days, 360, 200);
    expect(g.maxMinutes).toBe(480); // 8 h, ticks every 2 h
    expect(g.ticks).toEqual([0, 2, 4, 6, 8]);
    expect(g.y(0)).toBe(g.bottom);
    expect(g.y(480)).toBe(g.top);
    expect(g.x(0)).toBe(g.left);
    expect(g.x(3)).toBe(g.right);
  });

  it("draws each series only where it has values", () => {
    const g = chartGeometry(days, 360, 200);
    expect(g.paths.done_minutes.match(/[ML]/g)).toEqual(["M", "L", "L"]);
    expect(g.paths.needed_minutes.match(/[ML]/g)).toEqual(["M", "L"]);
    expect(g.paths.planned_minutes.startsWith(`M${g.x(2).toFixed(1)} `)).toBe(true);
  });

  it("keeps an axis when nothing is done or needed", () => {
    const g = chartGeometry([day("2026-12-07", 0, 0, 0), day("2026-12-08", null, 0, 0)]);
    expect(g.maxMinutes).toBe(60);
    expect(g.paths.done_minutes).toBe(`M${g.left.toFixed(1)} ${g.bottom.toFixed(1)}`);
  });
});
