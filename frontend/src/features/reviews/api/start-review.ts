import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UnitDetail } from "@/api/types";
import { api } from "@/lib/api-client";
import { reviewUnitQueryKey } from "./get-review-unit";

export function startReview(unitId: number): Promise<UnitDetail> {
  return api.post<UnitDetail>(`/units/${unitId}/review/start`);
}

export function useStartReview(unitId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => startReview(unitId),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: reviewUnitQueryKey(unitId) });
      void queryClient.invalidateQueries({ queryKey: ["reviews"] });
    },
  });
}
