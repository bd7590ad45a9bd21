import { useQuery } from "@tanstack/react-query";
import type { UnitDetail } from "@/api/types";
import { api } from "@/lib/api-client";

export const reviewUnitQueryKey = (unitId: number) => ["units", unitId] as const;

export function getReviewUnit(unitId: number): Promise<UnitDetail> {
  return api.get<UnitDetail>(`/units/${unitId}`);
}

export function useReviewUnit(unitId: number, enabled: boolean) {
  return useQuery({ queryKey: reviewUnitQueryKey(unitId), queryFn: () => getReviewUnit(unitId), enabled });
}
