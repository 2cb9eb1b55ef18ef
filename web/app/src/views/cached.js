// What the progress, inbox, help and "You" screens share: answers read through the phone's copy (fresh when a
// screen opens, the last copy offline), "Last updated …", dates and times, and "Show older".
import { ApiError, Offline } from "../../../shared/api.ts";
import { readCacheEntry, writeCache } from "../db.js";
import { handleError } from "../shell.js";
import { uid } from "../session.js";
import { onSyncStatus, sendNow } from "../sync.js";
import { h } from "../ui.js";

export const FRESH_FOR_MS = 60_000;
export const PUBLIC = "__public__"; // the cache's owner for what is not anyone's (help); no uid looks like it

// When this phone's own changes last reached the server: a copy read before that may be out of date.
let lastUploadAt = 0;
let lastState = "idle";
const afterUpload = new Set();

onSyncStatus((status) => {
  if (status.state === "synced" && (lastState === "syncing" || lastState === "slow")) {
    lastUploadAt = Date.now();
    for (const listener of [...afterUpload]) listener();
  }
  lastState = status.state;
});

// Calls `refresh` after each upload while `node` is on screen (then forgets it): the screen catches up with
// what was just sent (a new check-in counted, a win earned) with one read per upload, not one per redraw.
export function refreshAfterUpload(node, refresh) {
  const listener = () => {
    afterUpload.delete(listener);
    if (node.isConnected) Promise.resolve().then(refresh).catch(handleError);
  };
  afterUpload.add(listener);
}

// `read()` through the cache under `name`: the copy is used when it is under `maxAgeMs` old (or `reuse`) and nothing
// was uploaded since; otherwise read again (and kept). Offline, the last copy; none → Offline. The summary keeps
// the minute; what others change (the inbox, the access trail, links) passes 0 and is read each time it opens.
// `ownChanges: false` reads what the phone's own changes never alter (a therapist's next-session date): nothing
// queued is sent for it, and an upload leaves the copy current. Answers {data, at, offline}.
export async function readThrough(name, read, { reuse = false, owner = uid(), maxAgeMs = FRESH_FOR_MS,
  ownChanges = true } = {}) {
  // Changes waiting to be gathered into a batch go now: this screen shows what the server makes of them.
  if (ownChanges && lastState === "queued") sendNow();
  const cached = await readCacheEntry(owner, name);
  const current = cached && (!ownChanges || cached.at > lastUploadAt);
  if (current && (reuse || Date.now() - cached.at < maxAgeMs)) return { ...cached, offline: !navigator.onLine };
  try {
    const data = await read();
    await writeCache(owner, name, data);
    return { data, at: Date.now(), offline: false };
  } catch (error) {
    if (error instanceof Offline && cached) return { ...cached, offline: true };
    throw error;
  }
}

const WHEN = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" });

export function whenText(instant) {
  return WHEN.format(new Date(instant));
}

export function dateText(instant) {
  return DATE.format(new Date(instant));
}

// A redraw (data changed on this phone) leaves these screens as they are: what they show comes from the server,
// and a form half filled in or a download under way must not be wiped. True when `name` is on screen. A screen
// asks as a redraw begins; most ask again right before they draw, since a redraw that began while the screen was
// first being drawn may end after it is on show (and after a code was typed into it). Progress, with nothing to
// type into, does not ask again: such a redraw may hold the read after an upload the first draw missed.
export function alreadyShown(name) {
  return Boolean(document.querySelector(`#main h1[data-screen="${name}"]`));
}

export function screenHeading(name, text) {
  return h("h1", { "data-screen": name }, text);
}

export function lastUpdated(result) {
  return h("p", { class: "hint last-updated" },
    `Last updated ${whenText(result.at)}`,
    result.offline ? " · you are offline, so this is the copy kept on this phone" : "");
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

// A list that grows by pages: `readPage(cursor)` answers {items, next_cursor}; `item(x)` draws one.
// The button "Show older" appears while there is more; a failure is said next to it.
export function pagedList(list, firstCursor, readPage, item, { label = "Show older" } = {}) {
  const status = h("p", { class: "notice empty", role: "status" });
  const more = h("button", { type: "button", class: "show-older", hidden: !firstCursor }, label);
  let cursor = firstCursor;
  more.addEventListener("click", async () => {
    more.disabled = true;
    status.textContent = "Loading…";
    try {
      const page = await readPage(cursor);
      for (const entry of page.items) list.append(item(entry));
      cursor = page.next_cursor;
      status.textContent = "";
      more.hidden = !cursor;
    } catch (error) {
      if (error instanceof Offline) status.textContent = "Older ones need a connection. Try again when you are back online.";
      else if (error instanceof ApiError) status.textContent = error.message;
      else await handleError(error);
    } finally {
      more.disabled = false;
    }
  });
  return h("div", { class: "paged" }, status, more);
}
