import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** DELETE /jobs/{id}: removes a draft (204; 409 when it is no longer a draft). */
export function deleteJob(jobId: number): Promise<void> {
  return api.delete<void>(`/jobs/${jobId}`);
}

export function useDeleteJob(jobId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteJob(jobId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["jobs"] }),
  });
}
