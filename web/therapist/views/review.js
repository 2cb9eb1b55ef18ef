// One client's review: what happened in a window (by default since the last held session).
// One module, over 300 lines, because its sections (figures, moments, wins, entries, sessions) are one screen
// that shares one window and one redraw; a section moves out when it gains a route of its own.
import {
  ApiError, acknowledgeMoment, markWinReviewed, readClientEntries, readReview, readSessions,
} from "../../shared/api.ts";
import { append, focusHeading, h, show, table } from "../../shared/dom.js";
import { addDays, dayText, number, parseDay, percent, plural, shortDay } from "../format.js";
import { endedSession } from "../session.js";
import { measureChart, moodChart } from "./charts.js";
import { goalsSection } from "./goals.js";
import { agendaSection, nextSessionSection, reflectionSection, reframes, sessionsSection } from "./rhythm.js";
import { loadSuggestions, suggestionsSection } from "./suggestions.js";

const STATUS_WORDS = { planned: "Planned", done: "Done", lapsed: "No outcome noted yet" };

export async function showReview(cid, params) {
  const query = new URLSearchParams();
  for (const key of ["since", "until"]) if (params.get(key)) query.set(key, params.get(key));
  let review;
  let sessions;
  try {
    [review, { items: sessions }] = await Promise.all([
      readReview(cid, query),
      readSessions(cid),
    ]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return notAvailable();
    if (error instanceof ApiError && error.status === 400) return badWindow(cid, error);
    throw error;
  }
  render(cid, review, sessions, query.size > 0);
  loadSuggestions(cid);
  requestAnimationFrame(() => performance.mark("review-painted"));
  if (review.share_notes) loadNotes(cid, review);
}

function notAvailable() {
  show(
    h("h1", {}, "This review is not available"),
    h("p", { class: "notice" },
      "There is no linked client at this address. The client may have ended the link, or the address may be incomplete."),
    h("p", {}, h("a", { href: "#/" }, "Back to your clients")),
  );
  focusHeading();
}

function badWindow(cid, error) {
  show(
    h("h1", {}, "Those dates do not work"),
    h("p", { role: "alert" }, error.message),
    h("p", {}, h("a", { href: `#/clients/${encodeURIComponent(cid)}` }, "Show the time since the last session")),
  );
  focusHeading();
}

function render(cid, review, sessions, customWindow) {
  const name = review.display_name || "This client";
  const windowText = customWindow
    ? `${dayText(review.since)} to ${dayText(review.until)}`
    : review.since_session
      ? `Since the last session on ${dayText(review.since_session)}, to ${dayText(review.until)}`
      : `The last ${plural(review.counts.days, "day")} (no held session recorded yet), to ${dayText(review.until)}`;
  const moodSection = h("section", { class: "card wide", "aria-labelledby": "mood-title" });
  const suggestions = suggestionsSection(cid, name);
  const measureSections = (review.measures || []).map((trend) => h("section", {
    class: "card wide measure", id: `measure-${trend.measure}`, "aria-labelledby": `measure-${trend.measure}-title` }));
  show(
    h("p", { class: "crumbs" }, h("a", { href: "#/" }, "← All clients")),
    h("h1", {}, `${name}: review`),
    h("p", { class: "window", id: "window-text" }, windowText),
    windowForm(cid, review),
    agendaSection(review, name),
    moments(cid, review, name),
    glance(review),
    measureSections,
    moodSection,
    calendar(review),
    breathing(review),
    experiments(review, name),
    goalsSection(cid, review, name, suggestions.offerGoals),
    wins(cid, review, name),
    suggestions.section,
    signals(review),
    notesSection(review, name),
    nextSessionSection(cid, review),
    sessionsSection(cid, sessions),
    reflectionSection(cid, review, sessions),
  );
  mood(moodSection, review, sessions.filter((s) => s.state === "held"));
  (review.measures || []).forEach((trend, index) => measure(measureSections[index], trend, review));
  focusHeading();
}

function windowForm(cid, review) {
  const since = h("input", { type: "date", id: "since", name: "since", value: review.since, required: true });
  const until = h("input", { type: "date", id: "until", name: "until", value: review.until, required: true });
  return h("form", {
    class: "window-form",
    "aria-label": "Time window",
    onsubmit: (event) => {
      event.preventDefault();
      const query = new URLSearchParams({ since: since.value, until: until.value });
      location.hash = `#/clients/${encodeURIComponent(cid)}?${query}`;
    },
  },
  h("label", { for: "since" }, "From"), since,
  h("label", { for: "until" }, "To"), until,
  h("button", { type: "submit" }, "Show"),
  h("a", { href: `#/clients/${encodeURIComponent(cid)}` }, "Since the last session"));
}

function stat(label, value, detail, field) {
  return h("div", { class: "stat" },
    h("dt", {}, label),
    h("dd", {}, h("span", { class: "value", "data-field": field }, value), detail ? h("span", { class: "detail" }, detail) : null));
}

// What was done leads; check-ins as a share of days are a plain figure under the calendar, not the first thing read.
function glance(review) {
  const { counts, mood_vs_baseline: moodNow } = review;
  const breath = counts.breathing;
  const exp = counts.experiments;
  const open = review.wins.filter((w) => !w.reviewed).length;
  return h("section", { class: "card wide", "aria-labelledby": "glance-title" },
    h("h2", { id: "glance-title" }, "At a glance"),
    h("dl", { class: "stats" },
      stat("Micro-steps done", String(counts.steps_done), `${plural(counts.goals_completed, "goal")} completed`, "steps"),
      stat("Breathing", plural(breath.count, "session"),
        breath.avg_stress_drop === null ? `${number(breath.minutes)} minutes` : `stress down ${number(breath.avg_stress_drop, 2)} on average`,
        "breathing"),
      stat("Experiments", `${exp.done} done`, `${exp.planned} planned, ${exp.lapsed} without an outcome yet`, "experiments"),
      stat("Wins to look at", String(open), `${plural(review.wins.length, "win")} in this window`, "wins-open"),
      stat("Mood, last 7 days", number(moodNow.mean_7_days, 2),
        `28-day baseline ${number(moodNow.baseline_28_days, 2)}`, "mood-7")));
}

function mood(section, review, sessions) {
  const byDay = new Map(review.mood_series.map((d) => [d.date, d]));
  const moodNow = review.mood_vs_baseline;
  const logged = review.mood_series.length;
  const sentence = logged
    ? `Mood was logged on ${logged} of ${review.counts.days} days. The mean over the last 7 days is `
      + `${number(moodNow.mean_7_days, 2)} against a 28-day baseline of ${number(moodNow.baseline_28_days, 2)}. `
      + "Days without a mood are left as gaps."
    : "No mood was logged in this window.";
  append(section, [
    h("h2", { id: "mood-title" }, "Mood against their own baseline"),
    h("p", { id: "mood-summary" }, sentence),
    h("p", { class: "legend" },
      h("span", { class: "key key-mood" }), "daily mean (0–10)  ",
      h("span", { class: "key key-band" }), "usual range: 28-day mean ± one standard deviation  ",
      h("span", { class: "key key-session" }), "session"),
  ]);
  const holder = h("div", { class: "chart-holder" });
  section.append(holder);
  if (logged) moodChart(holder, review.days, byDay, sessions.map((s) => s.date), sentence);
  const baseline = (d) => (d.baseline_low === null ? "—" : `${number(d.baseline_low, 1)}–${number(d.baseline_high, 1)}`);
  section.append(h("details", {},
    h("summary", {}, "Mood as a table"),
    table("Daily mood", ["Date", "Mood (mean)", "Entries", "Usual range"],
      review.days.filter((d) => byDay.has(d.date)).map((d) => [
        dayText(d.date), number(byDay.get(d.date).mean, 2), String(byDay.get(d.date).count), baseline(d)]),
      { class: "data" })));
}

const RELIABLE = { improvement: "a reliable improvement", deterioration: "a reliable deterioration",
  none: "not a reliable change" };

// One measure: its scores over the bands, change from the course's first score, the latest answers item by item.
function measure(section, trend, review) {
  const scored = trend.points.filter((p) => p.total !== null);
  const latest = trend.latest;
  const change = trend.change;
  const parts = [];
  if (latest && latest.complete) parts.push(`Latest ${trend.name}: ${latest.total} (${latest.band}) on ${dayText(latest.local_date)}.`);
  else if (latest) parts.push(`The latest ${trend.name} on ${dayText(latest.local_date)} was answered in part, so it has no total.`);
  else parts.push(`No ${trend.name} answered yet.`);
  if (change) {
    parts.push(`Since the first score of ${change.first}: ${change.difference > 0 ? "+" : ""}${change.difference}, `
      + `${RELIABLE[change.reliable]} (${trend.reliable_change} points or more is reliable).`);
  }
  if (change) parts.push(change.latest_case ? `At or above the caseness threshold of ${trend.caseness}.`
    : `Below the caseness threshold of ${trend.caseness}.`);
  if (trend.assignment) parts.push(trend.assignment.due ? "A questionnaire is waiting for the client now."
    : `Asked ${trend.assignment.rhythm.replace("_", " ")}.`);
  const sentence = parts.join(" ");
  append(section, [
    h("h2", { id: `measure-${trend.measure}-title` }, trend.name),
    h("p", { class: "measure-summary" }, sentence),
    h("p", { class: "legend" }, trend.bands.map((b) => `${b.low}–${b.high} ${b.label}`).join(" · "),
      h("br", {}), "Dashed line: caseness. ", h("span", { class: "muted" }, trend.source)),
  ]);
  const holder = h("div", { class: "chart-holder" });
  section.append(holder);
  if (scored.length) measureChart(holder, trend, review.since, review.until, sentence);
  section.append(h("details", {},
    h("summary", {}, `${trend.name} scores as a table`),
    table(`${trend.name} scores`, ["Date", "Score", "Band"],
      trend.points.map((p) => [dayText(p.local_date), p.total === null ? "answered in part" : String(p.total),
        p.band || "—"]), { class: "data" })));
  if (latest) {
    section.append(h("details", {},
      h("summary", {}, `Latest answers, item by item (${dayText(latest.local_date)})`),
      table(`${trend.name} answers on ${dayText(latest.local_date)}`, ["Question", "Answer"],
        latest.items.map((item) => [item.text, item.answer_text || "not answered"]), { class: "data" })));
  }
}

function calendar(review) {
  const days = review.days;
  const first = parseDay(days[0].date);
  const lead = (first.getUTCDay() + 6) % 7;
  const cells = [...Array(lead).fill(null), ...days];
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const { checkins, away_days: away } = review.counts;
  const share = checkins.adherence_percent === null ? "" : ` (${percent(checkins.adherence_percent)})`;
  const cell = (d) => {
    if (!d) return h("td", { class: "cal-empty" });
    const state = d.checked_in ? "checked in" : d.away ? "away" : "no check-in";
    return h("td", { class: d.checked_in ? "cal-in" : d.away ? "cal-away" : "cal-none" },
      h("span", { class: "cal-day" }, String(parseDay(d.date).getUTCDate())),
      h("span", { class: "cal-mark", "aria-hidden": "true" }, d.checked_in ? "✓" : d.away ? "away" : ""),
      h("span", { class: "sr" }, `${shortDay(d.date)}: ${state}`));
  };
  return h("section", { class: "card", "aria-labelledby": "calendar-title" },
    h("h2", { id: "calendar-title" }, "Check-ins"),
    h("p", { id: "checkins-summary" }, "Checked in on ",
      h("span", { "data-field": "checkins" }, `${checkins.count} of ${review.counts.days - away} days`),
      `${share}${away ? `; ${plural(away, "away day")} not counted` : ""}.`),
    h("table", { class: "calendar" },
      h("caption", {}, "Check-in calendar, weeks starting Monday"),
      h("thead", {}, h("tr", {}, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => h("th", { scope: "col" }, d)))),
      h("tbody", {}, weeks.map((week) => h("tr", {}, [...week, ...Array(7 - week.length).fill(null)].map(cell))))),
    h("p", { class: "legend" }, "✓ checked in · away: the client marked this day as away (left out of the count)"));
}

