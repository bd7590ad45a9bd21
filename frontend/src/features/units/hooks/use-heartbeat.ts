import { useEffect, useRef } from "react";
import { isApiError } from "@/lib/api-client";
import { useHeartbeatUnit } from "../api/heartbeat-unit";

export const HEARTBEAT_MS = 60_000;

/** Keeps the lease alive while the unit page is open: on open, every minute, and on return to the tab. */
export function useHeartbeat(unitId: number, enabled: boolean) {
  const heartbeat = useHeartbeatUnit(unitId);
  const beatRef = useRef(heartbeat.mutate);
  useEffect(() => {
    beatRef.current = heartbeat.mutate;
  });

  useEffect(() => {
    if (!enabled) return;
    const beat = () => beatRef.current();
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible") beat();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [unitId, enabled]);

  return {
    leaseExpiresAt: heartbeat.data?.lease_expires_at ?? null,
    lost: isApiError(heartbeat.error, "unit_not_reserved_by_you") || isApiError(heartbeat.error, "unit_not_found"),
  };
}
