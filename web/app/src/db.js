// The phone's own copy (IndexedDB): what the client logged, the queue of changes still to send, and the last
// answers read from the API. Every key starts with the signed-in uid, so two people on one phone never mix.
import { timeZone } from "./session.js";

const NAME = "stepping-stones";
// Version 2 indexes records by [uid, kind, date] and marks those that need a look, so a screen reads a month or a
// week of one kind, never everything; its upgrade adds both to version 1's records in place (nothing else moves).
const VERSION = 2;
export const RECORDS = "records"; // one per entry, goal, step or away period: {key, uid, path, kind, date, body, ...}
export const OUTBOX = "outbox"; // changes not yet confirmed by the server, in the order they were made
export const CACHE = "cache"; // the last summary, wins, inbox, links...: shown offline, refreshed online
export const KIND_DATE = "kindDate"; // records by [uid, kind, local date]
export const NEEDS_LOOK = "needsLook"; // records the server refused, by uid (only those carry the field)

const DAY_FORMATS = new Map();

// The local day (YYYY-MM-DD) a record belongs to, "" when it has none (a goal): the entry's own local date, else
// the day of its moment in the client's zone, an experiment's outcome or planned day, a step's day done.
export function recordDate(kind, data = {}) {
  if (kind === "experiment") return (data.outcome && data.outcome.done_on) || data.planned_for || "";
  if (kind === "step") return data.done_on || "";
  if (typeof data.local_date === "string") return data.local_date;
  const moment = data.at || data.started_at;
  if (typeof moment !== "string") return "";
  const zone = timeZone();
  if (!DAY_FORMATS.has(zone)) DAY_FORMATS.set(zone, new Intl.DateTimeFormat("en-CA", { timeZone: zone }));
  return DAY_FORMATS.get(zone).format(new Date(moment));
}

// A record as stored: its date (for the index) worked out from its data, and the needs-a-look mark set or cleared.
export function dated(record) {
  const { needsLook: _, ...rest } = record;
  return { ...rest, date: recordDate(record.kind, record.data), ...(record.error ? { needsLook: record.uid } : {}) };
}

let opening = null;

export function openDatabase() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = (event) => {
        const db = request.result;
        if (event.oldVersion < 1) {
          const records = db.createObjectStore(RECORDS, { keyPath: "key" });
          records.createIndex("uid", "uid");
          const outbox = db.createObjectStore(OUTBOX, { keyPath: "seq", autoIncrement: true });
          outbox.createIndex("uid", "uid");
          outbox.createIndex("path", ["uid", "path"]);
          db.createObjectStore(CACHE, { keyPath: "key" });
        }
        if (event.oldVersion < 2) upgradeToVersion2(request.transaction.objectStore(RECORDS));
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

// In the upgrade's own transaction: each record gains its date (and mark); the queue, the records it carries and
// the drafts stay exactly as they were, so unsent changes are sent after the upgrade as before it.
function upgradeToVersion2(records) {
  records.createIndex(KIND_DATE, ["uid", "kind", "date"]);
  records.createIndex(NEEDS_LOOK, NEEDS_LOOK);
  records.openCursor().onsuccess = (event) => {
    const cursor = event.target.result;
    if (!cursor) return;
    cursor.update(dated(cursor.value));
    cursor.continue();
  };
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
