// Sends the phone's queue through POST /v1/sync in batches of up to 100: at start, on reconnect, when the app is
// left or reopened, within 20 s of a change (at once on "Send now"), and after a back-off. Each result is applied
// to its own record: 2xx synced, 400/404/409 shown on the entry to fix, 429/503 retried (after the batch's
// Retry-After, else a doubling back-off), 401/403/410 end the session. One tab syncs at a time (Web Locks: a tab
// that asks while another sends waits its turn);
// every tab hears about changes (BroadcastChannel) and redraws. A request still running after SLOW_MS says so
// ("slow"); "Send now" then sends the batch again at once (the server recognises one it already took).
import { Offline, SessionEnded, sync as sendBatch } from "../../shared/api.ts";
import { OUTBOX, RECORDS, dated, transact } from "./db.js";

const BATCH = 100;
const GATHER_MS = 20_000;
const SLOW_MS = 4_000;
const FIRST_BACKOFF_SECONDS = 2;
const MAX_BACKOFF_SECONDS = 300;
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("stepping-stones") : null;

let uid = null;
let timer = null;
let dueAt = null;
let running = null;
let again = false;
let backoffSeconds = 0;
let statusListeners = [];
let changeListeners = [];
let onSessionEnded = () => {};
let lastState = { state: "idle", queued: 0, retryAt: null };
let statusVersion = 0;
let inFlight = null; // the AbortController of the request being sent

export function onSyncStatus(listener) {
  statusListeners.push(listener);
  listener(lastState);
}

export function onDataChanged(listener) {
  changeListeners.push(listener);
}

function setStatus(status) {
  statusVersion += 1;
  lastState = status;
  for (const listener of statusListeners) listener(status);
}

function dataChanged(fromOtherTab = false) {
  for (const listener of changeListeners) listener();
  if (!fromOtherTab && channel && uid) channel.postMessage({ uid, type: "changed" });
}

if (channel) {
  channel.onmessage = (event) => {
    if (!uid || !event.data || event.data.uid !== uid) return;
    dataChanged(true);
    refreshStatus();
  };
}

export function startSync(signedInUid, sessionEnded) {
  uid = signedInUid;
  onSessionEnded = sessionEnded;
  backoffSeconds = 0;
  window.addEventListener("online", kick);
  document.addEventListener("visibilitychange", onVisible);
  kick();
}

export function stopSync() {
  uid = null;
  clearTimeout(timer);
  timer = null;
  dueAt = null;
  window.removeEventListener("online", kick);
  document.removeEventListener("visibilitychange", onVisible);
  setStatus({ state: "idle", queued: 0, retryAt: null });
}

// Leaving the app (switching away, locking the phone) sends what is queued at once; coming back syncs too.
function onVisible() {
  if (document.visibilityState === "visible") kick();
  else if (timer && dueAt) kick();
}

function kick() {
  backoffSeconds = 0;
  syncSoon(0);
}

// After a local change: tell the other tabs, and send it within GATHER_MS. The changes of one visit (a
// check-in, then a mood) then travel in one batch: each batch reads and rewrites the client's summary
// once, so gathering them keeps an active client's month within its Firestore budget.
export function changed() {
  dataChanged();
  backoffSeconds = 0;
  const soonest = Date.now() + GATHER_MS;
  if (!dueAt || dueAt > soonest) syncSoon(GATHER_MS);
  refreshStatus();
}

// "Send now": the person asked, so there is no reason to wait; a slow request is given up and sent again.
export function sendNow() {
  if (inFlight && lastState.state === "slow") inFlight.abort();
  else kick();
}

function syncSoon(delayMs) {
  clearTimeout(timer);
  dueAt = Date.now() + delayMs;
  timer = setTimeout(() => {
    timer = null;
    dueAt = null;
    syncNow().catch((error) => console.error(error));
  }, delayMs);
}

// Runs one sync round (or marks that another is wanted when one is already running in this tab).
export async function syncNow() {
  if (!uid) return;
  if (running) {
    again = true;
    return running;
  }
  const forUid = uid;
  running = (async () => {
    do {
      again = false;
      if (navigator.locks) {
        // Waits its turn behind another tab that is sending, then sends what is left. Giving up instead (the
        // lock's ifAvailable) lost the wake-up: a change saved in this tab after the other tab took its last
        // batch stayed queued with no timer left in either tab, "On this phone" until the next change.
        await navigator.locks.request(`sync ${forUid}`, async () => {
          if (uid === forUid) await drain(forUid);
        });
      } else {
        await drain(forUid);
      }
    } while (again && uid === forUid);
  })();
  try {
    await running;
  } finally {
    running = null;
  }
}

// Sending, waiting or stopped stay what they are with the new count (another tab's change mid-send does not
// make a running send look queued). A count begun before another status was set is stale: it is counted again.
const KEPT_STATES = ["syncing", "slow", "offline", "retrying", "stopped"];

export async function refreshStatus() {
  for (;;) {
    if (!uid) return;
    const version = statusVersion;
    const queued = await countQueued(uid);
    if (version !== statusVersion) continue;
    if (KEPT_STATES.includes(lastState.state)) setStatus({ ...lastState, queued });
    else setStatus({ state: queued ? "queued" : "synced", queued, retryAt: null });
    return;
  }
}

async function countQueued(forUid) {
  return transact([OUTBOX], "readonly", (stores, wait) => wait(stores[OUTBOX].index("uid").count(forUid)));
}

