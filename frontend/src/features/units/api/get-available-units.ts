import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AvailableUnits } from "@/api/types";
import { api } from "@/lib/api-client";

export const availableUnitsQueryKey = ["units", "available"] as const;

/** `minutes` (「今あと◯分」) narrows the list to units that fit the time the worker has now. */
export function getAvailableUnits(minutes?: number | null): Promise<AvailableUnits> {
  return api.get<AvailableUnits>(minutes ? `/units/available?minutes=${minutes}` : "/units/available");
}

export function useAvailableUnits(minutes?: number | null) {
  // No per-worker websocket tells us when new units open up; a gentle poll keeps the count fresh.
  return useQuery({
    queryKey: [...availableUnitsQueryKey, minutes ?? null],
    queryFn: () => getAvailableUnits(minutes),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData, // the stated minutes tick down; keep the list meanwhile
  });
}
