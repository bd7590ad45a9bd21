import { useQuery } from "@tanstack/react-query";
import type { Me } from "@/api/types";
import { api, isApiError } from "@/lib/api-client";
import { clearOfflineData, kvGet, kvSet } from "@/lib/offline-db";

export const meQueryKey = ["me"] as const;
const KEPT_ME = "me";

/** The signed-in account; without a connection, the one kept on this device at the last answer
 * (so a reload while offline still opens the unit being keyed; the server decides again when
 * the connection returns). Logout removes it. */
export async function getMe(): Promise<Me> {
  try {
    const me = await api.get<Me>("/me");
    await keepMe(me);
    return me;
  } catch (error) {
    if (isApiError(error, "network_error")) {
      const kept = await kvGet<Me>(KEPT_ME);
      if (kept) return kept;
    }
    throw error;
  }
}

/** Keep the account for offline use; another account's offline data is removed first. */
export async function keepMe(me: Me): Promise<void> {
  const before = await kvGet<Me>(KEPT_ME);
  if (before && before.id !== me.id) await clearOfflineData();
  await kvSet(KEPT_ME, me);
}

export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: getMe,
    staleTime: 5 * 60_000,
    retry: (count, error) => count < 2 && !isApiError(error, "not_authenticated") && !isApiError(error, "forbidden"),
  });
}
