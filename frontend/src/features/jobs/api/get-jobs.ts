import { useQuery } from "@tanstack/react-query";
import type { Job } from "@/api/types";
import { api } from "@/lib/api-client";

export const jobsQueryKey = ["jobs"] as const;

export function getJobs(): Promise<Job[]> {
  return api.get<Job[]>("/jobs");
}

export function useJobs() {
  return useQuery({ queryKey: jobsQueryKey, queryFn: getJobs });
}
