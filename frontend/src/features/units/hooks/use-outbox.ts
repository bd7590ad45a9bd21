import { useEffect, useState } from "react";
import { outboxRecords, subscribeOutbox } from "../api/outbox";
import { pendingByItem, pendingCount, type PendingItem } from "../utils/outbox";

/** The saves of this unit kept on the device (read once, before the form shows); null while reading. */
export function useKeptSaves(unitId: number): Record<number, PendingItem> | null {
  const [kept, setKept] = useState<Record<number, PendingItem> | null>(null);
  useEffect(() => {
    let live = true;
    void outboxRecords().then((records) => {
      if (live) setKept(pendingByItem(records, unitId));
    });
    return () => {
      live = false;
    };
  }, [unitId]);
  return kept;
}

/** How many saves of this unit wait on the device, kept current. */
export function useOutboxCount(unitId: number): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    const read = () =>
      void outboxRecords().then((records) => {
        if (live) setCount(pendingCount(records, unitId));
      });
    read();
    const stop = subscribeOutbox(read);
    return () => {
      live = false;
      stop();
    };
  }, [unitId]);
  return count;
}
