// The rhythm of sessions on a client's review: the client's agenda (first), the next session, sessions held,
// cancelled or missed, the therapist's own reflection (the worksheet of seed 001) and its reframes.
import {
  clearNextSession, readReflections, writeNextSession, writeReflection, writeSession,
} from "../../shared/api.ts";
import { h } from "../../shared/dom.js";
import { dayText, todayIso } from "../format.js";
import { endedSession } from "../session.js";

const redraw = () => window.dispatchEvent(new HashChangeEvent("hashchange"));
const REFRAMES_DISMISSED = "stepping-stones.reframes-dismissed";

// What the client would like to talk about: the first thing in the review.
export function agendaSection(review, name) {
  const items = review.agenda || [];
  const item = (i) => h("li", { class: "agenda-item" },
    i.text_shared ? h("p", { class: "note-text" }, i.text)
      : h("p", {}, "An item to talk about (its words are not shared with you)."),
    h("p", { class: "muted" }, `Added on ${dayText(i.added_on)}`,
      i.talked_about_on ? `; talked about in the session on ${dayText(i.talked_about_on)}` : ""));
  return h("section", { class: "card wide", id: "agenda", "aria-labelledby": "agenda-title" },
    h("h2", { id: "agenda-title" }, `What ${name} would like to talk about`),
    items.length ? h("ul", { class: "plain agenda" }, items.map(item))
      : h("p", {}, "Nothing added for the next session yet."),
    review.share_notes ? null : h("p", { class: "muted" },
      `${name} has not chosen to share notes, so you see that an item is there, not its words.`));
}

async function attempt(form, status, work, done) {
  const buttons = form.querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await work();
    status.textContent = done;
    redraw();
  } catch (error) {
    if (endedSession(error)) return;
    status.textContent = error.message;
    buttons.forEach((b) => { b.disabled = false; });
  }
}

export function nextSessionSection(cid, review) {
  const planned = review.next_session;
  const date = h("input", { type: "date", id: "next-session-date", name: "date", required: true,
    value: planned ? planned.date : "" });
  const shown = h("input", { type: "checkbox", id: "next-session-shown", name: "show_to_client",
    checked: planned ? planned.show_to_client : false });
  const status = h("p", { role: "status", class: "muted", id: "next-session-status" });
  const form = h("form", {
    class: "session-form",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(form, status, () => writeNextSession(cid, { date: date.value, show_to_client: shown.checked }),
        "Next session saved.");
    },
  },
  h("label", { for: "next-session-date" }, "Date"), date,
  h("p", { class: "check" }, shown, h("label", { for: "next-session-shown" }, "Show this date in the client's app")),
  h("button", { type: "submit" }, "Save next session"),
  planned ? h("button", { type: "button", class: "quiet", onclick: () => attempt(form, status,
    () => clearNextSession(cid), "Next session cleared.") }, "Clear") : null,
  status);
  return h("section", { class: "card", "aria-labelledby": "next-session-title" },
    h("h2", { id: "next-session-title" }, "Next session"),
    h("p", { id: "next-session-text" }, planned
      ? `${dayText(planned.date)}: ${planned.show_to_client ? "shown in the client's app" : "not shown to the client"}.`
      : "No date set."),
    form);
}

const STATUS_WORDS = { held: "Held", cancelled: "Cancelled (only you see this)", missed: "Missed (only you see this)" };

export function sessionsSection(cid, sessions) {
  const date = h("input", { type: "date", id: "session-date", name: "date", value: todayIso(), required: true });
  const kind = h("select", { id: "session-status", name: "state" },
    h("option", { value: "held" }, "Held"), h("option", { value: "cancelled" }, "Cancelled"),
    h("option", { value: "missed" }, "Missed"));
  const note = h("textarea", { id: "session-note", name: "note", rows: 3, maxlength: 4000 });
  const status = h("p", { role: "status", class: "muted" });
  const form = h("form", {
    class: "session-form",
    onsubmit: (event) => {
      event.preventDefault();
      attempt(form, status, () => writeSession(cid, date.value, { note: note.value.trim() || null, state: kind.value }),
        "Session saved.");
    },
  },
  h("label", { for: "session-date" }, "Date"), date,
  h("label", { for: "session-status" }, "The session was"), kind,
  h("p", { class: "muted" }, "A missed or cancelled session is your record alone: the client never sees it, and it "
    + "does not start the review's window. Missing a session is often self-protection, worth exploring gently."),
  h("label", { for: "session-note" }, "Private note (only you can see it)"), note,
  h("button", { type: "submit" }, "Save session"), status);
  return h("section", { class: "card wide", "aria-labelledby": "sessions-title" },
    h("h2", { id: "sessions-title" }, "Sessions"),
    sessions.length ? h("ul", { class: "plain sessions" }, sessions.map((s) => h("li", {},
      h("p", {}, h("strong", {}, dayText(s.date)), " ", h("span", { class: `session-status ${s.state}` },
        STATUS_WORDS[s.state] || s.state)),
      s.note ? h("p", { class: "note-text" }, s.note) : null)))
      : h("p", {}, "No sessions recorded yet."),
    h("h3", {}, "Add a session"), form);
}

