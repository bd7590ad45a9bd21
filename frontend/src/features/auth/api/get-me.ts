import { useQuery } from "@tanstack/react-query";
import type { Me } from "@/api/types";
import { api, isApiError } from "@/lib/api-client";

export const meQueryKey = ["me"] as const;

export function getMe(): Promise<Me> {
  return api.get<Me>("/me");
}

export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: getMe,
    staleTime: 5 * 60_000,
    retry: (count, error) => count < 2 && !isApiError(error, "not_authenticated") && !isApiError(error, "forbidden"),
  });
}
