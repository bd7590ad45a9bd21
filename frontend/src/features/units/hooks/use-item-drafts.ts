import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { EntryResult, Field, UnitItem } from "@/api/types";
import { isApiError } from "@/lib/api-client";
import type { PendingItem } from "../utils/outbox";

export type Values = Record<string, string>;
type ItemState = { draft: Values; saved: Values | null; errors: Record<string, string> };
/** "kept": saved on this device only (offline outbox), sent when the connection returns. */
export type SaveState = "idle" | "dirty" | "saving" | "saved" | "kept" | "error";
export type SaveOptions = { keepalive?: boolean; baseVersion: number | null };
/** Saves one item; null when the save was kept on this device to be sent later. */
export type SaveFn = (itemId: number, values: Values, options: SaveOptions) => Promise<EntryResult | null>;
/** The server kept newer values than a save of this device (409 entry_version_conflict). */
export type Conflict = { typed: Values; fields: string[] };

/** The server's entry in a 409 entry_version_conflict (fields.entry), if the error is one. */
export function conflictEntry(error: unknown): { values: Values; errors: Record<string, string>; version: number; fields: string[] } | null {
  if (!isApiError(error, "entry_version_conflict") || !error.fields) return null;
  const entry = error.fields.entry as { values?: Values; errors?: Record<string, string>; version?: number } | undefined;
  const fields = error.fields.conflicts;
  if (!entry || typeof entry.version !== "number") return null;
  return {
    values: entry.values ?? {},
    errors: entry.errors ?? {},
    version: entry.version,
    fields: Array.isArray(fields) ? fields.filter((f): f is string => typeof f === "string") : [],
  };
}

/** Autosave this long after the last keystroke. */
export const AUTOSAVE_MS = 800;

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

