// The breathing pacer: choose a technique and a length, breathe with a circle that grows and shrinks (phase words
// only when motion is reduced), then note stress and save. Time is read from the clock (Date.now), never counted in
// ticks, so a phone that sleeps or a test clock that jumps still ends the session at the right moment.
// #/breathing/ID corrects the stress values of a saved session.
import vocabulary from "contract:vocabulary";
import { paths } from "../../../shared/api.ts";
import { newId, uid } from "../session.js";
import { listRecords, saveRecord } from "../store.js";
import { flashOn, h, notice, scale, scaleValue, showFieldErrors } from "../ui.js";
import { editingForm, errorSlot, keepIfEditing, present, saved } from "./kit.js";
import { NAMES, PATTERNS, SIZES, WORDS, clockText, durationText, patternText, phaseAt } from "./pacer.js";

const MIN_SECONDS = 10;
const MAX_SECONDS = 7200;
const MINUTES = [1, 2, 3, 5];
const TICK_MS = 200;

const techniques = vocabulary.techniques.filter((name) => PATTERNS[name]);

// The session on the go (or finished and waiting for "stress after"): kept across redraws and tab switches.
let current = null;

const reducedMotion = () => window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

function setupForm() {
  const key = "breathing:new";
  const options = techniques.map((name, i) => {
    const id = `technique-${name}`;
    return h("span", { class: "choice" },
      h("input", { type: "radio", name: "technique", value: name, id, checked: i === 0 }),
      h("label", { for: id }, `${NAMES[name] || name} `, h("span", { class: "subtle" }, patternText(name))));
  });
  const lengths = MINUTES.map((minutes) => {
    const id = `minutes-${minutes}`;
    return h("span", { class: "choice" },
      h("input", { type: "radio", name: "minutes", value: String(minutes), id, checked: minutes === 1 }),
      h("label", { for: id }, `${minutes} min`));
  });
  const form = editingForm(key, {
    class: "card",
    onsubmit: (event) => {
      event.preventDefault();
      const technique = form.querySelector('input[name="technique"]:checked').value;
      const minutes = Number(form.querySelector('input[name="minutes"]:checked').value);
      saved(form);
      start({ technique, seconds: minutes * 60, stressBefore: scaleValue(form, "stress_before") });
    },
  },
  h("fieldset", {}, h("legend", {}, "Technique"), h("div", { class: "choices" }, options)),
  h("fieldset", {}, h("legend", {}, "How long?"), h("div", { class: "choices choices-row" }, lengths)),
  scale("stress_before", "Stress before (optional)", { low: "Calm", high: "Very stressed" }),
  h("button", { type: "submit", class: "primary" }, "Start"));
  present(key, h("h1", {}, "Breathe"),
    h("p", { class: "subtle" }, "A few slow breaths can settle the body. Follow the circle, or just the words."),
    form);
}

function start({ technique, seconds, stressBefore }) {
  const still = reducedMotion();
  const phase = h("p", { class: "pacer-phase", "aria-live": "polite", id: "pacer-phase" });
  const count = h("span", { class: "pacer-count", "aria-hidden": "true" });
  const circle = h("div", { class: still ? "pacer-circle pacer-still" : "pacer-circle" }, count);
  const left = h("p", { class: "pacer-left", role: "timer", "aria-label": "Time left" });
  const message = h("p", { class: "notice empty", role: "status" });
  current = {
    uid: uid(), technique, seconds, stressBefore, startedMs: Date.now(), startedAt: new Date().toISOString(),
    lastPhase: -1, lastLeft: "", timer: null, message, still,
    nodes: { phase, count, circle, left },
  };
  const session = current;
  current.screen = [h("h1", {}, "Breathe"),
    h("section", { class: "pacer", "aria-label": `${NAMES[technique] || technique}, ${durationText(seconds)}` },
      circle, phase, left),
    message,
    h("div", { class: "pacer-actions" },
      h("button", { type: "button", class: "primary", onclick: () => finishEarly(session) }, "Finish"),
      h("button", { type: "button", class: "link-button", onclick: () => stop(session) }, "Stop without saving"))];
  showCurrent();
  current.timer = setInterval(() => tick(session), TICK_MS);
  tick(session);
}

function showCurrent() {
  if (current.screen[0].isConnected) return;
  present(`breathing:${current.stage || "running"}`, ...current.screen);
}

