import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UnitDetail } from "@/api/types";
import { api } from "@/lib/api-client";

export function claimUnit(unitId: number): Promise<UnitDetail> {
  return api.post<UnitDetail>(`/units/${unitId}/claim`);
}

export function useClaimUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: claimUnit,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["units"] }),
  });
}
