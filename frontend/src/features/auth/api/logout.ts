import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, resetCsrf } from "@/lib/api-client";
import { clearOfflineData } from "@/lib/offline-db";

export function logout(): Promise<void> {
  return api.post<void>("/auth/logout");
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      resetCsrf();
      queryClient.clear();
      void clearOfflineData(); // the account, the last unit and unsent saves: nothing stays behind
    },
  });
}
