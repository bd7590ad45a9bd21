import type { Lang } from "@/lib/i18n";

// Times come from the API in UTC (ISO 8601); people read them in Japan time.
const TZ = "Asia/Tokyo";

function locale(lang: Lang) {
  return lang === "ja" ? "ja-JP" : "en-GB";
}

export function formatJstTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TZ,
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

export function formatJstDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TZ,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** A calendar date "YYYY-MM-DD" (no time zone involved). */
export function formatDate(date: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const [, y, mo, d] = m;
  return lang === "ja" ? `${y}年${Number(mo)}月${Number(d)}日` : `${d}/${mo}/${y}`;
}

/** A short calendar date for chart axes: "12/7" (ja), "7 Dec" (en). */
export function formatMonthDay(date: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const [, , mo, d] = m;
  if (lang === "ja") return `${Number(mo)}/${Number(d)}`;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${Number(d)} ${months[Number(mo) - 1]}`;
}

export function formatYen(amount: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang)).format(amount);
}

export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}

/** Whole minutes left until `iso` (rounded up, never negative), split into hours and minutes. */
export function leaseLeft(iso: string, now: number): { totalMinutes: number; hours: number; minutes: number } {
  const ms = new Date(iso).getTime() - now;
  const totalMinutes = Math.max(0, Math.ceil(ms / 60_000));
  return { totalMinutes, hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 };
}
