import { describe, expect, it } from "vitest";
import {
  cellState,
  emptyDay,
  emptyWeek,
  firstVisibleCell,
  hhmm,
  setCell,
  slotsToWeekly,
  slotsToWindows,
  SLOTS_PER_DAY,
  toMinutes,
  weeklyToSlots,
  weekMinutes,
  windowsToSlots,
} from "./week-grid";

describe("week grid ⇄ windows", () => {
  it("reads and writes HH:MM, 24:00 included", () => {
    expect(toMinutes("00:00")).toBe(0);
    expect(toMinutes("10:15")).toBe(615);
    expect(toMinutes("24:00")).toBe(1440);
    expect(toMinutes("24:15")).toBeNull();
    expect(toMinutes("9:00")).toBeNull();
    expect(hhmm(1440)).toBe("24:00");
    expect(hhmm(615)).toBe("10:15");
  });

  it("merges adjacent cells into one window", () => {
    let day = emptyDay();
    for (const cell of [20, 21, 22, 23]) day = setCell(day, cell, true); // 10:00–12:00
    day = setCell(day, 28, true); // 14:00–14:30
    expect(slotsToWindows(day)).toEqual([
      { start: "10:00", end: "12:00" },
      { start: "14:00", end: "14:30" },
    ]);
  });

  it("ends a run reaching midnight at 24:00, and starts one at 00:00", () => {
    let day = emptyDay();
    day = setCell(day, 47, true); // 23:30–24:00
    day = setCell(day, 0, true); // 00:00–00:30
    expect(slotsToWindows(day)).toEqual([
      { start: "00:00", end: "00:30" },
      { start: "23:30", end: "24:00" },
    ]);
    expect(slotsToWindows(windowsToSlots([{ start: "00:00", end: "24:00" }]))).toEqual([
      { start: "00:00", end: "24:00" },
    ]);
    expect(windowsToSlots([{ start: "22:00", end: "24:00" }]).filter(Boolean)).toHaveLength(8);
  });

  it("round-trips windows on the 15-minute grid, touching windows merged", () => {
    const windows = [
      { start: "06:15", end: "07:45" },
      { start: "10:00", end: "11:00" },
      { start: "11:00", end: "12:00" },
    ];
    expect(slotsToWindows(windowsToSlots(windows))).toEqual([
      { start: "06:15", end: "07:45" },
      { start: "10:00", end: "12:00" },
    ]);
  });

  it("shows a cell holding one quarter as partial; a tap fills it", () => {
    const day = windowsToSlots([{ start: "10:15", end: "11:00" }]);
    expect(cellState(day, 20)).toBe("partial");
    expect(cellState(day, 21)).toBe("on");
    expect(cellState(day, 22)).toBe("off");
    expect(slotsToWindows(setCell(day, 20, true))).toEqual([{ start: "10:00", end: "11:00" }]);
    expect(slotsToWindows(setCell(day, 21, false))).toEqual([{ start: "10:15", end: "10:30" }]);
  });

  it("ignores windows it cannot read rather than inventing time", () => {
    expect(windowsToSlots([{ start: "12:00", end: "11:00" }, { start: "x", end: "y" }]).some(Boolean)).toBe(false);
    expect(windowsToSlots([])).toHaveLength(SLOTS_PER_DAY);
  });

  it("keeps the weekday of each window (Monday = 0)", () => {
    const weekly = [
      { weekday: 1, start: "10:00", end: "12:00" },
      { weekday: 3, start: "10:00", end: "12:00" },
      { weekday: 6, start: "20:00", end: "24:00" },
    ];
    const week = weeklyToSlots(weekly);
    expect(slotsToWeekly(week)).toEqual(weekly);
    expect(weekMinutes(week)).toBe(120 + 120 + 240);
    expect(slotsToWeekly(emptyWeek())).toEqual([]);
  });

  it("starts the grid at 06:00 unless the week has earlier time", () => {
    expect(firstVisibleCell(emptyWeek())).toBe(12);
    expect(firstVisibleCell(weeklyToSlots([{ weekday: 2, start: "04:45", end: "05:30" }]))).toBe(9);
  });
});
