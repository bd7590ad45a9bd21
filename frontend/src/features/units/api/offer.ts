import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api, isApiError } from "@/lib/api-client";

// A unit reserved for this worker for a few minutes (`unit.offered` on /ws/me/). Claiming
// without an id takes it; declining hands it back. The socket only says "look again": the
// offer itself is read from GET /units/offer.

const OfferSchema = z.object({
  offer_id: z.union([z.number(), z.string()]),
  unit_id: z.number(),
  job_id: z.number().optional(),
  job_title: z.string(),
  estimated_minutes: z.number(),
  expires_at: z.string(),
});
export type Offer = z.infer<typeof OfferSchema>;

export const offerQueryKey = ["units", "offer"] as const;

export async function getOffer(): Promise<Offer | null> {
  try {
    const body = await api.get<unknown>("/units/offer");
    const parsed = OfferSchema.safeParse(body);
    return parsed.success ? parsed.data : null;
  } catch (error) {
    // No pending offer, or a server without offers yet: nothing to show.
    if (isApiError(error, "not_found") || isApiError(error, "no_offer")) return null;
    throw error;
  }
}

export function useOffer() {
  return useQuery({ queryKey: offerQueryKey, queryFn: getOffer, refetchInterval: 60_000, retry: false });
}

export function declineOffer(): Promise<void> {
  return api.post<void>("/units/offer/decline");
}

export function useDeclineOffer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: declineOffer,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["units"] }),
  });
}

/** "2:41": minutes and seconds until `expiresAt` (never negative). */
export function countdown(expiresAt: string, now: number): { seconds: number; text: string } {
  const seconds = Math.max(0, Math.ceil((new Date(expiresAt).getTime() - now) / 1000));
  return { seconds, text: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}` };
}
