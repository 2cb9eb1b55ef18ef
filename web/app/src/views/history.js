// History (#/history): every entry, newest first, a month at a time. What the phone holds opens offline, through
// the kind and date index (a month is one range read); "Show older" goes back a month, reading the timeline's next
// page from the server only when the phone does not hold that month whole (history-pages.js). Each entry is
// corrected or deleted here as on Today (entryItem).
import { ApiError, Offline } from "../../../shared/api.ts";
import { uid } from "../session.js";
import { newestDayBefore, recordsBetween } from "../store.js";
import { h } from "../ui.js";
import { entryItem, entryMoment } from "./entries.js";
import { HISTORY_KINDS, keepWithinBound, monthHeld, pagesState, readOlderPage, refreshNewest } from "./history-pages.js";
import { present, thenRedraw } from "./kit.js";

const MONTH = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const oldestShown = new Map(); // uid → the oldest month on show (YYYY-MM): a redraw keeps what was opened
let saying = ""; // what the last "Show older" has to say (offline, the end), shown under the list

export const monthName = (month) => MONTH.format(new Date(`${month}-15T12:00:00Z`));
const monthOf = (day) => day.slice(0, 7);

export async function showHistory(_query, _rest, { redraw = false } = {}) {
  performance.mark("history-start");
  const who = uid();
  if (!redraw || !oldestShown.has(who)) {
    const newest = await newestDayBefore(who, HISTORY_KINDS, "\uffff");
    oldestShown.set(who, newest ? monthOf(newest) : monthOf(new Date().toISOString()));
    saying = "";
  }
  const oldest = oldestShown.get(who);
  const [records, state] = await Promise.all([recordsBetween(who, HISTORY_KINDS, `${oldest}-01`),
    pagesState(who)]);
  const months = new Map();
  for (const record of records.sort((a, b) => entryMoment(b).localeCompare(entryMoment(a)))) {
    const month = monthOf(record.date);
    if (!months.has(month)) months.set(month, []);
    months.get(month).push(record);
  }
  const status = h("p", { class: "notice empty", role: "status" }, saying);
  const more = h("button", { type: "button", class: "show-older" }, "Show older");
  more.addEventListener("click", () => showOlder(who, more, status));
  more.hidden = state && state.heldAfter === "" && !(await newestDayBefore(who, HISTORY_KINDS, `${oldest}-01`));
  present("history", h("h1", {}, "History"),
    h("p", { class: "hint" }, "Everything you logged, newest first. What this phone holds opens without a connection."),
    months.size ? null : h("p", {}, "Nothing here yet. Whatever you log shows up here, month by month."),
    [...months].map(([month, items]) => h("section", { class: "card", "aria-labelledby": `month-${month}` },
      h("h2", { id: `month-${month}`, tabindex: -1 }, monthName(month)),
      month !== oldest || monthHeld(state, month) || state === null ? null
        : h("p", { class: "hint" }, "Older entries of this month are read when you tap Show older."),
      h("ul", { class: "entries" }, items.map((record) => entryItem(record, { withDay: true }))))),
    status, more,
    h("p", {}, h("a", { href: "#/went-well" }, "What went well, gathered")));
  performance.measure("history-open", "history-start");
  if (!redraw) {
    thenRedraw(refreshNewest());
    keepWithinBound(who).catch((error) => console.warn(error));
  }
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
