import { QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError, isApiError } from "@/lib/api-client";

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // A 401 anywhere means the session ended: refetch "me", and the route guard sends to /login.
      onError: (error, query) => {
        if (isApiError(error, "not_authenticated") && query.queryKey[0] !== "me") {
          void client.invalidateQueries({ queryKey: ["me"] });
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // Retry only what may pass next time: the network and 5xx, not 4xx.
        retry: (failureCount, error) =>
          failureCount < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
