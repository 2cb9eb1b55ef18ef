// History (#/history): every entry, newest first, a month at a time. What the phone holds opens offline, through
// the kind and date index (a month is one range read); "Show older" goes back a month, reading the timeline's next
// page from the server only when the phone does not hold that month whole (history-pages.js). Each entry is
// corrected or deleted here as on Today (entryItem).
import { ApiError, Offline } from "../../../shared/api.ts";
import { localDate, uid } from "../session.js";
import { newestDayBefore, recordsBetween } from "../store.js";
import { h } from "../ui.js";
import { entryItem, entryMoment } from "./entries.js";
import { HISTORY_KINDS, keepWithinBound, monthHeld, pagesState, readOlderPage, refreshNewest }
  from "./history-pages.js";
import { present, thenRedraw } from "./kit.js";

const MONTH = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const oldestShown = new Map(); // uid → the oldest month on show (YYYY-MM): a redraw keeps what was opened
const openedWhole = new Set(); // "uid month": months whose every entry is drawn ("Show all …")
const FIRST_OF_A_MONTH = 60; // entries drawn at first in a month (a heavy month has hundreds)
let saying = ""; // what the last "Show older" has to say (offline, the end), shown under the list

export const monthName = (month) => MONTH.format(new Date(`${month}-15T12:00:00Z`));
const monthOf = (day) => day.slice(0, 7);

// `items` (in the order they are to be shown) as a Map from month (YYYY-MM) to that month's items.
export function byMonth(items, dayOf) {
  const months = new Map();
  for (const item of items) {
    const month = monthOf(dayOf(item));
    if (!months.has(month)) months.set(month, []);
    months.get(month).push(item);
  }
  return months;
}

export async function showHistory(_query, _rest, { redraw = false } = {}) {
  performance.mark("history-start");
  const who = uid();
  const opening = !redraw || !oldestShown.has(who);
  if (opening) { // the month of today first; when it has nothing yet, the newest month that has something
    oldestShown.set(who, monthOf(localDate()));
    saying = "";
  }
  let read = await monthsFrom(who, oldestShown.get(who));
  if (opening && read.records.length === 0 && read.older) {
    oldestShown.set(who, monthOf(read.older));
    read = await monthsFrom(who, oldestShown.get(who));
  }
  const oldest = oldestShown.get(who);
  const { records, state, older } = read;
  const moments = new Map(records.map((record) => [record, entryMoment(record)]));
  const newestFirst = (a, b) => (moments.get(a) < moments.get(b) ? 1 : moments.get(a) > moments.get(b) ? -1 : 0);
  const months = byMonth(records.sort(newestFirst), (record) => record.date);
  const status = h("p", { class: "notice empty", role: "status" }, saying);
  const more = h("button", { type: "button", class: "show-older" }, "Show older");
  more.addEventListener("click", () => showOlder(who, more, status));
  more.hidden = Boolean(state && state.heldAfter === "" && !older);
  present("history", h("h1", {}, "History"),
    h("p", { class: "hint" }, "Everything you logged, newest first. What this phone holds opens without a connection."),
    months.size ? null : h("p", {}, "Nothing here yet. Whatever you log shows up here, month by month."),
    [...months].map(([month, items]) => monthCard(who, month, items,
      month === oldest && state !== null && !monthHeld(state, month))),
    status, more,
    h("p", {}, h("button", { type: "button", class: "link-button", onclick: () => thenRedraw(refreshNewest({ force: true })) },
      "Look for entries from your other devices")),
    h("p", {}, h("a", { href: "#/went-well" }, "What went well, gathered")));
  performance.measure("history-open", "history-start");
  if (!redraw) {
    // What this phone logged is on it already: the newest page is read by itself only while the phone holds none
    // (Today reads it once a sign-in), so opening History every day costs the month's budget nothing.
    if (!state) thenRedraw(refreshNewest());
    keepWithinBound(who).catch((error) => console.warn(error));
  }
}

// A month's entries, newest first: the first FIRST_OF_A_MONTH, and "Show all" for the rest (from the phone).
function monthCard(who, month, items, partial) {
  const whole = openedWhole.has(`${who} ${month}`) || items.length <= FIRST_OF_A_MONTH;
  const list = h("ul", { class: "entries history-entries" },
    (whole ? items : items.slice(0, FIRST_OF_A_MONTH)).map((record) => entryItem(record, { withDay: true })));
  const rest = whole ? null : h("button", {
    type: "button", class: "link-button",
    onclick: () => {
      openedWhole.add(`${who} ${month}`);
      const first = items[FIRST_OF_A_MONTH];
      list.append(...items.slice(FIRST_OF_A_MONTH).map((record) => entryItem(record, { withDay: true })));
      rest.remove();
      list.querySelector(`li[data-id="${CSS.escape(first.id)}"] a`)?.focus();
    },
  }, `Show all ${items.length} entries of ${monthName(month)}`);
  return h("section", { class: "card", "aria-labelledby": `month-${month}` },
    h("h2", { id: `month-${month}`, tabindex: -1 }, monthName(month)),
    partial ? h("p", { class: "hint" }, "Older entries of this month are read when you tap Show older.") : null,
    list, rest);
}

// The records from `month` on, where the pages stand, and the newest day held before `month`: read at once.
async function monthsFrom(who, month) {
  const [records, state, older] = await Promise.all([recordsBetween(who, HISTORY_KINDS, `${month}-01`),
    pagesState(who), newestDayBefore(who, HISTORY_KINDS, `${month}-01`)]);
  return { records, state, older };
}

// Goes back to the next older month with entries: from the phone when it holds that month whole, otherwise after
// reading the next page(s) from the server, each once.
async function showOlder(who, button, status) {
  button.disabled = true;
  status.textContent = "Loading…";
  saying = "";
  const before = `${oldestShown.get(who)}-01`;
  try {
    for (;;) {
      const state = await pagesState(who);
      const day = await newestDayBefore(who, HISTORY_KINDS, before);
      const whole = monthHeld(state, oldestShown.get(who)) && day && monthHeld(state, monthOf(day));
      if (whole || (state && state.heldAfter === "")) {
        if (day) oldestShown.set(who, monthOf(day));
        else saying = "That is everything you have logged.";
        break;
      }
      if (!navigator.onLine) {
        if (day) oldestShown.set(who, monthOf(day));
        saying = "Older entries need a connection. They load when you are back online.";
        break;
      }
      await readOlderPage(who);
    }
  } catch (error) {
    if (error instanceof Offline) saying = "Older entries need a connection. They load when you are back online.";
    else if (error instanceof ApiError) saying = error.message;
    else throw error;
  } finally {
    button.disabled = false;
  }
  await showHistory(null, [], { redraw: true });
  const heading = document.getElementById(`month-${oldestShown.get(who)}`);
  if (heading && !saying) heading.focus();
  else document.querySelector("#main .show-older:not([hidden])")?.focus();
}
