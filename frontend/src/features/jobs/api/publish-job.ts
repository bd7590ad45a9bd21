import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Job } from "@/api/types";
import { api } from "@/lib/api-client";

export function publishJob(jobId: number): Promise<Job> {
  return api.post<Job>(`/jobs/${jobId}/publish`);
}

export function usePublishJob(jobId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => publishJob(jobId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["jobs"] }),
  });
}
