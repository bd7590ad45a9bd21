import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { LevelCaps } from "@/api/types";
import { api } from "@/lib/api-client";

export const levelsQueryKey = ["workforce", "levels"] as const;

export type LevelCapsInput = { level: number; daily_minutes: number; weekly_minutes: number };

export function useLevelCaps() {
  return useQuery({ queryKey: levelsQueryKey, queryFn: () => api.get<LevelCaps>("/workforce/levels") });
}

export function useSaveLevelCaps() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (levels: LevelCapsInput[]) => api.put<LevelCaps>("/workforce/levels", { levels }),
    onSuccess: (data) => queryClient.setQueryData(levelsQueryKey, data),
  });
}