function breathing(review) {
  const weeks = new Map();
  for (const d of review.days) {
    const date = parseDay(d.date);
    const monday = addDays(d.date, -((date.getUTCDay() + 6) % 7));
    const week = weeks.get(monday) || { sessions: 0, drop: 0, rated: 0 };
    week.sessions += d.breathing;
    week.drop += d.stress_drop_sum;
    week.rated += d.stress_drop_count;
    weeks.set(monday, week);
  }
  const most = Math.max(1, ...[...weeks.values()].map((w) => w.sessions));
  const b = review.counts.breathing;
  const sentence = b.count
    ? `${plural(b.count, "breathing session")} (${number(b.minutes)} minutes) in this window.`
      + (b.avg_stress_drop === null ? "" : ` Stress dropped by ${number(b.avg_stress_drop, 2)} points on average over ${plural(b.sessions_with_stress, "rated session")}.`)
    : "No breathing practice in this window.";
  const bar = (count) => {
    const el = h("span", { class: "bar", "aria-hidden": "true" });
    el.style.width = `${Math.round((100 * count) / most)}%`;
    return el;
  };
  return h("section", { class: "card", "aria-labelledby": "breathing-title" },
    h("h2", { id: "breathing-title" }, "Breathing practice"),
    h("p", { id: "breathing-summary" }, sentence),
    table("Breathing sessions per week", ["Week of", "Sessions", "Average stress drop"],
      [...weeks.entries()].map(([monday, w]) => [
        shortDay(monday),
        h("span", { class: "bar-cell" }, bar(w.sessions), h("span", {}, String(w.sessions))),
        w.rated ? number(w.drop / w.rated, 2) : "—"]),
      { class: "data breathing" }));
}

