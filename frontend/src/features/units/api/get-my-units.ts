import { useQuery } from "@tanstack/react-query";
import type { UnitSummary } from "@/api/types";
import { api } from "@/lib/api-client";

export const myUnitsQueryKey = ["units", "mine"] as const;

export function getMyUnits(): Promise<UnitSummary[]> {
  return api.get<UnitSummary[]>("/units/mine");
}

export function useMyUnits() {
  return useQuery({ queryKey: myUnitsQueryKey, queryFn: getMyUnits });
}
