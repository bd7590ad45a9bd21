import { useLocation } from "react-router";
import type { MessageKey } from "@/lib/i18n";

const FLASH: Record<string, MessageKey> = {
  submitted: "work.submittedFlash",
  released: "work.releasedFlash",
  handedOff: "work.handedOffFlash",
  reviewed: "review.done",
  loggedOut: "auth.loggedOut",
  expired: "auth.sessionExpired",
};

/** A one-line message handed over by navigate(..., {state: {flash}}). */
export function useFlash(): MessageKey | null {
  const location = useLocation();
  const code = (location.state as { flash?: string } | null)?.flash;
  return code ? (FLASH[code] ?? null) : null;
}