function experiments(review, name) {
  const items = review.experiments;
  return h("section", { class: "card", "aria-labelledby": "experiments-title" },
    h("h2", { id: "experiments-title" }, "Strength experiments"),
    items.length ? h("ul", { class: "plain" }, items.map((e) => h("li", { class: "experiment" },
      h("p", {}, h("strong", {}, strengthName(e.strength)), ` · planned for ${dayText(e.planned_for)} · `,
        h("span", { class: `chip chip-${e.status}` }, STATUS_WORDS[e.status] || e.status),
        e.done_on ? ` on ${dayText(e.done_on)}` : ""),
      ratings(e),
      learned(e, review.share_notes, name))))
      : h("p", {}, "No experiments were planned in this window."));
}

// The client's prediction set beside how it went, for each experiment with an outcome: numbers, no verdict.
function ratings(e) {
  if (e.status !== "done") return null;
  const expected = e.prediction_rating === null || e.prediction_rating === undefined
    ? "No prediction rating" : `Expected ${e.prediction_rating}/10`;
  return h("p", { class: "expected-went" }, `${expected} · went ${e.outcome_rating}/10`);
}

function learned(e, shared, name) {
  if (e.status !== "done") return null;
  if (shared) {
    return e.learned ? h("p", { class: "quote" }, "Learned: ", h("q", {}, e.learned)) : h("p", {}, "Nothing noted as learned.");
  }
  return h("p", { class: "muted" }, e.learned_something
    ? `${name} noted something they learned; they have not chosen to share notes with you.`
    : "Nothing noted as learned.");
}

