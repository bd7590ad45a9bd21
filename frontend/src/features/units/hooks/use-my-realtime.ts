import { useRealtime } from "@/lib/realtime";
import { noteLeaseWarning } from "./lease-warnings";

// /ws/me/: unit.reviewed, unit.lease_expired, unit.offered and unit.offer_expired change what
// "my units" and "the offer" look like (refetched); unit.lease_warning also raises a notice.
export function useMyRealtime() {
  return useRealtime("/ws/me/", (event) => (event.event.startsWith("unit.") ? [["units"]] : []), {
    resyncKeys: [["units"]],
    onEvent: noteLeaseWarning,
  });
}
