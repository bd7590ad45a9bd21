import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import type { EntryResult } from "@/api/types";
import { api } from "@/lib/api-client";
import { unitQueryKey } from "./get-unit";

export const entryPutSchema = z.object({ values: z.record(z.string(), z.string()) });
export type SaveEntryInput = { itemId: number; values: Record<string, string>; keepalive?: boolean };

export function saveEntry(unitId: number, { itemId, values, keepalive }: SaveEntryInput): Promise<EntryResult> {
  return api.put<EntryResult>(`/units/${unitId}/items/${itemId}/entry`, entryPutSchema.parse({ values }), {
    keepalive,
  });
}

export function useSaveEntry(unitId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveEntryInput) => saveEntry(unitId, input),
    // Mark the unit stale without refetching it on every blur; the form holds the drafts and the
    // next visit to the unit reads the saved entries from the server.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: unitQueryKey(unitId), refetchType: "none" }),
  });
}
