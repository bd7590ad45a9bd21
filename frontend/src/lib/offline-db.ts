// The browser's IndexedDB, for what a worker's phone keeps while offline (docs/architecture.md,
// Offline keying): the last signed-in account and the last unit opened ("kv"), and the saves not
// yet sent ("outbox"). Plain IndexedDB behind a few promise helpers; every call answers a harmless
// default when IndexedDB is missing or blocked (private mode, tests in Node), so the app keeps
// working online without it.

const DB_NAME = "koma";
const DB_VERSION = 1;
export const KV = "kv";
export const OUTBOX = "outbox";

let opening: Promise<IDBDatabase | null> | null = null;

function openDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === "undefined") return Promise.resolve(null);
  opening ??= new Promise<IDBDatabase | null>((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(DB_NAME, DB_VERSION);
    } catch {
      resolve(null);
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(KV)) db.createObjectStore(KV);
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: "seq", autoIncrement: true });
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
  });
  return opening;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Runs `work` in one read-write (or read-only) transaction and waits until it is committed. */
export async function withStore<T>(
  store: string,
  mode: IDBTransactionMode,
  work: (s: IDBObjectStore) => Promise<T> | T,
  fallback: T,
): Promise<T> {
  const db = await openDb();
  if (!db) return fallback;
  try {
    const tx = db.transaction(store, mode);
    const finished = committed(tx);
    const result = await work(tx.objectStore(store));
    await finished;
    return result;
  } catch {
    return fallback;
  }
}

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return done(req);
}

export function kvGet<T>(key: string): Promise<T | undefined> {
  return withStore<T | undefined>(KV, "readonly", (s) => done(s.get(key) as IDBRequest<T | undefined>), undefined);
}

export function kvSet(key: string, value: unknown): Promise<void> {
  return withStore(KV, "readwrite", (s) => void s.put(value, key), undefined);
}

export function kvDelete(key: string): Promise<void> {
  return withStore(KV, "readwrite", (s) => void s.delete(key), undefined);
}

/** Everything this device kept (on logout: a shared phone keeps no resident's data). */
export async function clearOfflineData(): Promise<void> {
  await withStore(KV, "readwrite", (s) => void s.clear(), undefined);
  await withStore(OUTBOX, "readwrite", (s) => void s.clear(), undefined);
}
