import { useQuery } from "@tanstack/react-query";
import type { UnitDetail } from "@/api/types";
import { api } from "@/lib/api-client";

export const unitQueryKey = (unitId: number) => ["units", unitId] as const;

export function getUnit(unitId: number): Promise<UnitDetail> {
  return api.get<UnitDetail>(`/units/${unitId}`);
}

export function useUnit(unitId: number) {
  return useQuery({
    queryKey: unitQueryKey(unitId),
    queryFn: () => getUnit(unitId),
    // The form keeps its own drafts; refetching on focus would only cost bandwidth on a phone.
    refetchOnWindowFocus: false,
  });
}
