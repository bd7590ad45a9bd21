import { useQuery } from "@tanstack/react-query";
import type { WorkerJob } from "@/api/types";
import { api } from "@/lib/api-client";

export const myJobsQueryKey = ["workers", "me", "jobs"] as const;

/** わたしの案件: the worker's active jobs (her teams' and those with work she may claim), at most 5. */
export function getMyJobs(): Promise<WorkerJob[]> {
  return api.get<WorkerJob[]>("/workers/me/jobs");
}

export function useMyJobs() {
  return useQuery({ queryKey: myJobsQueryKey, queryFn: getMyJobs, refetchInterval: 60_000 });
}
