import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UnitSummary } from "@/api/types";
import { api } from "@/lib/api-client";

export function releaseUnit(unitId: number): Promise<UnitSummary> {
  return api.post<UnitSummary>(`/units/${unitId}/release`);
}

export function useReleaseUnit(unitId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => releaseUnit(unitId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["units"] }),
  });
}
