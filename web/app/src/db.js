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

// Uids signed out in this page: an answer still in flight for one of them is not written (sign-out has just
// forgotten what the phone held for them).
const signedOut = new Set();

export function stopKeeping(uid) {
  signedOut.add(uid);
}

export function keepFor(uid) {
  signedOut.delete(uid);
}

export const keptFor = (uid) => !signedOut.has(uid);

export async function writeCache(uid, name, data, at = Date.now()) {
  if (!keptFor(uid)) return;
  await putOne(CACHE, { key: `${uid} ${name}`, uid, data, at });
}

const cacheOf = (uid) => IDBKeyRange.bound(`${uid} `, `${uid} \uffff`);
const isDraft = (uid, entry) => entry.key.startsWith(`${uid} draft `) && entry.data;

// Forms this person started to fill in and has not saved (drafts.js).
export async function draftsOf(uid) {
  const entries = await transact([CACHE], "readonly", (stores, wait) => wait(stores[CACHE].getAll(cacheOf(uid))));
  return entries.filter((entry) => isDraft(uid, entry));
}

// Everything this phone holds for `uid`: records, queue and cache (the profile, summary, wins, inbox, links, read
// marks, drafts, this phone's device id). With `keepUnsent` (signing out), what is not yet on the server stays:
// the queued operations, the records they carry, records the server refused that still need a look, and drafts.
export async function forget(uid, { keepUnsent = false } = {}) {
  await transact([RECORDS, OUTBOX, CACHE], "readwrite", async (stores, wait) => {
    const queued = await wait(stores[OUTBOX].index("uid").getAll(uid));
    const carried = new Set(queued.map((op) => op.recordKey));
    if (!keepUnsent) for (const op of queued) stores[OUTBOX].delete(op.seq);
    const records = await wait(stores[RECORDS].index("uid").getAll(uid));
    for (const record of records) {
      if (!(keepUnsent && (carried.has(record.key) || record.error))) stores[RECORDS].delete(record.key);
    }
    const cached = await wait(stores[CACHE].getAll(cacheOf(uid)));
    for (const entry of cached) {
      if (!(keepUnsent && isDraft(uid, entry))) stores[CACHE].delete(entry.key);
    }
  });
}
