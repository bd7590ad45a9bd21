// Window times from the API are instants; the worker reads them as Japan clock times.

const parts = (iso: string) => {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
    hourCycle: "h23",
  });
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(iso))) out[p.type] = p.value;
  return out;
};

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The Japan date "YYYY-MM-DD", clock time "HH:MM" and weekday (Monday = 0) of an instant. */
export function jst(iso: string): { date: string; time: string; weekday: number } {
  const p = parts(iso);
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, weekday: WEEKDAYS.indexOf(p.weekday ?? "") };
}

/** A window's end as the worker reads it: midnight after the start day is "24:00". */
export function endTime(startIso: string, endIso: string): string {
  const s = jst(startIso);
  const e = jst(endIso);
  return e.time === "00:00" && e.date !== s.date ? "24:00" : e.time;
}
