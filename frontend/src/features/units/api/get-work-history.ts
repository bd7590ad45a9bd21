import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { api, isApiError } from "@/lib/api-client";

// GET /units/history: the worker's own record of units handed in (submitted, in review,
// accepted, rejected) with pay; ids, counts and status only, never a resident's data.
const historyRowSchema = z.object({
  unit_id: z.number(),
  job_title: z.string(),
  seq: z.number(),
  item_count: z.number(),
  status: z.enum(["submitted", "in_review", "accepted", "rejected"]),
  pay_yen: z.number(),
  at: z.string().nullable().optional(),
});
export type HistoryRow = z.infer<typeof historyRowSchema>;

export const workHistoryQueryKey = ["units", "history"] as const;

/** null when the server has no history endpoint (older backend): the page falls back to "mine". */
export async function getWorkHistory(): Promise<HistoryRow[] | null> {
  try {
    return z.array(historyRowSchema).parse(await api.get<unknown>("/units/history"));
  } catch (error) {
    if (isApiError(error, "not_found")) return null;
    throw error;
  }
}

export function useWorkHistory() {
  return useQuery({ queryKey: workHistoryQueryKey, queryFn: getWorkHistory });
}
