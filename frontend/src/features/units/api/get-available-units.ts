import { useQuery } from "@tanstack/react-query";
import type { AvailableUnits } from "@/api/types";
import { api } from "@/lib/api-client";

export const availableUnitsQueryKey = ["units", "available"] as const;

export function getAvailableUnits(): Promise<AvailableUnits> {
  return api.get<AvailableUnits>("/units/available");
}

export function useAvailableUnits() {
  // No per-worker websocket tells us when new units open up; a gentle poll keeps the count fresh.
  return useQuery({ queryKey: availableUnitsQueryKey, queryFn: getAvailableUnits, refetchInterval: 60_000 });
}
