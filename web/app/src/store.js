// Saving on the phone first: each change updates the local record and queues one operation for POST /v1/sync,
// in a single IndexedDB transaction, so a change is never shown without being queued (or queued without showing).
// Once it is stored, the store tells sync itself (`changed`): it is sent within sync's gathering window, other tabs
// hear of it, and the screen redraws.
import { OUTBOX, RECORDS, allOf, draftsOf, keptFor, transact } from "./db.js";
import { changed } from "./sync.js";

// A later change to the same address (a correction, a deletion, an undo) replaces the queued one in place: the queue keeps the order in which
// things were first made (a goal before its steps), and `rev` tells a sync in flight that it was overtaken.
async function enqueue(outbox, wait, uid, op) {
  const [queued] = await wait(outbox.index("path").getAll([uid, op.path]));
  if (queued) {
    await wait(outbox.put({ ...queued, method: op.method, body: op.body, recordKey: op.recordKey,
      rev: queued.rev + 1 }));
  } else {
    await wait(outbox.add({ uid, method: op.method, path: op.path, body: op.body ?? null,
      recordKey: op.recordKey, rev: 1, queuedAt: Date.now() }));
  }
}

export const recordKey = (uid, path) => `${uid} ${path}`;

// Creates or corrects a record (an entry, goal, step or away period) at `path` with the input `body`;
// `extra` is kept on the record for showing it (e.g. the goal a step belongs to).
export async function saveRecord(uid, { kind, path, body, extra = {} }) {
  const key = recordKey(uid, path);
  await transact([RECORDS, OUTBOX], "readwrite", async (stores, wait) => {
    const old = await wait(stores[RECORDS].get(key));
    const record = {
      key, uid, path, kind, id: path.split("/").pop(),
      data: { ...(old ? old.data : {}), ...extra, ...body },
      error: null,
      changedAt: Date.now(),
      createdAt: old ? old.createdAt : Date.now(),
    };
    await wait(stores[RECORDS].put(record));
    await enqueue(stores[OUTBOX], wait, uid, { method: "PUT", path, body, recordKey: key });
  });
  changed();
}

// A change to part of a record through its own address (a step marked done, an experiment's outcome):
// `patch` shows at once on the record at `path`, and the operation goes to `opPath`.
export async function saveAction(uid, { path, opMethod, opPath, body, patch }) {
  const key = recordKey(uid, path);
  await transact([RECORDS, OUTBOX], "readwrite", async (stores, wait) => {
    const old = await wait(stores[RECORDS].get(key));
    if (!old) throw new Error("That item is no longer on this phone.");
    await wait(stores[RECORDS].put({ ...old, data: { ...old.data, ...patch }, error: null, changedAt: Date.now() }));
    await enqueue(stores[OUTBOX], wait, uid, { method: opMethod, path: opPath, body, recordKey: key });
  });
  changed();
}

// An action on something the phone keeps no record of (an inbox item marked read): only queued, in order, and sent
// by sync like every change.
export async function queueAction(uid, { opMethod, opPath, body = null }) {
  await transact([OUTBOX], "readwrite", async (stores, wait) => {
    await enqueue(stores[OUTBOX], wait, uid, { method: opMethod, path: opPath, body, recordKey: recordKey(uid, opPath) });
  });
  changed();
}

// Deletes a record here at once and queues its deletion (nothing to send when the server never had it).
// Records under it (a goal's steps) go with it.
export async function deleteRecord(uid, path) {
  const key = recordKey(uid, path);
  await transact([RECORDS, OUTBOX], "readwrite", async (stores, wait) => {
    const old = await wait(stores[RECORDS].get(key));
    const neverSent = old && !old.everSynced;
    const under = IDBKeyRange.bound(`${key}/`, `${key}/\uffff`);
    const children = await wait(stores[RECORDS].getAllKeys(under));
    for (const child of [key, ...children]) stores[RECORDS].delete(child);
    const queued = await wait(stores[OUTBOX].index("uid").getAll(uid));
    for (const op of queued) {
      if (op.path === path || op.path.startsWith(`${path}/`)) stores[OUTBOX].delete(op.seq);
    }
    if (!neverSent || queued.some((op) => op.path === path && op.sentRev)) {
      await wait(stores[OUTBOX].add({ uid, method: "DELETE", path, body: null, recordKey: key, rev: 1,
        queuedAt: Date.now() }));
    }
  });
  changed();
}

// Records the server sent (a goal list, an experiment list, a first timeline page): each replaces the
// phone's copy unless the phone holds a change to it that is not yet on the server, or changed it after the
// read began (`readAt`): a slow answer must not undo what was saved, and perhaps synced, meanwhile.
export async function mergeFromServer(uid, items, readAt = Infinity) {
  if (!keptFor(uid)) return; // an answer that arrives after sign-out
  await transact([RECORDS, OUTBOX], "readwrite", async (stores, wait) => {
    const queued = await wait(stores[OUTBOX].index("uid").getAll(uid));
    const busy = new Set(queued.map((op) => op.recordKey));
    for (const { kind, path, data, extra = {} } of items) {
      const key = recordKey(uid, path);
      if (busy.has(key)) continue;
      const old = await wait(stores[RECORDS].get(key));
      if (old && (old.error || old.changedAt > readAt)) continue;
      stores[RECORDS].put({
        key, uid, path, kind, id: path.split("/").pop(), data: { ...extra, ...data }, error: null,
        everSynced: true, changedAt: old ? old.changedAt : Date.now(), createdAt: old ? old.createdAt : Date.now(),
      });
    }
  });
}

// Removes the phone's copies of records of `kind` the server no longer has (deleted on another phone), except
// those changed here after the read began (`readAt`): the server may have them by now.
export async function dropMissing(uid, kind, presentPaths, readAt = Infinity) {
  const present = new Set(presentPaths);
  await transact([RECORDS, OUTBOX], "readwrite", async (stores, wait) => {
    const queued = await wait(stores[OUTBOX].index("uid").getAll(uid));
    const busy = new Set(queued.map((op) => op.recordKey));
    const records = await wait(stores[RECORDS].index("uid").getAll(uid));
    for (const record of records) {
      if (record.kind === kind && record.everSynced && !busy.has(record.key) && !present.has(record.path)
        && !(record.changedAt > readAt)) {
        stores[RECORDS].delete(record.key);
      }
    }
  });
}

// What the screens show: the records of these kinds, each with whether it is still only on this phone.
export async function listRecords(uid, ...kinds) {
  const [records, queued] = await Promise.all([allOf(RECORDS, uid), allOf(OUTBOX, uid)]);
  const pending = new Set(queued.map((op) => op.recordKey));
  return records
    .filter((record) => kinds.length === 0 || kinds.includes(record.kind))
    .map((record) => ({ ...record, pending: pending.has(record.key) }));
}

export async function queuedOperations(uid) {
  return allOf(OUTBOX, uid);
}

// What signing out would leave on this phone: changes not yet on the server (queued operations, and records the
// server refused that still need a look) and forms started but not saved.
export async function unsentOnPhone(uid) {
  const [records, queued, drafts] = await Promise.all([allOf(RECORDS, uid), allOf(OUTBOX, uid), draftsOf(uid)]);
  const carried = new Set(queued.map((op) => op.recordKey));
  const refused = records.filter((record) => record.error && !carried.has(record.key));
  return { changes: queued.length + refused.length, drafts: drafts.length };
}