function tick(session) {
  if (session !== current) return;
  const elapsedMs = Date.now() - session.startedMs;
  if (elapsedMs >= session.seconds * 1000) {
    finish(session, session.seconds);
    return;
  }
  const now = phaseAt(PATTERNS[session.technique], elapsedMs);
  const { phase, count, circle, left } = session.nodes;
  if (now.index !== session.lastPhase) {
    session.lastPhase = now.index;
    phase.textContent = `${WORDS[now.what]} · ${now.seconds}`;
    if (!session.still && SIZES[now.what]) {
      // The circle takes the whole phase to grow or shrink; on a hold it stays as it is.
      circle.style.transitionDuration = `${Math.max(0.1, now.leftMs / 1000)}s`;
      circle.style.setProperty("--pacer-scale", String(SIZES[now.what]));
    }
  }
  count.textContent = String(Math.ceil(now.leftMs / 1000));
  const leftText = `${clockText(session.seconds - elapsedMs / 1000)} left`;
  if (leftText !== session.lastLeft) {
    session.lastLeft = leftText;
    left.textContent = leftText;
  }
}

function finishEarly(session) {
  const elapsed = Math.floor((Date.now() - session.startedMs) / 1000);
  if (elapsed < MIN_SECONDS) {
    session.message.textContent = `A session counts from ${MIN_SECONDS} seconds. Stay with it a few more breaths, `
      + "or stop without saving.";
    return;
  }
  finish(session, elapsed);
}

function stop(session) {
  if (session !== current) return;
  clearInterval(session.timer);
  current = null;
  setupForm();
}

// Time is up (or Finish after 10 seconds): how long it really was, and a place for "stress after".
function finish(session, seconds) {
  clearInterval(session.timer);
  const wasShowing = session.screen[0].isConnected;
  session.stage = "after";
  session.duration = Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, Math.round(seconds)));
  const form = editingForm("breathing:after", {
    class: "card",
    onsubmit: async (event) => {
      event.preventDefault();
      const body = { technique: session.technique, started_at: session.startedAt, duration_seconds: session.duration,
        stress_before: session.stressBefore, stress_after: scaleValue(form, "stress_after") };
      await saveRecord(uid(), { kind: "breathing", path: paths.breathing(newId()), body });
      saved(form);
      current = null;
      flashOn("#/", () => stressWords(body.stress_before, body.stress_after));
      location.hash = "#/";
    },
  },
  h("h2", {}, "Well done"),
  h("p", {}, `You breathed for ${durationText(session.duration)}.`),
  scale("stress_after", "Stress after (optional)", { low: "Calm", high: "Very stressed" }),
  h("button", { type: "submit", class: "primary" }, "Save session"),
  h("button", { type: "button", class: "link-button", onclick: () => stop(session) }, "Don't save"));
  session.screen = [h("h1", {}, "Breathe"), form];
  if (wasShowing) showCurrent();
}

function stressWords(before, after) {
  const line = (text) => h("p", { class: "notice", role: "status" }, text);
  if (before == null || after == null) return line("Breathing session saved. Thank you for taking this time.");
  if (after < before) {
    return line(`Your stress went from ${before} to ${after}, ${before - after} point${before - after === 1 ? "" : "s"} `
      + "lower. That was time well spent.");
  }
  return line(`Stress ${before} before, ${after} after. Some sessions settle more than others, and taking the time `
    + "still counts.");
}

function correctionForm(record, key) {
  const data = record.data;
  const status = h("p", { class: "notice empty", role: "status" });
  const form = editingForm(key, {
    class: "card",
    onsubmit: async (event) => {
      event.preventDefault();
      const body = { technique: data.technique, started_at: data.started_at, duration_seconds: data.duration_seconds,
        stress_before: scaleValue(form, "stress_before"), stress_after: scaleValue(form, "stress_after") };
      await saveRecord(uid(), { kind: "breathing", path: record.path, body });
      saved(form);
      location.hash = "#/";
    },
  },
  h("p", {}, `${NAMES[data.technique] || "Breathing"}, ${durationText(data.duration_seconds)}.`),
  scale("stress_before", "Stress before (optional)", { value: data.stress_before ?? null, low: "Calm",
    high: "Very stressed" }),
  errorSlot("stress_before"),
  scale("stress_after", "Stress after (optional)", { value: data.stress_after ?? null, low: "Calm",
    high: "Very stressed" }),
  errorSlot("stress_after"),
  errorSlot("started_at"),
  status,
  h("button", { type: "submit", class: "primary" }, "Save changes"));
  if (record.error) showFieldErrors(form, record.error, status);
  return form;
}

export async function showBreathing(_params, [id] = []) {
  if (id) {
    const key = `breathing:${id}`;
    if (keepIfEditing(key)) return;
    const record = (await listRecords(uid(), "breathing")).find((item) => item.id === id);
    if (!record) {
      present(key, h("h1", {}, "Breathing session"), notice("That session is not on this phone any more."),
        h("p", {}, h("a", { href: "#/" }, "Back to today")));
      return;
    }
    present(key, h("h1", {}, "Change a breathing session"), correctionForm(record, key));
    return;
  }
  if (current && current.uid !== uid()) {
    clearInterval(current.timer);
    current = null;
  }
  if (current) {
    showCurrent();
    return;
  }
  if (keepIfEditing("breathing:new")) return;
  setupForm();
}
