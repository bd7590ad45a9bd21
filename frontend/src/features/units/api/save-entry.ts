import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import type { EntryResult } from "@/api/types";
import { activeTime, MAX_DELTA_SECONDS } from "@/lib/active-time";
import { api } from "@/lib/api-client";
import { unitQueryKey } from "./get-unit";
import { rememberEntry } from "./unit-cache";

export const entryPutSchema = z.object({
  values: z.record(z.string(), z.string()),
  active_seconds_delta: z.number().int().min(0).max(MAX_DELTA_SECONDS).optional(),
  base_version: z.number().int().min(0).optional(),
});
export type SaveEntryInput = {
  itemId: number;
  values: Record<string, string>;
  /** The entry version this device last saw (0: none yet); null: no conflict check. */
  baseVersion?: number | null;
  keepalive?: boolean;
};

/** Saves one item's values, with the seconds the form was in use since the last save. */
export async function saveEntry(
  unitId: number,
  { itemId, values, baseVersion, keepalive }: SaveEntryInput,
): Promise<EntryResult> {
  const seconds = activeTime.take();
  const body = entryPutSchema.parse({
    values,
    ...(seconds > 0 ? { active_seconds_delta: seconds } : {}),
    ...(baseVersion != null ? { base_version: baseVersion } : {}),
  });
  let result: EntryResult;
  try {
    result = await api.put<EntryResult>(`/units/${unitId}/items/${itemId}/entry`, body, { keepalive });
  } catch (error) {
    activeTime.giveBack(seconds);
    throw error;
  }
  await rememberEntry(unitId, itemId, result);
  return result;
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
