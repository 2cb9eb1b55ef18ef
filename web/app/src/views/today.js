// Today: the check-in first (a mood tap and Save: two taps from opening), then what was logged recently.
import { Offline, paths, readLinks } from "../../../shared/api.ts";
import { readCache, writeCache } from "../db.js";
import { formSaved, keepDraft } from "../drafts.js";
import { newId, session, today, uid } from "../session.js";
import { listRecords, recordsBetween, saveRecord } from "../store.js";
import { field, focusHeading, h, linkButton, longDay, notice, scale, scaleValue, show, showFieldErrors,
  syncBadge } from "../ui.js";
import { handleError } from "../shell.js";
import { readThrough } from "./cached.js";
import { entryItem, recentEntries } from "./entries.js";
import { pagesState, refreshNewest } from "./history-pages.js";
import { forgetSent, questionnaireCards } from "./questionnaire.js";

const WEEKDAY = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "UTC" });
const FAR_DAY = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });

// "Next session: Thursday", in the client's own local dates; null when no shown date lies ahead.
export function nextSessionText(dates, day) {
  const ahead = dates.filter((d) => d && d >= day).sort();
  if (!ahead.length) return null;
  const next = new Date(`${ahead[0]}T12:00:00Z`);
  const days = Math.round((next - new Date(`${day}T12:00:00Z`)) / 86400000);
  if (days === 0) return "Next session: today";
  if (days === 1) return "Next session: tomorrow";
  return `Next session: ${(days < 7 ? WEEKDAY : FAR_DAY).format(next)}`;
}

// Fills `node` from the links (the phone's copy offline): the therapist chose whether to show the date.
async function fillNextSession(node, day) {
  try {
    // A date changes rarely, and never by what the phone sends: the copy serves six hours, whatever is queued.
    const links = await readThrough("links", readLinks, { maxAgeMs: 6 * 3600_000, ownChanges: false });
    const text = nextSessionText(links.data.items.map((link) => link.next_session), day);
    node.textContent = text || "";
    node.hidden = !text;
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
  }
}

const RECENT_SHOWN = 30; // of the last week, newest first, after anything that needs a look

async function checkInOn(day) {
  const records = await recordsBetween(uid(), ["checkin"], day, day);
  return records.find((record) => record.data.local_date === day && !(record.error && record.error.status === 409))
    || null;
}

// The check-in form: mood is the one required answer; energy, sleep and "what went well" are one tap away.
function checkInForm(record, { day, onSaved, compact }) {
  const data = record ? record.data : {};
  const status = h("p", { class: "notice empty", role: "status", id: "checkin-status" });
  const sleep = h("input", { type: "number", name: "sleep_hours", min: 0, max: 24, step: 0.5, inputmode: "decimal",
    value: data.sleep_hours ?? "" });
  const wentWell = h("textarea", { name: "went_well", maxlength: 500, rows: 2 }, data.went_well || "");
  const note = h("textarea", { name: "note", maxlength: 2000, rows: 3 }, data.note || "");
  const date = h("input", { type: "date", name: "local_date", value: data.local_date || day, max: today(),
    required: true });
  const more = [
    scale("energy", "Energy (optional)", { value: data.energy ?? null, low: "Drained", high: "Full of energy" }),
    field("sleep_hours", "Hours of sleep (optional)", sleep),
    field("went_well", "What went well? (optional)", wentWell),
    field("note", "Anything else (optional)", note),
  ];
  const form = h("form", {
    class: "card checkin-form", "aria-labelledby": "checkin-heading", novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const mood = scaleValue(form, "mood");
      if (mood === null) {
        status.textContent = "Pick a number for your mood first: any number is fine.";
        form.querySelector('input[name="mood"]').focus();
        return;
      }
      const sleepHours = sleep.value === "" ? null : Number(sleep.value);
      const body = {
        local_date: date.value || day, mood, energy: scaleValue(form, "energy"), sleep_hours: sleepHours,
        went_well: wentWell.value.trim() || null, note: note.value.trim() || null,
      };
      const id = record ? record.id : newId();
      performance.mark("checkin-save-start");
      await saveRecord(uid(), { kind: "checkin", path: paths.checkin(id), body });
      performance.mark("checkin-stored"); // app time to a stored check-in is measured from these marks
      await formSaved(form);
      status.textContent = "Saved on this phone.";
      if (onSaved) onSaved();
    },
  },
  h("h2", { id: "checkin-heading" }, record ? "Your check-in" : "How are you today?"),
  scale("mood", "Mood, from 0 (very low) to 10 (very good)", { value: data.mood ?? null, low: "Very low",
    high: "Very good" }),
  compact ? h("details", {}, h("summary", {}, "Add energy, sleep or what went well"), more)
    : [field("local_date", "Day", date), more],
  status,
  h("button", { type: "submit", class: "primary" }, record ? "Save changes" : "Save check-in"));
  if (record && record.error && record.error.status !== 409) showFieldErrors(form, record.error, status);
  keepDraft(form, record ? `checkin ${record.id}` : "checkin new");
  return form;
}

