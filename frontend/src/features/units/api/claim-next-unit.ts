import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UnitDetail } from "@/api/types";
import { api, isApiError } from "@/lib/api-client";

/** `minutes`: the time the worker has now (「今あと◯分」); the server picks a unit that fits. */
export type ClaimNextInput = { idempotencyKey: string; minutes?: number | null };

export function claimNextUnit({ idempotencyKey, minutes }: ClaimNextInput): Promise<UnitDetail> {
  const body = minutes ? { minutes } : undefined;
  return api.post<UnitDetail>("/units/claim", body, { headers: { "Idempotency-Key": idempotencyKey } });
}

/** Claim the next open unit. The caller makes one key per press, so a retry cannot claim twice. */
export function useClaimNextUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: claimNextUnit,
    retry: (count, error) => count < 2 && isApiError(error, "network_error"),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["units"] }),
  });
}
