import { useCallback, useReducer, useRef, useState } from "react";
import type { EntryResult, Field, UnitItem } from "@/api/types";

export type Values = Record<string, string>;
type ItemState = { draft: Values; saved: Values | null; errors: Record<string, string> };
export type SaveState = "idle" | "dirty" | "saving" | "saved" | "error";

export function initialDraft(item: UnitItem, schema: Field[]): Values {
  const out: Values = {};
  for (const field of schema) {
    out[field.name] = item.entry?.values[field.name] ?? item.prefill[field.name] ?? "";
  }
  return out;
}

function entryValues(values: Values, schema: Field[]): Values {
  const out: Values = {};
  for (const field of schema) out[field.name] = values[field.name] ?? "";
  return out;
}

export function sameValues(a: Values, b: Values, schema: Field[]): boolean {
  return schema.every((field) => (a[field.name] ?? "") === (b[field.name] ?? ""));
}

/**
 * Local drafts for the items of one unit. Saves are queued one after another, so a blur save and a
 * "next" save of the same item never race; the server's normalised values replace a field only if
 * the worker hasn't typed into it since the request left.
 */
export function useItemDrafts(schema: Field[], save: (itemId: number, values: Values) => Promise<EntryResult>) {
  const store = useRef<Record<number, ItemState>>({});
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);
  const [status, setStatus] = useState<{ state: Exclude<SaveState, "dirty">; error?: unknown }>({ state: "idle" });

  const get = useCallback(
    (item: UnitItem): ItemState =>
      store.current[item.id] ?? {
        draft: initialDraft(item, schema),
        saved: item.entry ? entryValues(item.entry.values, schema) : null,
        errors: item.entry?.errors ?? {},
      },
    [schema],
  );

  const setValue = useCallback(
    (item: UnitItem, name: string, value: string) => {
      const current = get(item);
      store.current[item.id] = { ...current, draft: { ...current.draft, [name]: value } };
      rerender();
    },
    [get],
  );

  const isDirty = useCallback(
    (item: UnitItem) => {
      const s = get(item);
      return !sameValues(s.draft, s.saved ?? initialDraft(item, schema), schema);
    },
    [get, schema],
  );

  /** force: also save an untouched item that has no entry yet (confirming the prefill on "next"). */
  const saveItem = useCallback(
    (item: UnitItem, { force = false } = {}): Promise<boolean> => {
      const run = async (): Promise<boolean> => {
        const before = get(item);
        const needed = isDirty(item) || (force && before.saved === null);
        if (!needed) return true;
        const sent: Values = {};
        for (const field of schema) sent[field.name] = before.draft[field.name] ?? "";
        pending.current += 1;
        setStatus({ state: "saving" });
        try {
          const result = await save(item.id, sent);
          const now = get(item);
          const draft = { ...now.draft };
          for (const field of schema) {
            if (draft[field.name] === sent[field.name] && result.values[field.name] !== undefined) {
              draft[field.name] = result.values[field.name];
            }
          }
          const saved: Values = { ...sent, ...result.values };
          store.current[item.id] = { draft, saved, errors: result.errors ?? {} };
          pending.current -= 1;
          setStatus({ state: pending.current > 0 ? "saving" : "saved" });
          return true;
        } catch (error) {
          pending.current -= 1;
          setStatus({ state: "error", error });
          return false;
        }
      };
      const next = chain.current.then(run, run);
      chain.current = next;
      return next;
    },
    [get, isDirty, save, schema],
  );

  /** Errors from a failed submit (fields.items) shown on the fields they belong to. */
  const applyErrors = useCallback((errorsByItem: Record<number, Record<string, string>>, items: UnitItem[]) => {
    for (const item of items) {
      const errors = errorsByItem[item.id];
      if (errors) store.current[item.id] = { ...get(item), errors };
    }
    rerender();
  }, [get]);

  return { get, setValue, saveItem, isDirty, applyErrors, status };
}
