import { useQuery } from "@tanstack/react-query";
import type { Progress } from "@/api/types";
import { api } from "@/lib/api-client";

export const jobProgressQueryKey = (jobId: number) => ["jobs", jobId, "progress"] as const;

export function getJobProgress(jobId: number): Promise<Progress> {
  return api.get<Progress>(`/jobs/${jobId}/progress`);
}

export function splitRunning(progress: Pick<Progress, "status" | "split"> | undefined): boolean {
  return (
    !!progress && progress.status !== "draft" && (progress.split.state === "running" || progress.split.state === "pending")
  );
}

export function useJobProgress(jobId: number, { enabled = true } = {}) {
  return useQuery({
    queryKey: jobProgressQueryKey(jobId),
    queryFn: () => getJobProgress(jobId),
    enabled,
    // Fallback when the websocket is down: poll every 2 s while the split is running.
    refetchInterval: (query) => (splitRunning(query.state.data) ? 2_000 : false),
  });
}
