import type { Forecast, ForecastDay } from "@/api/types";

/** The shortfall as people say it: whole hours, rounded up (59 minutes short is 1 hour short). */
export function shortfallWholeHours(forecast: Pick<Forecast, "shortfall_minutes">): number {
  return Math.ceil(Math.max(0, forecast.shortfall_minutes) / 60);
}

/** Hours with at most one decimal, for "約{hours}時間". */
export function hoursLabel(minutes: number, lang: "ja" | "en"): string {
  return new Intl.NumberFormat(lang === "ja" ? "ja-JP" : "en-GB", { maximumFractionDigits: 1 }).format(minutes / 60);
}

export type ChartSeries = "done_minutes" | "needed_minutes" | "planned_minutes";
export const CHART_SERIES: readonly ChartSeries[] = ["done_minutes", "needed_minutes", "planned_minutes"];

export interface ChartGeometry {
  width: number;
  height: number;
  /** the plot area inside the axes */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** the top of the y axis, in minutes (a whole number of hours, never 0) */
  maxMinutes: number;
  /** SVG path per series ("" when the series has no value) */
  paths: Record<ChartSeries, string>;
  x: (index: number) => number;
  y: (minutes: number) => number;
  /** y-axis ticks in hours */
  ticks: number[];
}

const NICE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

/** Where each day's values go in a `width` × `height` SVG; a gap in a series breaks its line. */
export function chartGeometry(days: readonly ForecastDay[], width = 360, height = 200): ChartGeometry {
  const left = 40;
  const right = width - 8;
  const top = 10;
  const bottom = height - 24;
  let max = 0;
  for (const day of days) for (const s of CHART_SERIES) max = Math.max(max, day[s] ?? 0);
  const maxHours = Math.max(1, Math.ceil(max / 60));
  const step = NICE_STEPS.find((s) => maxHours / s <= 4) ?? Math.ceil(maxHours / 4);
  const topHours = Math.ceil(maxHours / step) * step;
  const maxMinutes = topHours * 60;
  const span = Math.max(1, days.length - 1);
  const x = (index: number) => left + ((right - left) * index) / span;
  const y = (minutes: number) => bottom - ((bottom - top) * minutes) / maxMinutes;
  const paths = {} as Record<ChartSeries, string>;
  for (const s of CHART_SERIES) {
    let d = "";
    let pen = false;
    days.forEach((day, i) => {
      const v = day[s];
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
    });
    paths[s] = d.trim();
  }
  const ticks: number[] = [];
  for (let h = 0; h <= topHours; h += step) ticks.push(h);
  return { width, height, left, right, top, bottom, maxMinutes, paths, x, y, ticks };
}
