import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import type { UnitSummary } from "@/api/types";
import { api } from "@/lib/api-client";

export const reviewDecisionSchema = z
  .object({
    decision: z.enum(["accept", "rework", "reject"]),
    comment: z.string().trim().optional(),
    defects: z.array(z.object({ item_id: z.number(), field: z.string(), kind: z.string() })).optional(),
  })
  .refine((v) => v.decision === "accept" || (v.comment ?? "").length > 0, {
    path: ["comment"],
    message: "comment_required",
  });
export type ReviewDecisionInput = z.infer<typeof reviewDecisionSchema>;

export function reviewUnit(unitId: number, input: ReviewDecisionInput): Promise<UnitSummary> {
  return api.post<UnitSummary>(`/units/${unitId}/review`, reviewDecisionSchema.parse(input));
}

export function useReviewUnitDecision(unitId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReviewDecisionInput) => reviewUnit(unitId, input),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["reviews"] });
      void queryClient.invalidateQueries({ queryKey: ["units", unitId] });
    },
  });
}
