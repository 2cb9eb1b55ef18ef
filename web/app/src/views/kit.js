// What the practice screens share: a screen shown once per visit (focus on its heading only when it is new), forms
// that survive a redraw while half-filled and refuse missing answers before saving (savingForm), lists read from
// the server at most once a minute, and small date sums.
import { Offline } from "../../../shared/api.ts";
import { readCache, writeCache } from "../db.js";
import { keepDraft } from "../drafts.js";
import { redrawScreen } from "../shell.js";
import { uid } from "../session.js";
import { focusHeading, h, show, showFlash } from "../ui.js";

const FRESH_MS = 60_000;
const reading = new Map();

// Shows a screen; its heading takes focus only when the screen was not already showing (a redraw keeps focus).
// A control with an id or a data-focus-key (a step's done toggle) keeps focus when the screen is drawn again.
// A redraw reads the phone's copy before it draws: a form the client started filling in meanwhile is left as it is
// (as redrawScreen does for one already half-filled when the redraw began).
export function present(key, heading, ...rest) {
  const fresh = !document.querySelector(`#main h1[data-screen="${CSS.escape(key)}"]`);
  if (!fresh && document.querySelector("#main form[data-dirty]")) return;
  const active = document.activeElement;
  const main = document.getElementById("main");
  const selector = fresh || !active || active === main || !main.contains(active) ? null
    : active.dataset.focusKey ? `[data-focus-key="${CSS.escape(active.dataset.focusKey)}"]`
      : active.id ? `#${CSS.escape(active.id)}` : null;
  heading.dataset.screen = key;
  show(heading, ...rest);
  showFlash();
  if (fresh) {
    focusHeading();
  } else if (selector) {
    const again = main.querySelector(selector);
    if (again) again.focus();
  }
}

// True when this screen's form is on show with the client's unsaved changes in it: a redraw leaves it alone.
export function keepIfEditing(key) {
  const form = document.querySelector(`#main form[data-screen="${CSS.escape(key)}"]`);
  return Boolean(form && form.dataset.dirty === "true");
}

// A form known by its screen's key: its draft is kept, and drafts.js marks it as being edited on the first input
// (see keepIfEditing).
export function editingForm(key, attrs, ...children) {
  const form = h("form", { novalidate: true, ...attrs }, ...children);
  form.dataset.screen = key;
  keepDraft(form, key); // what is typed survives a reload too
  return form;
}

// The line under a form where what happened to it is said (a refusal from the server, a hint).
export function statusLine() {
  return h("p", { class: "notice empty", role: "status" });
}

// A form that saves what the client wrote (an editingForm). On submit: the browser's own submit is stopped, the
// last problems cleared, `missing(form)` ([field, problem] pairs; falsy ones skipped) shown next to their fields,
// and only when nothing is missing does `save(form)` run.
export function savingForm(key, attrs, { missing = () => [], save }, ...children) {
  const form = editingForm(key, {
    ...attrs,
    onsubmit: async (event) => {
      event.preventDefault();
      clearProblems(form);
      if (refuseMissing(form, missing(form))) return;
      await save(form);
    },
  }, ...children);
  return form;
}

export { formSaved as saved } from "../drafts.js";

// Where a field's problem is shown (for controls built without field(), such as the 0-10 scales).
export function errorSlot(name) {
  return h("p", { class: "field-error", id: `${name}-error`, role: "alert", hidden: true });
}

export function problem(form, name, text) {
  const slot = form.querySelector(`#${CSS.escape(name)}-error`);
  if (slot) {
    slot.textContent = text;
    slot.hidden = false;
  }
}

export function clearProblems(form) {
  for (const node of form.querySelectorAll(".field-error")) {
    node.hidden = true;
    node.textContent = "";
  }
}

export function textOrNull(control) {
  const text = control.value.trim();
  return text ? text : null;
}

export function addDays(isoDate, days) {
  const when = new Date(`${isoDate}T12:00:00Z`);
  when.setUTCDate(when.getUTCDate() + days);
  return when.toISOString().slice(0, 10);
}

// Reads a list from the server when its screen opens (online, and not within the last minute on this phone), then
// `apply(uid, items)` merges it. Resolves true when something was read. A failure keeps the phone's copy on show.
// Two screens opening at once (the Practice menu, then the list) share one read.
// `force` (the client asked for it) reads even within the minute.
export function refreshList(name, read, apply, { force = false } = {}) {
  const who = uid();
  if (!who || !navigator.onLine) return Promise.resolve(false);
  const key = `${who} ${name}`;
  if (reading.has(key)) return reading.get(key);
  const work = (async () => {
    const last = await readCache(who, `${name}-read`);
    if (!force && last && Date.now() >= last && Date.now() - last < FRESH_MS) return false;
    const readAt = Date.now();
    await writeCache(who, `${name}-read`, readAt);
    try {
      const answer = await read();
      if (uid() !== who) return false;
      await apply(who, answer.items, readAt);
      return true;
    } catch (error) {
      await writeCache(who, `${name}-read`, 0);
      if (!(error instanceof Offline)) console.warn(`Could not read ${name}`, error);
      return false;
    }
  })().finally(() => reading.delete(key));
  reading.set(key, work);
  return work;
}

// True when this phone has read the list `name` through refreshList (and kept it) at least once.
export async function everRead(name) {
  return Boolean(await readCache(uid(), `${name}-read`));
}

// Runs `redraw` after a list was read, if the client is still on the same screen.
export async function thenRedraw(refreshing) {
  const hash = location.hash;
  try {
    // Through the app's one redraw queue: a draw from before the sync finished can never land after a newer one.
    if ((await refreshing) && location.hash === hash) redrawScreen();
  } catch (error) {
    console.warn(error);
  }
}

// Shows each [field, problem] (falsy entries skipped) next to its field and focuses the first (a 0-10 scale's
// first choice); true when any.
export function refuseMissing(form, missing) {
  const found = missing.filter(Boolean);
  for (const [name, text] of found) problem(form, name, text);
  if (found.length) {
    const first = found[0][0];
    (form.querySelector(`#${CSS.escape(first)}`) || form.querySelector(`[name="${CSS.escape(first)}"]`)).focus();
  }
  return found.length > 0;
}
