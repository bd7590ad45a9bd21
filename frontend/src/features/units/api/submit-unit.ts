import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import type { UnitSummary } from "@/api/types";
import { api, ApiError } from "@/lib/api-client";

export function submitUnit(unitId: number): Promise<UnitSummary> {
  return api.post<UnitSummary>(`/units/${unitId}/submit`);
}

export function useSubmitUnit(unitId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => submitUnit(unitId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["units"] }),
  });
}

// 409 unit_entries_invalid carries fields.items: {item_id: {field: code}}
const invalidItemsSchema = z.record(z.string(), z.record(z.string(), z.string()));

export type InvalidItems = Record<number, Record<string, string>>;

export function invalidItemsFrom(error: unknown): InvalidItems | null {
  if (!(error instanceof ApiError) || error.code !== "unit_entries_invalid") return null;
  const parsed = invalidItemsSchema.safeParse(error.fields?.items);
  if (!parsed.success) return {};
  const out: InvalidItems = {};
  for (const [id, fields] of Object.entries(parsed.data)) out[Number(id)] = fields;
  return out;
}
