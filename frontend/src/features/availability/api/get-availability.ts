import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Availability } from "@/api/types";
import { api } from "@/lib/api-client";

export const availabilityQueryKey = ["workers", "me", "availability"] as const;

export function getAvailability(): Promise<Availability> {
  return api.get<Availability>("/workers/me/availability");
}

export function useAvailability() {
  return useQuery({ queryKey: availabilityQueryKey, queryFn: getAvailability });
}

export function putAvailability(body: Availability): Promise<Availability> {
  return api.put<Availability>("/workers/me/availability", body);
}

/** Replaces the whole week and the dated exceptions; the answer is the stored schedule. */
export function useSaveAvailability() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putAvailability,
    onSuccess: (data) => queryClient.setQueryData(availabilityQueryKey, data),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["workers", "me"] }),
  });
}
