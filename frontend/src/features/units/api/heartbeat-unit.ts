import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UnitSummary } from "@/api/types";
import { api } from "@/lib/api-client";
import { myUnitsQueryKey } from "./get-my-units";

export function heartbeatUnit(unitId: number): Promise<UnitSummary> {
  return api.post<UnitSummary>(`/units/${unitId}/heartbeat`);
}

export function useHeartbeatUnit(unitId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => heartbeatUnit(unitId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myUnitsQueryKey, refetchType: "none" }),
  });
}
