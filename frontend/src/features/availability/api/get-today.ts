import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Availability, WorkerToday } from "@/api/types";
import { api } from "@/lib/api-client";

export const todayQueryKey = ["workers", "me", "today"] as const;

export function getToday(): Promise<WorkerToday> {
  return api.get<WorkerToday>("/workers/me/today");
}

/** The worker's day now; refreshed each minute so "あと◯分" keeps up. */
export function useToday() {
  return useQuery({ queryKey: todayQueryKey, queryFn: getToday, refetchInterval: 60_000 });
}

/** The Japan date "YYYY-MM-DD" of the server's `now` (sent with its +09:00 offset). */
export function tokyoDate(now: string): string {
  const d = new Date(now);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

export type DayOffInput = { date: string; off: boolean };

/** 「今日は休み」: no windows on that date; off again → the date follows the week. */
export function setDayOff({ date, off }: DayOffInput): Promise<Availability> {
  return off
    ? api.put<Availability>(`/workers/me/days/${date}`, { windows: [] })
    : api.delete<Availability>(`/workers/me/days/${date}`);
}

export function useSetDayOff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setDayOff,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["workers", "me"] }),
  });
}
