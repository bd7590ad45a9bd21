import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UnitSummary } from "@/api/types";
import { api } from "@/lib/api-client";

// Pause, resume and hand-off (docs/architecture.md A25): the unit page refetches after each.

export function pauseUnit(unitId: number): Promise<UnitSummary> {
  return api.post<UnitSummary>(`/units/${unitId}/pause`);
}

export function resumeUnit(unitId: number): Promise<UnitSummary> {
  return api.post<UnitSummary>(`/units/${unitId}/resume`);
}

export function handOffUnit(unitId: number): Promise<UnitSummary> {
  return api.post<UnitSummary>(`/units/${unitId}/handoff`);
}

export function usePauseUnit(unitId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (paused: boolean) => (paused ? pauseUnit(unitId) : resumeUnit(unitId)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["units"] }),
  });
}

export function useHandOffUnit(unitId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => handOffUnit(unitId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["units"] }),
  });
}
