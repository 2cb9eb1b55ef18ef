// Saving on the phone first: each change updates the local record and queues one operation for POST /v1/sync,
// in a single IndexedDB transaction, so a change is never shown without being queued (or queued without showing).
// Once it is stored, the store tells sync itself (`changed`): it is sent within sync's gathering window, other tabs
// hear of it, and the screen redraws.
import { KIND_DATE, NEEDS_LOOK, OUTBOX, RECORDS, allOf, dated, draftsOf, keptFor, transact } from "./db.js";
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
    const record = dated({
      key, uid, path, kind, id: path.split("/").pop(),
      data: { ...(old ? old.data : {}), ...extra, ...body },
      error: null,
      changedAt: Date.now(),
      createdAt: old ? old.createdAt : Date.now(),
    });
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
    await wait(stores[RECORDS].put(dated({ ...old, data: { ...old.data, ...patch }, error: null,
      changedAt: Date.now() })));
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
      stores[RECORDS].put(dated({
        key, uid, path, kind, id: path.split("/").pop(), data: { ...extra, ...data }, error: null,
        everSynced: true, changedAt: old ? old.changedAt : Date.now(), createdAt: old ? old.createdAt : Date.now(),
      }));
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

const withPending = (records, queued) => {
  const pending = new Set(queued.map((op) => op.recordKey));
  return records.map((record) => ({ ...record, pending: pending.has(record.key) }));
};

const kindDays = (uid, kind, from, to) => IDBKeyRange.bound([uid, kind, from], [uid, kind, to]);

// What the screens show: the records of these kinds (through the kind and date index), each with whether it is
// still only on this phone.
export async function listRecords(uid, ...kinds) {
  if (kinds.length === 0) {
    const [records, queued] = await Promise.all([allOf(RECORDS, uid), allOf(OUTBOX, uid)]);
    return withPending(records, queued);
  }
  return recordsBetween(uid, kinds);
}

// The records of `kinds` whose local day lies from `from` to `to` (YYYY-MM-DD, both included): a week, a month.
export async function recordsBetween(uid, kinds, from = "", to = "\uffff") {
  return transact([RECORDS, OUTBOX], "readonly", async (stores, wait) => {
    const index = stores[RECORDS].index(KIND_DATE);
    const [queued, ...found] = await Promise.all([wait(stores[OUTBOX].index("uid").getAll(uid)),
      ...kinds.map((kind) => wait(index.getAll(kindDays(uid, kind, from, to))))]);
    return withPending(found.flat(), queued);
  });
}

// Records of `kinds` that are not yet on the server, whatever their day: queued ones and refused ones (Today shows
// them first, however old).
export async function unsentRecords(uid, kinds) {
  return transact([RECORDS, OUTBOX], "readonly", async (stores, wait) => {
    const [queued, refused] = await Promise.all([wait(stores[OUTBOX].index("uid").getAll(uid)),
      wait(stores[RECORDS].index(NEEDS_LOOK).getAll(uid))]);
    const carried = [...new Set(queued.map((op) => op.recordKey))];
    const held = await Promise.all(carried.map((key) => wait(stores[RECORDS].get(key))));
    const byKey = new Map([...held, ...refused].filter((r) => r && kinds.includes(r.kind)).map((r) => [r.key, r]));
    return withPending([...byKey.values()], queued);
  });
}

// The newest local day before `before` with a record of `kinds` on this phone (null when there is none).
export async function newestDayBefore(uid, kinds, before) {
  return transact([RECORDS], "readonly", async (stores, wait) => {
    const index = stores[RECORDS].index(KIND_DATE);
    const days = await Promise.all(kinds.map(async (kind) => {
      const cursor = await wait(index.openCursor(IDBKeyRange.bound([uid, kind, ""], [uid, kind, before], false, true),
        "prev"));
      return cursor ? cursor.value.date : null;
    }));
    return days.filter(Boolean).sort().pop() || null;
  });
}

// The phone's bound: of each of `kinds`, the newest `keep` records are kept; past that, whole days from the oldest
// are let go, except anything not yet on the server (queued or refused). Answers the last day let go (null when
// nothing was): the server still has those days, and History reads them again if the client browses back to them.
export async function letGoOfOldest(uid, kinds, keep) {
  return transact([RECORDS, OUTBOX], "readwrite", async (stores, wait) => {
    const index = stores[RECORDS].index(KIND_DATE);
    let lastDay = null;
    for (const kind of kinds) {
      const all = kindDays(uid, kind, "", "\uffff");
      const over = (await wait(index.count(all))) - keep;
      if (over <= 0) continue;
      const cursor = await wait(index.openCursor(all));
      let day = cursor.value.date;
      if (over > 1) {
        cursor.advance(over - 1);
        day = (await wait(cursor.request)).value.date;
      }
      if (!lastDay || day > lastDay) lastDay = day;
    }
    if (!lastDay) return null;
    const queued = await wait(stores[OUTBOX].index("uid").getAll(uid));
    const busy = new Set(queued.map((op) => op.recordKey));
    for (const kind of kinds) {
      const old = await wait(index.getAll(kindDays(uid, kind, "", lastDay)));
      for (const record of old) {
        if (record.everSynced && !record.error && !busy.has(record.key)) stores[RECORDS].delete(record.key);
      }
    }
    return lastDay;
  });
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
