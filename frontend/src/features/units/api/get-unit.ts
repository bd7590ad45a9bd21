import { useQuery } from "@tanstack/react-query";
import type { UnitDetail } from "@/api/types";
import { api, isApiError } from "@/lib/api-client";
import { rememberedUnit, rememberUnit } from "./unit-cache";

export const unitQueryKey = (unitId: number) => ["units", unitId] as const;

/** The unit from the server (kept on the device for later); without a connection, the kept copy. */
export async function getUnit(unitId: number): Promise<UnitDetail> {
  try {
    const unit = await api.get<UnitDetail>(`/units/${unitId}`);
    if (unit.status === "reserved") await rememberUnit(unit);
    return unit;
  } catch (error) {
    if (isApiError(error, "network_error")) {
      const kept = await rememberedUnit(unitId);
      if (kept) return kept;
    }
    throw error;
  }
}

export function useUnit(unitId: number) {
  return useQuery({
    queryKey: unitQueryKey(unitId),
    queryFn: () => getUnit(unitId),
    // The form keeps its own drafts; refetching on focus would only cost bandwidth on a phone.
    refetchOnWindowFocus: false,
  });
}
