// Your progress: what was done in the last 4 weeks first, then check-ins and habits framed kindly (a missed day is
// never a failure), this week beside the weeks before, then the micro-wins. Read when the screen opens, never on each redraw (Firestore reads are budgeted),
// and kept on the phone for offline.
import { readSummary, readWins } from "../../../shared/api.ts";
import { focusHeading, h, longDay, show } from "../ui.js";
import { alreadyShown, lastUpdated, pagedList, plural, readThrough, refreshAfterUpload, screenHeading } from "./cached.js";

export async function showProgress(_params, _rest, { redraw = false, refreshed = false } = {}) {
  if (redraw && alreadyShown("progress")) return;
  // No second look before drawing, unlike the screens with a form: a redraw that began before the first draw may
  // hold the read after an upload that the first one missed, and nothing typed here can be lost.
  const [summary, wins] = await Promise.all([readThrough("summary", readSummary), readThrough("wins", () => readWins())]);
  const heading = screenHeading("progress", "Your progress");
  show(heading, lastUpdated(summary), lookBackCard(),
    doneCard(summary.data, wins.data), checkInCard(summary.data), habitCard(summary.data), weekCard(summary.data),
    winsCard(wins.data));
  refreshAfterUpload(heading, () => showProgress(null, [], { refreshed: true }));
  if (!refreshed) focusHeading();
}

// Where the client looks back from here: one link a line.
const LOOK_BACK = [
  ["#/history", "History: all your entries"],
  ["#/went-well", "What went well, gathered"],
  ["#/helps", "What helps you, and your mood over time"],
];

function lookBackCard() {
  return h("nav", { class: "card look-back", "aria-label": "Look back" },
    h("ul", {}, LOOK_BACK.map(([href, text]) => h("li", {}, h("a", { href }, text)))));
}

function stat(name, label, value, note = "") {
  return h("div", {},
    h("dt", {}, label),
    h("dd", { "data-field": name }, value),
    note ? h("dd", { class: "stat-note" }, note) : null);
}

// The summary counts the 28 days ending today (not the calendar month): each figure is named for exactly that.
const FOUR_WEEKS = 28;

function daysBefore(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

// Wins in the last 4 weeks from the first page of wins (newest first): when that whole page is inside the 4 weeks
// and more pages follow, it is "N or more", never a guess.
function winsLately(page, asOf) {
  const first = daysBefore(asOf, FOUR_WEEKS - 1);
  const count = page.items.filter((win) => win.occurred_on >= first && win.occurred_on <= asOf).length;
  return count === page.items.length && page.next_cursor ? `${count} or more` : String(count);
}

function doneCard(summary, wins) {
  const month = summary.counts.last_28_days;
  return h("section", { class: "card", "aria-labelledby": "done-heading" },
    h("h2", { id: "done-heading" }, "What you did in the last 4 weeks"),
    h("dl", { class: "stats" },
      stat("checkin-days-28", "Days with a check-in", String(month.checkin)),
      stat("breathing-28", "Breathing practices", String(month.breathing)),
      stat("moods-28", "Mood entries", String(month.mood)),
      stat("wins-28", "Wins", winsLately(wins, summary.as_of)),
      stat("steps-week", "Micro-steps done this week", String(summary.steps_done_this_week)),
      summary.experiments.done ? stat("experiments", "Strength experiments done, so far",
        String(summary.experiments.done)) : null));
}

function streakWords(days) {
  if (days === 0) return "Every check-in counts; start again whenever you like";
  if (days === 1) return "1 day so far: a fresh start";
  return `${days} days in a row`;
}

function checkInCard(summary) {
  const { current, longest } = summary.checkin_streak;
  const week = summary.counts.last_7_days.checkin;
  const longestText = longest > current && longest > 1 ? `Your longest run so far: ${longest} days.`
    : current > 1 ? "Your longest run yet." : "";
  return h("section", { class: "card", "aria-labelledby": "streak-heading" },
    h("h2", { id: "streak-heading" }, "Check-ins"),
    h("p", { "data-field": "streak" }, streakWords(current)),
    longestText ? h("p", {}, longestText) : null,
    h("p", { "data-field": "checkins-week" }, `${plural(week, "check-in")} in the last 7 days.`),
    summary.away_today ? h("p", { class: "notice" }, "You marked today as away. Rest counts too.") : null);
}

// Habit strength (0-1, how settled a habit is) as words first, the number second.
function strengthWords(value) {
  if (value < 0.15) return "Just starting";
  if (value < 0.4) return "Taking root";
  if (value < 0.7) return "Growing steadily";
  return "Well rooted";
}

function strength(value) {
  return `${strengthWords(value)} (${Math.round(value * 100)}%)`;
}

function habitCard(summary) {
  const habits = summary.habit_strength;
  return h("section", { class: "card", "aria-labelledby": "habits-heading" },
    h("h2", { id: "habits-heading" }, "Habits taking root"),
    h("p", { class: "hint" }, "How settled each habit is: it grows with each practice, and a quiet day barely moves it."),
    h("dl", { class: "stats" },
      stat("habit-checkins", "Daily check-ins", strength(habits.checkins)),
      stat("habit-breathing", "Breathing practice", strength(habits.breathing))));
}

function sessions(week) {
  if (week.sessions === 0) return "None yet";
  return `${plural(week.sessions, "session")} · ${Math.round(week.minutes)} min`;
}

function weekCard(summary) {
  const week = summary.counts.last_7_days;
  const month = summary.counts.last_28_days;
  const breathing = summary.breathing;
  const mood = summary.mood;
  const usual = (count) => `${count} in the last 4 weeks`;
  const [now, before] = [breathing.this_week, breathing.last_week];
  const breathingNote = now.sessions > before.sessions ? `Up from ${plural(before.sessions, "session")} last week`
    : before.sessions ? `Last week: ${sessions(before)}` : "";
  const drop = breathing.avg_stress_drop_last_5;
  const experiments = summary.experiments;
  return h("section", { class: "card", "aria-labelledby": "week-heading" },
    h("h2", { id: "week-heading" }, "This week"),
    h("dl", { class: "stats" },
      stat("checkins-7", "Check-ins, last 7 days", String(week.checkin), usual(month.checkin)),
      stat("moods-7", "Mood entries, last 7 days", String(week.mood), usual(month.mood)),
      stat("breathing-week", "Breathing this week", sessions(breathing.this_week), breathingNote),
      mood.mean_7_days !== null ? stat("mood-mean", "Average mood, last 7 days", mood.mean_7_days.toFixed(1),
        mood.baseline_28_days !== null ? `Your 4-week average: ${mood.baseline_28_days.toFixed(1)}` : "") : null,
      drop !== null && drop > 0 ? stat("stress-drop", "Stress eased by breathing",
        `${drop.toFixed(1)} points`, "On average, over your last 5 practices") : null,
      experiments.planned > 0 ? stat("experiments-planned", "Strength experiments planned",
        String(experiments.planned)) : null));
}

function winItem(win) {
  return h("li", { class: "win", "data-id": win.id },
    h("p", { class: "win-message" }, win.message),
    h("p", { class: "hint" }, longDay(win.occurred_on)));
}

function winsCard(page) {
  const list = h("ul", { class: "wins" }, page.items.map(winItem));
  return h("section", { class: "card", "aria-labelledby": "wins-heading" },
    h("h2", { id: "wins-heading" }, "Your wins"),
    page.items.length ? list
      : h("p", {}, "Your wins gather here as you go: a first check-in, a few days in a row, a calmer breath."),
    pagedList(list, page.next_cursor, readWins, winItem));
}