const PROMPTS = [
  ["what_happened", "What happened? (just the facts)"],
  ["what_i_felt", "What did I feel in the moment?"],
  ["story_i_told_myself", "What story did I tell myself?"],
  ["client_might_be_communicating", "Looking back, what might the client have been communicating?"],
  ["try_next_time", "What would I try differently next time?"],
];

// The therapist's own reflection beside a session or a moment; drawn empty, filled when the list arrives.
export function reflectionSection(cid, review, sessions) {
  const options = [
    ...sessions.map((s) => ["sessions", s.date, `The session on ${dayText(s.date)}`]),
    ...(review.moments_to_ask_about || []).map((m) => ["moments", m.date, `The moment on ${dayText(m.date)}`]),
  ];
  const section = h("section", { class: "card wide", id: "reflection", "aria-labelledby": "reflection-title" },
    h("h2", { id: "reflection-title" }, "Your reflection"),
    h("p", { class: "muted" }, "Yours alone, like psychotherapy notes: never shown to the client, never in their export "
      + "or access log, never shown to another therapist. Every question is optional."));
  if (!options.length) {
    section.append(h("p", {}, "Record a session (or wait for a moment to ask about) to keep a reflection beside it."));
    return section;
  }
  const about = h("select", { id: "reflection-about", name: "about" },
    options.map(([kind, day, label]) => h("option", { value: `${kind} ${day}` }, label)));
  const fields = PROMPTS.map(([name, label]) => [name, label,
    h("textarea", { id: `reflection-${name}`, name, rows: 2, maxlength: 4000, disabled: true })]);
  const status = h("p", { role: "status", class: "muted", id: "reflection-status" });
  let kept = new Map();
  const fill = () => {
    const found = kept.get(about.value) || {};
    for (const [name, , input] of fields) input.value = found[name] || "";
  };
  about.addEventListener("change", fill);
  const form = h("form", {
    class: "session-form",
    onsubmit: async (event) => {
      event.preventDefault();
      const [kind, day] = about.value.split(" ");
      const body = Object.fromEntries(fields.map(([name, , input]) => [name, input.value.trim() || null]));
      const button = form.querySelector("button");
      button.disabled = true;
      try {
        const saved = await writeReflection(cid, kind, day, body);
        kept.set(about.value, saved || {});
        status.textContent = saved ? "Reflection kept." : "Reflection removed.";
      } catch (error) {
        if (endedSession(error)) return;
        status.textContent = error.message;
      }
      button.disabled = false;
    },
  },
  h("label", { for: "reflection-about" }, "Beside"), about,
  fields.map(([name, label, input]) => [h("label", { for: `reflection-${name}` }, label), input]),
  h("button", { type: "submit", disabled: true }, "Keep reflection"), status);
  section.append(form);
  // The form opens once what was kept is read, so nothing typed meanwhile is overwritten.
  readReflections(cid).then(({ items }) => {
    kept = new Map(items.map((r) => [`${r.kind === "session" ? "sessions" : "moments"} ${r.date}`, r]));
    fill();
    for (const control of form.querySelectorAll("textarea, button")) control.disabled = false;
  }).catch((error) => { if (!endedSession(error)) status.textContent = error.message; });
  return section;
}

// The worksheet's reframes beside the engagement signals: quiet, and once dismissed, gone in this browser.
export function reframes() {
  let dismissed = false;
  try {
    dismissed = localStorage.getItem(REFRAMES_DISMISSED) === "1";
  } catch {
    dismissed = false;
  }
  if (dismissed) return null;
  const panel = h("aside", { class: "reframes", id: "reframes", "aria-labelledby": "reframes-title" },
    h("h3", { id: "reframes-title" }, "A reframe, if it helps"),
    h("p", {}, "Resistance isn't rejection: it's information. What might the client be telling you?"),
    h("p", { class: "muted" }, "Perhaps: testing if you're safe, protecting themselves, not ready for this change, "
      + "needing more say in the process, or telling you something about the pace."),
    h("button", { type: "button", class: "quiet", id: "reframes-dismiss", onclick: () => {
      try {
        localStorage.setItem(REFRAMES_DISMISSED, "1");
      } catch { /* private mode: dismissed for this view only */ }
      panel.remove();
    } }, "Dismiss"));
  return panel;
}