async function drain(forUid) {
  for (;;) {
    const batch = await takeBatch(forUid);
    if (batch.length === 0) {
      setStatus({ state: "synced", queued: 0, retryAt: null });
      return;
    }
    setStatus({ state: "syncing", queued: await countQueued(forUid), retryAt: null });
    const request = new AbortController();
    inFlight = request;
    const slow = setTimeout(() => {
      if (inFlight === request && lastState.state === "syncing") setStatus({ ...lastState, state: "slow" });
    }, SLOW_MS);
    let results;
    try {
      const leaving = document.visibilityState === "hidden"; // the request must outlive the page
      results = await sendBatch(batch.map(({ method, path, body }) => ({ method, path, body })), leaving,
        request.signal);
    } catch (error) {
      if (request.signal.aborted && uid === forUid) continue; // "Send now" on a slow request: sent again at once
      if (error instanceof SessionEnded) {
        setStatus({ state: "stopped", queued: await countQueued(forUid), retryAt: null });
        onSessionEnded(error);
        return;
      }
      const offline = error instanceof Offline || !navigator.onLine;
      backOff(forUid, offline ? "offline" : "retrying", error.retryAfterSeconds);
      return;
    } finally {
      clearTimeout(slow);
      inFlight = null;
    }
    const outcome = await applyResults(forUid, batch, results);
    dataChanged();
    if (outcome.sessionEnded) {
      setStatus({ state: "stopped", queued: await countQueued(forUid), retryAt: null });
      onSessionEnded(new SessionEnded(outcome.sessionEnded, outcome.sessionMessage));
      return;
    }
    if (outcome.retry) {
      backOff(forUid, "retrying", null); // an item's answer carries no Retry-After: the doubling back-off
      return;
    }
    backoffSeconds = 0;
    if (uid !== forUid) return;
  }
}

function backOff(forUid, state, serverSeconds) {
  backoffSeconds = Math.min(MAX_BACKOFF_SECONDS, backoffSeconds ? backoffSeconds * 2 : FIRST_BACKOFF_SECONDS);
  const seconds = serverSeconds != null ? Math.max(serverSeconds, 1) : backoffSeconds;
  const retryAt = Date.now() + seconds * 1000;
  countQueued(forUid).then((queued) => setStatus({ state, queued, retryAt }));
  syncSoon(seconds * 1000);
}

// The oldest queued operations, each marked as sent at its current revision (a deletion made while it is in
// flight then knows the server may already hold it).
async function takeBatch(forUid) {
  return transact([OUTBOX], "readwrite", async (stores, wait) => {
    const queued = (await wait(stores[OUTBOX].index("uid").getAll(forUid))).sort((a, b) => a.seq - b.seq);
    const batch = queued.slice(0, BATCH);
    for (const op of batch) stores[OUTBOX].put({ ...op, sentRev: op.rev });
    return batch;
  });
}

const succeeded = (op, status) => (status >= 200 && status < 300) || (status === 404 && op.method === "DELETE");
const retryable = (status) => status === 429 || status >= 500;

// What each result means for its queued operation and its record, in one transaction.
export async function applyResults(forUid, batch, results) {
  return transact([OUTBOX, RECORDS], "readwrite", async (stores, wait) => {
    const outcome = { retry: false, sessionEnded: 0, sessionMessage: "" };
    const queued = await wait(stores[OUTBOX].index("uid").getAll(forUid));
    const settled = new Set();
    // Another change to the same record still waiting (an outcome behind its plan, a step's done mark): the
    // phone's copy already shows it, so an answer from before it must not overwrite it.
    const moreQueued = (key, seq) => queued.some((other) => other.recordKey === key && other.seq !== seq
      && !settled.has(other.seq));
    for (let i = 0; i < batch.length; i += 1) {
      const op = batch[i];
      const result = results[i];
      if (!result) break;
      const { status, body } = result;
      if (status === 401 || status === 403 || status === 410) {
        outcome.sessionEnded = status;
        outcome.sessionMessage = body && body.error ? body.error.message : "Please sign in again.";
        break;
      }
      const current = await wait(stores[OUTBOX].get(op.seq));
      const unchanged = current && current.rev === op.rev;
      const record = await wait(stores[RECORDS].get(op.recordKey));
      if (retryable(status) || (outcome.retry && status === 404)) {
        // Kept for the next round; a 404 after a failure may only mean its goal or experiment is not there yet.
        outcome.retry = true;
        continue;
      }
      if (unchanged) {
        stores[OUTBOX].delete(op.seq);
        settled.add(op.seq);
      }
      if (!record) continue;
      if (succeeded(op, status)) {
        if (op.method === "DELETE" && op.path === record.path) continue;
        // The answer is this record when it carries its id (a step's answer is the step, a done mark's too; an
        // outcome's is the whole experiment).
        const isThisRecord = body && typeof body === "object" && body.id === record.id;
        const data = unchanged && isThisRecord && !moreQueued(record.key, op.seq) ? { ...record.data, ...body }
          : record.data;
        stores[RECORDS].put(dated({ ...record, data, everSynced: true, error: unchanged ? null : record.error }));
      } else if (unchanged) {
        const detail = (body && body.error) || {};
        stores[RECORDS].put(dated({
          ...record,
          error: { status, code: detail.code || "error", message: detail.message || "The server did not take this.",
            fields: detail.fields || {}, method: op.method, path: op.path },
        }));
      }
    }
    return outcome;
  });
}
