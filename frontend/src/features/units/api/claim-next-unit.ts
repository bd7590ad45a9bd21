import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UnitDetail } from "@/api/types";
import { api, isApiError } from "@/lib/api-client";

export type ClaimNextInput = { idempotencyKey: string };

export function claimNextUnit({ idempotencyKey }: ClaimNextInput): Promise<UnitDetail> {
  return api.post<UnitDetail>("/units/claim", undefined, { headers: { "Idempotency-Key": idempotencyKey } });
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
