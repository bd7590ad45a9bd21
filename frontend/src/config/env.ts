import { z } from "zod";

// Parsed once at startup; a bad value fails loudly instead of producing odd URLs later.
const EnvSchema = z.object({
  VITE_API_BASE: z.string().startsWith("/").default("/api/v1"),
  // Empty: same host as the page (ws: for http, wss: for https).
  VITE_WS_ORIGIN: z.string().default(""),
});

const parsed = EnvSchema.parse({
  VITE_API_BASE: import.meta.env.VITE_API_BASE || undefined,
  VITE_WS_ORIGIN: import.meta.env.VITE_WS_ORIGIN || undefined,
});

export const env = {
  apiBase: parsed.VITE_API_BASE.replace(/\/$/, ""),
  wsOrigin: parsed.VITE_WS_ORIGIN.replace(/\/$/, ""),
};