// ---- the field being typed, kept on this device until the server has it ----
// Only the one field typed since the last save is kept (a reload between two keystrokes and the
// autosave), and it is removed as soon as a save carrying it succeeds. Older than a day: dropped.
export type TypingDraft = { itemId: number; name: string; value: string; at: number };
const TYPING_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function typingKey(unitId: number): string {
  return `koma.typing.${unitId}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

export function readTypingDraft(unitId: number, now = Date.now()): TypingDraft | null {
  try {
    const raw = storage()?.getItem(typingKey(unitId));
    if (!raw) return null;
    const d = JSON.parse(raw) as TypingDraft;
    if (typeof d.itemId !== "number" || typeof d.name !== "string" || typeof d.value !== "string") return null;
    if (typeof d.at !== "number" || now - d.at > TYPING_MAX_AGE_MS) return null;
    return d;
  } catch {
    return null;
  }
}

export function writeTypingDraft(unitId: number, draft: TypingDraft | null): void {
  try {
    if (draft) storage()?.setItem(typingKey(unitId), JSON.stringify(draft));
    else storage()?.removeItem(typingKey(unitId));
  } catch {
    // storage full or blocked: the autosave still runs
  }
}

/**
 * Which field errors a person sees: format errors always, "required" only on a field that was
 * left (blur) or after the item was confirmed (next / submit), so one blur on the first field
 * does not flood every empty field below it.
 */
export function visibleErrors(
  errors: Record<string, string>,
  touched: ReadonlySet<string> | undefined,
  revealed: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, code] of Object.entries(errors)) {
    if (code !== "required" || revealed || touched?.has(name)) out[name] = code;
  }
  return out;
}

/**
 * Local drafts for the items of one unit. Saves are queued one after another, so a blur save and a
 * "next" save of the same item never race; the server's normalised values replace a field only if
 * the worker hasn't typed into it since the request left. Typing autosaves after AUTOSAVE_MS.
 */
export function useItemDrafts(
  unitId: number,
  schema: Field[],
  save: SaveFn,
  keptSaves: Record<number, PendingItem> = {},
) {
  const store = useRef<Record<number, ItemState>>({});
  // The entry version this page last saw per item: sent as base_version (docs/architecture.md).
  const versions = useRef<Record<number, number>>({});
  const [conflicts, setConflicts] = useState<Record<number, Conflict>>({});
  const [kept] = useState(keptSaves);
  const touched = useRef<Record<number, Set<string>>>({});
  const revealed = useRef<Set<number>>(new Set());
  const [typing] = useState(() => readTypingDraft(unitId));
  const typingRef = useRef<TypingDraft | null>(typing);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [status, setStatus] = useState<{ state: Exclude<SaveState, "dirty">; error?: unknown }>({ state: "idle" });

  const get = useCallback(
    (item: UnitItem): ItemState => {
      const known = store.current[item.id];
      if (known) return known;
      const draft = initialDraft(item, schema);
      // Saves kept on this device (offline) are what the worker typed last: shown, not re-sent.
      const waiting = kept[item.id];
      if (waiting) Object.assign(draft, waiting.values);
      const saved = waiting ? entryValues(draft, schema) : item.entry ? entryValues(item.entry.values, schema) : null;
      // A field typed before a reload and not yet saved wins over the server's value.
      if (typing && typing.itemId === item.id && typing.name in draft) draft[typing.name] = typing.value;
      return { draft, saved, errors: item.entry?.errors ?? {} };
    },
    [schema, typing, kept],
  );

  const versionOf = useCallback(
    (item: UnitItem): number => versions.current[item.id] ?? kept[item.id]?.baseVersion ?? item.entry?.version ?? 0,
    [kept],
  );

  /** A save of this item answered by the server (now, or later from the outbox). */
  const applySaved = useCallback(
    (item: UnitItem, sent: Values, result: EntryResult) => {
      versions.current[item.id] = Math.max(versions.current[item.id] ?? 0, result.version);
      const now = get(item);
      const draft = { ...now.draft };
      for (const field of schema) {
        if (draft[field.name] === sent[field.name] && result.values[field.name] !== undefined) {
          draft[field.name] = result.values[field.name];
        }
      }
      const saved: Values = { ...sent, ...result.values };
      store.current[item.id] = { draft, saved, errors: result.errors ?? {} };
    },
    [get, schema],
  );

  /** The server kept newer values: show them, and what the worker typed, to re-type if needed. */
  const applyConflict = useCallback(
    (item: UnitItem, error: unknown, typed: Values): boolean => {
      const server = conflictEntry(error);
      if (!server) return false;
      versions.current[item.id] = server.version;
      const values = entryValues(server.values, schema);
      store.current[item.id] = { draft: { ...values }, saved: values, errors: server.errors };
      const fields = server.fields.length ? server.fields : schema.map((f) => f.name).filter((n) => typed[n] !== values[n]);
      setConflicts((c) => ({ ...c, [item.id]: { typed, fields } }));
      return true;
    },
    [schema],
  );

  const dismissConflict = useCallback((item: UnitItem) => {
    setConflicts((c) => {
      const next = { ...c };
      delete next[item.id];
      return next;
    });
    // The worker has seen it: the item holds the server's values, nothing is left unsaved.
    setStatus((s) => (s.state === "error" && isApiError(s.error, "entry_version_conflict") ? { state: "saved" } : s));
  }, []);

  const isDirty = useCallback(
    (item: UnitItem) => {
      const s = get(item);
      return !sameValues(s.draft, s.saved ?? initialDraft(item, schema), schema);
    },
    [get, schema],
  );

  const clearTypingIfSent = useCallback(
    (itemId: number, sent: Values) => {
      const d = typingRef.current;
      if (d && d.itemId === itemId && sent[d.name] === d.value) {
        typingRef.current = null;
        writeTypingDraft(unitId, null);
      }
    },
    [unitId],
  );

  /** force: also save an untouched item that has no entry yet (confirming the prefill on "next"). */
  const saveItem = useCallback(
    (item: UnitItem, { force = false } = {}): Promise<boolean> => {
      if (timer.current) {
        clearTimeout(timer.current);
        timer.current = null;
      }
      const run = async (): Promise<boolean> => {
        const before = get(item);
        const needed = isDirty(item) || (force && before.saved === null);
        if (!needed) return true;
        const sent: Values = {};
        for (const field of schema) sent[field.name] = before.draft[field.name] ?? "";
        pending.current += 1;
        setStatus({ state: "saving" });
        try {
          const result = await save(item.id, sent, { baseVersion: versionOf(item) });
          if (result) applySaved(item, sent, result);
          else store.current[item.id] = { ...get(item), saved: { ...sent } }; // kept on this device
          clearTypingIfSent(item.id, sent);
          pending.current -= 1;
          setStatus({ state: pending.current > 0 ? "saving" : result ? "saved" : "kept" });
          return true;
        } catch (error) {
          pending.current -= 1;
          if (applyConflict(item, error, sent)) clearTypingIfSent(item.id, sent);
          setStatus({ state: "error", error });
          return false;
        }
      };
      const next = chain.current.then(run, run);
      chain.current = next;
      return next;
    },
    [get, isDirty, save, schema, clearTypingIfSent, versionOf, applySaved, applyConflict],
  );

  /** The outbox sent a save of this item, or the server refused it as stale (see ../api/outbox.ts). */
  const outboxSaved = useCallback(
    (item: UnitItem, sent: Values, result: EntryResult) => {
      applySaved(item, sent, result);
      if (pending.current === 0) setStatus({ state: "saved" });
      rerender();
    },
    [applySaved],
  );

  const outboxConflict = useCallback(
    (item: UnitItem, error: unknown, typed: Values) => {
      applyConflict(item, error, typed);
      setStatus({ state: "error", error });
      rerender();
    },
    [applyConflict],
  );

  /** Autosave AUTOSAVE_MS after the last change. */
  const schedule = useCallback(
    (item: UnitItem) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        void saveItem(item);
      }, AUTOSAVE_MS);
    },
    [saveItem],
  );

  const setValue = useCallback(
    (item: UnitItem, name: string, value: string) => {
      const current = get(item);
      store.current[item.id] = { ...current, draft: { ...current.draft, [name]: value } };
      typingRef.current = { itemId: item.id, name, value, at: Date.now() };
      writeTypingDraft(unitId, typingRef.current);
      rerender();
      schedule(item);
    },
    [get, schedule, unitId],
  );

  /** The page is going away: send a dirty item now, with keepalive, outside the queue. */
  const flushOnHide = useCallback(
    (item: UnitItem) => {
      if (timer.current) {
        clearTimeout(timer.current);
        timer.current = null;
      }
      if (!isDirty(item)) return;
      const sent: Values = {};
      const draft = get(item).draft;
      for (const field of schema) sent[field.name] = draft[field.name] ?? "";
      void save(item.id, sent, { keepalive: true, baseVersion: versionOf(item) }).then(
        (result) => {
          // Only hidden, maybe not gone: the next save must be based on this one's version.
          if (result) applySaved(item, sent, result);
          clearTypingIfSent(item.id, sent);
        },
        () => undefined, // the typing draft stays on the device for the next visit
      );
    },
    [get, isDirty, save, schema, clearTypingIfSent, versionOf, applySaved],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const touch = useCallback((item: UnitItem, name: string) => {
    const names = (touched.current[item.id] ??= new Set());
    if (names.has(name)) return;
    names.add(name);
    rerender(); // its errors may show now, even when nothing needs saving
  }, []);

  /** Show every error of the item, "required" included (after next / submit). */
  const reveal = useCallback((item: UnitItem) => {
    revealed.current.add(item.id);
    rerender();
  }, []);

  const errorsFor = useCallback(
    (item: UnitItem) => visibleErrors(get(item).errors, touched.current[item.id], revealed.current.has(item.id)),
    [get],
  );

  /** Errors from a failed submit (fields.items) shown on the fields they belong to. */
  const applyErrors = useCallback(
    (errorsByItem: Record<number, Record<string, string>>, items: UnitItem[]) => {
      for (const item of items) {
        const errors = errorsByItem[item.id];
        if (errors) {
          store.current[item.id] = { ...get(item), errors };
          revealed.current.add(item.id);
        }
      }
      rerender();
    },
    [get],
  );

  return {
    get,
    setValue,
    saveItem,
    schedule,
    flushOnHide,
    isDirty,
    applyErrors,
    touch,
    reveal,
    errorsFor,
    status,
    conflicts,
    dismissConflict,
    outboxSaved,
    outboxConflict,
  };
}