function strengthName(strength) {
  if (strength.startsWith("custom:")) return `“${strength.slice(7).trim()}”`;
  const words = strength.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function wins(cid, review, name) {
  const items = review.wins;
  return h("section", { class: "card", "aria-labelledby": "wins-title" },
    h("h2", { id: "wins-title" }, "Micro-wins"),
    items.length ? h("ul", { class: "plain wins" }, items.map((w) => h("li", { "data-win": w.id },
      h("p", {}, w.message),
      h("p", { class: "muted" }, dayText(w.occurred_on)),
      reviewControl(cid, w, name))))
      : h("p", {}, "No micro-wins in this window."));
}

function reviewControl(cid, win, name) {
  return markControl({
    doneAt: win.reviewed ? win.reviewed_at || "" : null, doneWord: "Reviewed", button: "Mark reviewed",
    label: `Mark reviewed: ${win.message}`, said: "Marked reviewed.", noteTo: name, sentNote: win.review_note,
    id: `win-${win.id}`, send: async (note) => (await markWinReviewed(cid, win.id, note)).reviewed_at,
  });
}

// A one-way mark (a win reviewed, a moment acknowledged): a button until it is done, then "✓ <doneWord> on <day>".
// `doneAt` is null while not done; `send(note)` marks it and answers when. With `noteTo` (the client's name), an
// optional note goes with the mark to the client's inbox; `sentNote` is one sent before.
function markControl({ doneAt, doneWord, button: words, label, said, send, noteTo, sentNote, id }) {
  const holder = h("div", { class: "review-control" });
  const sent = (note) => (note ? h("p", { class: "note-text sent-note" }, `Your note to ${noteTo}: `, h("q", {}, note)) : null);
  const done = (at, note) => holder.replaceChildren(h("span", { class: "reviewed" }, `✓ ${doneWord}`,
    at ? ` on ${dayText(at.slice(0, 10))}` : ""), sent(note));
  if (doneAt !== null) {
    done(doneAt, sentNote);
    return holder;
  }
  const noteId = `note-${id}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const note = noteTo ? h("textarea", { id: noteId, rows: 2, maxlength: 1000, class: "answer-note" }) : null;
  const status = h("span", { role: "status" });
  const button = h("button", {
    type: "button",
    class: "secondary",
    "aria-label": label,
    onclick: async () => {
      button.disabled = true;
      const text = note ? note.value.trim() || null : null;
      try {
        done(await send(text), text);
        holder.append(h("span", { class: "sr", role: "status" }, text ? `${said} Your note was sent.` : said));
      } catch (error) {
        if (endedSession(error)) return;
        button.disabled = false;
        status.textContent = error.message;
      }
    },
  }, words);
  if (note) holder.append(h("label", { for: noteId }, `Note to ${noteTo} (optional; they read it in their app)`), note);
  holder.append(button, status);
  return holder;
}

// Days with a mood of 0 or 1, oldest first: a thread the client may want to pick up, never a risk score. An
// optional note goes with the acknowledgement to the client's inbox.
function moments(cid, review, name) {
  const items = review.moments_to_ask_about;
  return h("section", { class: "card wide", id: "moments", "aria-labelledby": "moments-title" },
    h("h2", { id: "moments-title" }, "Moments to ask about"),
    h("p", { class: "muted" }, "PHQ-9 item-9 answers above 0 come first; then days with a mood of 0 or 1: "
      + "something they may want to talk about, not a score. "
      + "This page is read before sessions; nobody watches it in real time."),
    items.length ? h("ul", { class: "plain moments" }, items.map((m) => h("li", { "data-moment": m.date },
      h("p", {}, m.text),
      markControl({
        doneAt: m.acknowledged ? m.acknowledged_at || "" : null, doneWord: "Acknowledged", button: "Acknowledge",
        label: `Acknowledge the moment on ${dayText(m.date)}`, said: "Acknowledged.", noteTo: name,
        id: `moment-${m.date}`, send: async (note) => (await acknowledgeMoment(cid, m.date, note)).acknowledged_at,
      }))))
      : h("p", { id: "no-moments" }, "No day in this window had a mood of 0 or 1."));
}

function signals(review) {
  const items = review.engagement_signals;
  return h("section", { class: "card", "aria-labelledby": "signals-title" },
    h("h2", { id: "signals-title" }, "Engagement signals"),
    h("p", { class: "muted" }, "Patterns to explore together: information about how things are going, not a verdict."),
    items.length ? h("ul", { class: "signals" }, items.map((s) => h("li", {}, s.text)))
      : h("p", {}, "No engagement signals in this window."),
    reframes());
}

function notesSection(review, name) {
  const section = h("section", { class: "card wide", id: "notes", "aria-labelledby": "notes-title" },
    h("h2", { id: "notes-title" }, "In their own words"));
  if (!review.share_notes) {
    section.append(h("p", { class: "notice", id: "notes-hidden" },
      `${name} has not chosen to share notes with you, so their free text (notes, what went well, experiment `
      + "details, why a goal matters, what “done” means for a step) is not shown. The counts and charts above are "
      + "complete."));
  } else {
    section.append(h("p", { class: "muted", id: "notes-loading" }, "Loading notes…"));
  }
  return section;
}

async function loadNotes(cid, review) {
  const section = document.getElementById("notes");
  if (!section) return;
  let page;
  try {
    page = await readClientEntries(cid, review.since, review.until, 100);
  } catch (error) {
    if (endedSession(error)) return;
    const loading = document.getElementById("notes-loading");
    if (loading) loading.textContent = error.message;
    return;
  }
  const notes = [];
  for (const entry of page.items) {
    const day = entry.local_date;
    const add = (label, text) => { if (text && text.trim()) notes.push([day, label, text]); };
    if (entry.kind === "checkin") { add("What went well", entry.went_well); add("Check-in note", entry.note); }
    if (entry.kind === "mood") add("Mood note", entry.note);
    if (entry.kind === "breathing") add("Breathing note", entry.note);
    if (entry.kind === "experiment") {
      add("Experiment plan", entry.plan);
      add("Prediction", entry.prediction);
      if (entry.outcome) {
        add("What happened", entry.outcome.what_happened);
        add("Sensations", entry.outcome.sensations);
        add("Thoughts", entry.outcome.thoughts);
        add("Learned", entry.outcome.learned);
      }
    }
  }
  const list = notes.length
    ? h("ul", { class: "plain notes" }, notes.map(([day, label, text]) => h("li", {},
      h("p", { class: "muted" }, `${dayText(day)} · ${label}`), h("p", { class: "note-text" }, text))))
    : h("p", {}, "No notes in this window.");
  section.replaceChildren(section.querySelector("h2"), list);
  if (page.next_cursor) section.append(h("p", { class: "muted" }, "Showing the 100 newest entries of this window."));
}
