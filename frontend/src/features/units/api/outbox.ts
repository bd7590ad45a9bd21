import type { EntryResult } from "@/api/types";
import { isApiError } from "@/lib/api-client";
import { OUTBOX, request, withStore } from "@/lib/offline-db";
import {
  afterSaved,
  dropItem,
  failureAction,
  inOrder,
  placeSave,
  type OutboxRecord,
  type Values,
} from "../utils/outbox";

// The outbox in IndexedDB: saves made offline (or that met a network error), sent in order when
// the connection returns (docs/architecture.md, Offline keying). The rules are ../utils/outbox.ts.

const listeners = new Set<() => void>();
let sendingSeq: number | null = null;

export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  listeners.forEach((listener) => listener());
}

export function outboxRecords(): Promise<OutboxRecord[]> {
  return withStore(OUTBOX, "readonly", async (s) => inOrder(await request(s.getAll() as IDBRequest<OutboxRecord[]>)), []);
}

/** Keep a save on this device; resolves once IndexedDB has it. False: IndexedDB is unavailable. */
export async function keepSave(save: Omit<OutboxRecord, "seq">): Promise<boolean> {
  const kept = await withStore(
    OUTBOX,
    "readwrite",
    async (s) => {
      const records = (await request(s.getAll())) as OutboxRecord[];
      await request(s.put(placeSave(records, save, sendingSeq)));
      return true;
    },
    false,
  );
  changed();
  return kept;
}

export async function dropUnitSaves(unitId: number): Promise<void> {
  await withStore(
    OUTBOX,
    "readwrite",
    async (s) => {
      for (const r of (await request(s.getAll())) as OutboxRecord[]) if (r.unitId === unitId) s.delete(r.seq!);
    },
    undefined,
  );
  changed();
}

export type FlushHandlers = {
  send: (record: OutboxRecord) => Promise<EntryResult>;
  onSaved?: (record: OutboxRecord, result: EntryResult) => void;
  /** The server kept a newer value: `typed` is what the worker typed on this device. */
  onConflict?: (record: OutboxRecord, error: unknown, typed: Values) => void;
  onDropped?: (record: OutboxRecord, error: unknown) => void;
};

let flushing: Promise<"sent" | "stopped"> | null = null;

/**
 * Send the kept saves one by one, oldest first. Stops at the first one that may pass later (no
 * connection, a server error) and answers "stopped"; "sent" when the outbox is empty. One flush
 * at a time in this page: a second call waits for the running one.
 */
export function flushOutbox(handlers: FlushHandlers): Promise<"sent" | "stopped"> {
  flushing ??= run(handlers).finally(() => {
    flushing = null;
    sendingSeq = null;
  });
  return flushing;
}

async function run(handlers: FlushHandlers): Promise<"sent" | "stopped"> {
  let previous: number | undefined;
  for (;;) {
    const [next] = await outboxRecords();
    if (!next || next.seq === undefined) return "sent";
    if (next.seq === previous) return "stopped"; // IndexedDB did not take the delete: no loop
    previous = next.seq;
    sendingSeq = next.seq;
    try {
      const result = await handlers.send(next);
      await withStore(
        OUTBOX,
        "readwrite",
        async (s) => {
          s.delete(next.seq!);
          const records = (await request(s.getAll())) as OutboxRecord[];
          for (const r of afterSaved(records, next, result.version)) s.put(r);
        },
        undefined,
      );
      sendingSeq = null;
      changed();
      handlers.onSaved?.(next, result);
    } catch (error) {
      sendingSeq = null;
      const action = isApiError(error) ? failureAction(error.status, error.code) : "retry-later";
      if (action === "retry-later") return "stopped";
      if (action === "conflict") {
        const records = await outboxRecords();
        const { seqs, values } = dropItem(records, next.unitId, next.itemId);
        await withStore(OUTBOX, "readwrite", (s) => seqs.forEach((seq) => s.delete(seq)), undefined);
        changed();
        handlers.onConflict?.(next, error, values);
      } else {
        await withStore(OUTBOX, "readwrite", (s) => void s.delete(next.seq!), undefined);
        changed();
        handlers.onDropped?.(next, error);
      }
    }
  }
}