export async function showToday() {
  performance.mark("today-start");
  const day = today();
  let records = await recentEntries();
  // A phone that holds nothing for this client (a new phone, or after clearing it) shows the latest entries from
  // the server: the timeline's newest page, once per sign-in (sign-out forgets it); History goes on from there.
  if (navigator.onLine && !(await readCache(uid(), "filled"))) {
    const read = await refreshNewest();
    if (read || (await pagesState(uid()))) await writeCache(uid(), "filled", true);
    if (read) records = await recentEntries();
  }
  const todays = await checkInOn(day);
  const name = session().profile ? session().profile.display_name : "";
  forgetSent();
  const questionnaires = await questionnaireCards();
  const checkIn = todays
    ? h("section", { class: "card done-card", "aria-labelledby": "today-checkin" },
      h("h2", { id: "today-checkin" }, "Checked in today"),
      h("p", { class: "big" }, `Mood ${todays.data.mood}`, " ", syncBadge(todays)),
      todays.data.mood <= 1 ? h("p", { class: "notice" }, "Thank you for checking in on a hard day. If you need someone "
        + "right now, ", h("a", { href: "#/help" }, "help is here"), ".") : null,
      h("p", {}, h("a", { href: `#/checkin/${encodeURIComponent(todays.id)}` }, "Change today's check-in")))
    : checkInForm(null, { day, compact: true, onSaved: () => showToday() }); // focus stays in the form: no redraw
  const nextSession = h("p", { class: "next-session", id: "next-session", hidden: true });
  show(
    h("h1", {}, name ? `Hello, ${name}` : "Today"),
    h("p", { class: "subtle" }, longDay(day)),
    nextSession,
    checkIn,
    questionnaires,
    h("section", { class: "quick", "aria-label": "Quick actions" },
      linkButton("#/mood", "Log a mood"),
      linkButton("#/breathing", "Breathe"),
      linkButton("#/practice", "Steps and experiments"),
      linkButton("#/agenda", "For next session")),
    h("section", { class: "card", "aria-labelledby": "recent-heading" },
      h("h2", { id: "recent-heading" }, "Recently"),
      records.length
        ? h("ul", { class: "entries" }, records.slice(0, RECENT_SHOWN).map((record) => entryItem(record)))
        : h("p", {}, "Nothing here yet. Whatever you log shows up here, even without a connection."),
      h("p", {}, h("a", { href: "#/history" }, "All your entries"))));
  if (!todays && performance.getEntriesByName("checkin-ready").length === 0) performance.mark("checkin-ready");
  performance.measure("today-open", "today-start");
  fillNextSession(nextSession, day).catch(handleError); // after the check-in is ready: never in its way
}

// #/checkin/ID corrects a check-in; #/checkin makes one for any day up to today (a missed day can be filled in).
export async function showCheckIn(_params, [id] = []) {
  const records = await listRecords(uid(), "checkin");
  const record = id ? records.find((item) => item.id === id) : null;
  if (id && !record) {
    show(h("h1", {}, "Check-in"), notice("That check-in is not on this phone any more."),
      h("p", {}, h("a", { href: "#/" }, "Back to today")));
    return;
  }
  show(h("h1", {}, record ? "Change a check-in" : "Check in"),
    checkInForm(record, { day: today(), compact: false, onSaved: () => { location.hash = "#/"; } }));
  focusHeading();
}
