import { useQuery } from "@tanstack/react-query";
import type { ReviewQueueItem } from "@/api/types";
import { api } from "@/lib/api-client";

export const reviewQueueQueryKey = ["reviews", "queue"] as const;

export function getReviewQueue(): Promise<ReviewQueueItem[]> {
  return api.get<ReviewQueueItem[]>("/reviews/queue");
}

export function useReviewQueue() {
  // The contract has no coordinator-wide websocket; poll while the queue is on screen.
  return useQuery({ queryKey: reviewQueueQueryKey, queryFn: getReviewQueue, refetchInterval: 30_000 });
}
