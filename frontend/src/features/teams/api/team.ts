import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { JobTeam, WorkerSummary } from "@/api/types";
import { api } from "@/lib/api-client";

export const teamQueryKey = (jobId: number) => ["jobs", jobId, "team"] as const;
export const workersQueryKey = ["workers"] as const;

export type TeamMemberInput = { worker_id: number; leader: boolean };

export function getJobTeam(jobId: number): Promise<JobTeam> {
  return api.get<JobTeam>(`/jobs/${jobId}/team`);
}

export function useJobTeam(jobId: number) {
  return useQuery({ queryKey: teamQueryKey(jobId), queryFn: () => getJobTeam(jobId) });
}

export function useWorkers() {
  return useQuery({ queryKey: workersQueryKey, queryFn: () => api.get<WorkerSummary[]>("/workers") });
}

/** PUT replaces the whole team; the server checks one leader at most and known workers. */
export function useSaveTeam(jobId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (members: TeamMemberInput[]) => api.put<JobTeam>(`/jobs/${jobId}/team`, { members }),
    onSuccess: (team) => queryClient.setQueryData(teamQueryKey(jobId), team),
  });
}
