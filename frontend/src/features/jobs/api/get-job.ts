import { useQuery } from "@tanstack/react-query";
import type { Job } from "@/api/types";
import { api } from "@/lib/api-client";

export const jobQueryKey = (jobId: number) => ["jobs", jobId] as const;

export function getJob(jobId: number): Promise<Job> {
  return api.get<Job>(`/jobs/${jobId}`);
}

export function useJob(jobId: number) {
  return useQuery({
    queryKey: jobQueryKey(jobId),
    queryFn: () => getJob(jobId),
    // While the split runs the job's counts change; poll as a fallback to the websocket.
    refetchInterval: (query) => (isSplitting(query.state.data) ? 2_000 : false),
  });
}

export function isSplitting(job: Pick<Job, "status" | "split"> | undefined): boolean {
  return !!job && job.status !== "draft" && (job.split.state === "running" || job.split.state === "pending");
}
