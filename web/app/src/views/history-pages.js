// What of the timeline (GET /v1/timeline, newest first, paged by cursor) this phone holds, for History, Today and
// "What went well". Each older page is read once: the phone keeps what it read (in the records store) and where
// to go on from (`history-pages` in the cache); only the newest page is read again, when the client looks for
// entries from their other devices.
// The store is bounded: of each kind of entry the phone keeps the newest KEEP_PER_KIND; older days are let go
// (never anything not yet on the server), and the place to read from again moves up to them.
import { paths, readTimeline, readTimelineUpTo } from "../../../shared/api.ts";
import { readCache, writeCache } from "../db.js";
import { letGoOfOldest, mergeFromServer } from "../store.js";
import { refreshList } from "./kit.js";

export const HISTORY_KINDS = ["checkin", "mood", "breathing"];
const MERGED_KINDS = [...HISTORY_KINDS, "experiment"]; // experiments too: "What went well" gathers what was learned
export const KEEP_PER_KIND = 2000;
const STATE = "history-pages";

// {next: the cursor of the next older page, or null; upTo: the day to read back from instead (after letting go),
// or null; heldAfter: every entry dated after this day is on the phone ("" = all of them); newest: the newest
// page's newest day}; null before any page was read.
export async function pagesState(who) {
  return (await readCache(who, STATE)) || null;
}

const newestDay = (page) => (page.items.length ? page.items[0].local_date : "");
const oldestDay = (page) => (page.items.length ? page.items[page.items.length - 1].local_date : "");

async function mergePage(who, page, readAt) {
  const items = page.items.filter((item) => MERGED_KINDS.includes(item.kind));
  await mergeFromServer(who, items.map((item) => ({ kind: item.kind, path: paths[item.kind](item.id), data: item })),
    readAt);
}

const afterPage = (page) => ({ next: page.next_cursor || null, upTo: null,
  heldAfter: page.next_cursor ? oldestDay(page) : "" });

// The newest page, at most once a minute (refreshList). Its reading starts the pages when none were read yet, or
// again when it does not reach back to the last one read (more arrived meanwhile than a page holds, from another
// phone): the older pages are then read again as the client browses back. Resolves true when it was read.
export function refreshNewest({ force = false } = {}) {
  let page = null;
  return refreshList("timeline", async () => { page = await readTimeline(); return page; },
    async (who, _items, readAt) => {
      await mergePage(who, page, readAt);
      const state = await pagesState(who);
      const apart = state && page.next_cursor && oldestDay(page) > state.newest;
      await writeCache(who, STATE, { ...(!state || apart ? afterPage(page) : state), newest: newestDay(page) });
    }, { force });
}

// Reads the next older page (or the newest, when none was read), merges it and keeps the bound. False when the
// phone already holds everything.
export async function readOlderPage(who) {
  const state = await pagesState(who);
  if (state && state.heldAfter === "") return false;
  const readAt = Date.now();
  const page = !state ? await readTimeline()
    : state.next ? await readTimeline(state.next) : await readTimelineUpTo(state.upTo);
  await mergePage(who, page, readAt);
  await writeCache(who, STATE, { newest: newestDay(page), ...state, ...afterPage(page) });
  await keepWithinBound(who);
  return true;
}

// Lets go of the oldest days past the bound; History then reads them again from the server if browsed back to.
export async function keepWithinBound(who) {
  const lastDay = await letGoOfOldest(who, HISTORY_KINDS, KEEP_PER_KIND);
  const state = await pagesState(who);
  if (!lastDay || !state || (state.heldAfter !== "" && state.heldAfter >= lastDay)) return;
  await writeCache(who, STATE, { ...state, next: null, upTo: lastDay, heldAfter: lastDay });
}

// True when every entry of `month` (YYYY-MM) that the server has is on the phone.
export function monthHeld(state, month) {
  return Boolean(state) && state.heldAfter < `${month}-01`;
}
