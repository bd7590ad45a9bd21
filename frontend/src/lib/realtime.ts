import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { env } from "@/config/env";

// Websockets carry ids, not data: every event is turned into react-query invalidations and the
// queries refetch. Nothing here writes into the cache by hand.

const EventSchema = z.object({ event: z.string() }).passthrough();
export type RealtimeEvent = z.infer<typeof EventSchema>;

export function wsUrl(path: string, loc: Pick<Location, "protocol" | "host"> = window.location): string {
  const origin = env.wsOrigin || `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}`;
  return `${origin}${path.startsWith("/") ? path : `/${path}`}`;
}

/** 1 s, 2 s, 4 s … capped at 30 s, with up to 30 % jitter so phones don't reconnect in lockstep. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.3 * random()));
}

export function parseEvent(data: unknown): RealtimeEvent | null {
  if (typeof data !== "string") return null;
  try {
    const parsed = EventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const FLUSH_MS = 400;

type Options = {
  /** Invalidated after a reconnect, because events may have been missed meanwhile. */
  resyncKeys?: QueryKey[];
  enabled?: boolean;
  /** Called with every event too (a notice that needs the event itself, not a refetch). */
  onEvent?: (event: RealtimeEvent) => void;
};

/**
 * Subscribes to `/ws/...` while mounted. `keysFor` maps an event to the query keys to invalidate.
 * Returns whether the socket is currently open (callers may poll as a fallback when it is not).
 */
export function useRealtime(
  path: string | null,
  keysFor: (event: RealtimeEvent) => QueryKey[],
  { resyncKeys = [], enabled = true, onEvent }: Options = {},
): { connected: boolean } {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  const keysForRef = useRef(keysFor);
  const resyncRef = useRef(resyncKeys);
  const onEventRef = useRef(onEvent);
  useEffect(() => {
    keysForRef.current = keysFor;
    resyncRef.current = resyncKeys;
    onEventRef.current = onEvent;
  });

  useEffect(() => {
    if (!path || !enabled || typeof WebSocket === "undefined") return;
    let socket: WebSocket | null = null;
    let attempt = 0;
    let everOpened = false;
    let disposed = false;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let lastFlush = 0;
    const pending = new Map<string, QueryKey>();

    // Bursts (split progress can send many events a second) become at most one refetch per key
    // every FLUSH_MS.
    const flush = () => {
      flushTimer = undefined;
      lastFlush = Date.now();
      const keys = [...pending.values()];
      pending.clear();
      keys.forEach((queryKey) => void queryClient.invalidateQueries({ queryKey }));
    };
    const enqueue = (keys: QueryKey[]) => {
      keys.forEach((key) => pending.set(JSON.stringify(key), key));
      if (flushTimer || pending.size === 0) return;
      flushTimer = setTimeout(flush, Math.max(0, lastFlush + FLUSH_MS - Date.now()));
    };

    const connect = () => {
      if (disposed) return;
      socket = new WebSocket(wsUrl(path));
      socket.onopen = () => {
        if (everOpened || attempt > 0) enqueue(resyncRef.current);
        everOpened = true;
        attempt = 0;
        setConnected(true);
      };
      socket.onmessage = (message) => {
        const event = parseEvent(message.data);
        if (!event) return;
        enqueue(keysForRef.current(event));
        onEventRef.current?.(event);
      };
      socket.onclose = () => {
        setConnected(false);
        socket = null;
        if (disposed) return;
        reconnectTimer = setTimeout(connect, backoffDelay(attempt));
        attempt += 1;
      };
    };

    const reconnectNow = () => {
      if (socket || disposed) return;
      clearTimeout(reconnectTimer);
      attempt = 0;
      connect();
    };
    window.addEventListener("online", reconnectNow);
    connect();

    return () => {
      disposed = true;
      window.removeEventListener("online", reconnectNow);
      clearTimeout(reconnectTimer);
      clearTimeout(flushTimer);
      socket?.close();
    };
  }, [path, enabled, queryClient]);

  return { connected };
}
