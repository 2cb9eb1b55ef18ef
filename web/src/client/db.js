// The phone's own copy (IndexedDB): what the client logged, the queue of changes still to send, and the last
// answers read from the API. Every key starts with the signed-in uid, so two people on one phone never mix.
const NAME = "stepping-stones";
const VERSION = 1;
export const RECORDS = "records"; // one per entry, goal, step or away period: {key, uid, path, kind, body, ...}
export const OUTBOX = "outbox"; // changes not yet confirmed by the server, in the order they were made
export const CACHE = "cache"; // the last summary, wins, inbox, links...: shown offline, refreshed online

let opening = null;

export function openDatabase() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        const records = db.createObjectStore(RECORDS, { keyPath: "key" });
        records.createIndex("uid", "uid");
        const outbox = db.createObjectStore(OUTBOX, { keyPath: "seq", autoIncrement: true });
        outbox.createIndex("uid", "uid");
        outbox.createIndex("path", ["uid", "path"]);
        db.createObjectStore(CACHE, { keyPath: "key" });
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => db.close(); // a newer app in another tab needs the upgrade
        resolve(db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("Close the app's other tabs, then open it again."));
    });
  }
  return opening;
}

const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

// Runs `work(stores)` in one transaction over `names`; resolves with its result once everything is on disk.
export async function transact(names, mode, work) {
  const db = await openDatabase();
  const tx = db.transaction(names, mode, { durability: "strict" });
  const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
  const finished = new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("The phone's storage refused the change."));
  });
  let result;
  try {
    result = await work(stores, done);
  } catch (error) {
    try { tx.abort(); } catch { /* already finished */ }
    throw error;
  }
  await finished;
  return result;
}

export async function allOf(storeName, uid) {
  return transact([storeName], "readonly", (stores) => done(stores[storeName].index("uid").getAll(uid)));
}

export async function getOne(storeName, key) {
  return transact([storeName], "readonly", (stores) => done(stores[storeName].get(key)));
}

export async function putOne(storeName, value) {
  return transact([storeName], "readwrite", (stores) => done(stores[storeName].put(value)));
}

export async function readCache(uid, name) {
  const found = await getOne(CACHE, `${uid} ${name}`);
  return found ? found.data : undefined;
}

// The last copy with when it was written ({data, at}), to show "Last updated …" and to judge its age.
export async function readCacheEntry(uid, name) {
  const found = await getOne(CACHE, `${uid} ${name}`);
  return found ? { data: found.data, at: found.at } : undefined;
}

export async function writeCache(uid, name, data, at = Date.now()) {
  await putOne(CACHE, { key: `${uid} ${name}`, uid, data, at });
}

// Everything this phone holds for `uid` (after the account is erased): records, queue and cache.
export async function forget(uid) {
  await transact([RECORDS, OUTBOX, CACHE], "readwrite", async (stores, wait) => {
    for (const name of [RECORDS, OUTBOX]) {
      const keys = await wait(stores[name].index("uid").getAllKeys(uid));
      for (const key of keys) stores[name].delete(key);
    }
    const range = IDBKeyRange.bound(`${uid} `, `${uid} \uffff`);
    stores[CACHE].delete(range);
  });
}
