import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Job } from "@/api/types";
import { api } from "@/lib/api-client";
import { createJobInputSchema, type CreateJobInput } from "./create-job";

/** PATCH /jobs/{id}: a draft's fields (409 when the job is no longer a draft). */
export function updateJob(jobId: number, input: Partial<CreateJobInput>): Promise<Job> {
  return api.patch<Job>(`/jobs/${jobId}`, createJobInputSchema.partial().parse(input));
}

export function useUpdateJob(jobId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<CreateJobInput>) => updateJob(jobId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["jobs"] }),
  });
}
