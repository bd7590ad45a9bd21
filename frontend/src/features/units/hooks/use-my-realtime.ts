import { useRealtime } from "@/lib/realtime";

// /ws/me/: unit.reviewed and unit.lease_expired both change what "my units" look like.
export function useMyRealtime() {
  return useRealtime("/ws/me/", (event) => (event.event.startsWith("unit.") ? [["units"]] : []), {
    resyncKeys: [["units"]],
  });
}
