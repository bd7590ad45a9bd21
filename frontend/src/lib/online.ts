import { useSyncExternalStore } from "react";

// navigator.onLine as React state: false means the device knows it has no connection (a true
// can still meet a failed request; the outbox handles that too, see features/units/api/outbox.ts).

function subscribe(listener: () => void): () => void {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

export function isOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, isOnline, () => true);
}
