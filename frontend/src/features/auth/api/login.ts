import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import type { Me } from "@/api/types";
import { api, resetCsrf } from "@/lib/api-client";
import { keepMe, meQueryKey } from "./get-me";

export const loginInputSchema = z.object({
  username: z.string().trim().min(1),
  password: z.string().min(1),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

export async function login(input: LoginInput): Promise<Me> {
  const me = await api.post<Me>("/auth/login", loginInputSchema.parse(input));
  resetCsrf(); // Django rotates the CSRF token on login
  return me;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      queryClient.clear(); // nothing from a previous account survives
      queryClient.setQueryData(meQueryKey, me);
      void keepMe(me); // what a reload without a connection shows (the same account keeps its unsent saves)
    },
  });
}
