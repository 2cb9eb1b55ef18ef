// My safety plan (#/safety-plan, one step's form at #/safety-plan/N): the Stanley–Brown steps in the client's own
// words, kept on this phone (a record, like any other) and sent through the sync queue. Help shows it first when
// signed in (`planOnHelp`), from the phone's copy, so it opens offline; it is never shown signed out.
// `openSafetyPlan()` is what other screens call to bring it up (Help, with the plan first); `renderPlan()` draws it
// on another screen (after a PHQ-9 item-9 answer).
import { paths, readSafetyPlan } from "../../../shared/api.ts";
import { uid } from "../session.js";
import { dropMissing, listRecords, mergeFromServer, saveRecord } from "../store.js";
import { field, flashOn, h, notice, showFieldErrors, syncBadge } from "../ui.js";
import { errorSlot, keepIfEditing, present, refreshList, saved, savingForm, statusLine, thenRedraw } from "./kit.js";

const KIND = "safety_plan";
const MAX_ITEMS = 10; // domain/bounds.py SAFETY_PLAN_ITEMS_PER_STEP
const ITEM_CHARS = 300;
const NAME_CHARS = 120;
const PHONE_CHARS = 32;
const REASON_CHARS = 1000;
const PHONE = /^\+?[0-9][0-9 ()./-]*$/;

// The steps in order: the API's field, how the step is written (lines of text, places or people with an optional
// number, people and lines with a number, or a few sentences), and gentle words for it.
export const STEPS = [
  { n: 1, name: "warning_signs", kind: "lines", title: "My warning signs",
    ask: "What tells me a hard moment may be coming?",
    hint: "Thoughts, feelings, places or things I do. One on each line, for example: I stop answering messages." },
  { n: 2, name: "on_my_own", kind: "lines", title: "Things I can do on my own",
    ask: "What can I do on my own to take my mind off things for a while?",
    hint: "Small things that have helped before: a shower, a walk, music, a breathing practice. One on each line." },
  { n: 3, name: "distractions", kind: "places", title: "People and places that take my mind off things",
    ask: "Who or where can I be with, to take my mind off things?",
    hint: "A friend to sit with, a café, a library, a park. A phone number is optional." },
  { n: 4, name: "people_to_ask", kind: "contacts", title: "People I can ask for help",
    ask: "Who can I call and tell that I am not OK?", hint: "A name and a number for each." },
  { n: 5, name: "professionals", kind: "contacts", title: "Professionals and crisis lines",
    ask: "Which professionals or lines can I contact?",
    hint: "My therapist, my doctor, a crisis line. The crisis lines for my country are on the Help screen too." },
  { n: 6, name: "safer_surroundings", kind: "lines", title: "Making my surroundings safer",
    ask: "What can I put away, or ask someone to keep for a while?", hint: "One on each line." },
  { n: 7, name: "reason_for_living", kind: "reason", title: "One reason for living",
    ask: "Someone or something that matters to me.", hint: "In my own words." },
];

const EMPTY = Object.fromEntries(STEPS.map((step) => [step.name, step.kind === "reason" ? null : []]));

// Brings up the plan: Help opens on it first (for a screen that wants to offer it, such as after a questionnaire).
export function openSafetyPlan() {
  location.hash = "#/help";
}

export async function localPlan() {
  const who = uid();
  if (!who) return null;
  const [record] = await listRecords(who, KIND);
  return record || null;
}

// Reads the plan from the server when a screen opens online (another phone may have changed it).
export function loadSafetyPlan() {
  return refreshList("safety-plan", async () => {
    const plan = await readSafetyPlan();
    return { items: plan ? [plan] : [] };
  }, async (who, items, readAt) => {
    const found = items.map((plan) => ({ kind: KIND, path: paths.safetyPlan, data: plan }));
    await mergeFromServer(who, found, readAt);
    await dropMissing(who, KIND, found.map((item) => item.path), readAt);
  });
}

function dial(phone) {
  return `tel:${String(phone).replace(/[^\d+]/g, "")}`;
}

function callLink(person) {
  return h("a", { class: "button call", href: dial(person.phone) }, `Call ${person.name}: ${person.phone}`);
}

function filled(data, step) {
  const value = data[step.name];
  return step.kind === "reason" ? Boolean(value) : Array.isArray(value) && value.length > 0;
}

function stepBody(data, step) {
  const value = data[step.name];
  if (step.kind === "reason") return h("p", { class: "plan-reason" }, value);
  if (step.kind === "lines") return h("ul", { class: "plan-items" }, value.map((item) => h("li", {}, item)));
  return h("ul", { class: "plan-people" }, value.map((person) => h("li", {},
    person.phone ? callLink(person) : h("span", {}, person.name))));
}

// The plan's steps as a list of sections; `level` is the steps' heading level.
function planSteps(data, level, { all = false } = {}) {
  return h("ol", { class: "plan-steps" }, STEPS.filter((step) => all || filled(data, step)).map((step) =>
    h("li", { class: "plan-step", "data-step": String(step.n), value: step.n }, // the step's own number
      h(level, {}, step.title),
      filled(data, step) ? stepBody(data, step) : h("p", { class: "hint" }, "Not written yet."),
      all ? h("p", {}, h("a", { href: `#/safety-plan/${step.n}`,
        "aria-label": `${filled(data, step) ? "Change" : "Write"} step ${step.n}: ${step.title}` },
      filled(data, step) ? "Change" : "Write")) : null)));
}

// The plan's written steps, each person and line one tap to call (`tel:`): what Help and the screen after a PHQ-9
// item-9 answer show, from the phone's copy. `level` is the steps' heading level.
export function renderPlan(data, level = "h3") {
  return planSteps(data, level);
}

// The first card of Help when signed in: the plan from this phone, or a gentle offer to write one. Null signed out.
export async function planOnHelp() {
  if (!uid()) return null;
  const record = await localPlan();
  if (!record) {
    return h("section", { class: "card safety-plan", "aria-labelledby": "my-plan" },
      h("h2", { id: "my-plan" }, "My safety plan"),
      h("p", {}, "A safety plan is yours to keep for a hard moment: the signs to notice, what helps, and whom to call. "
        + "It stays on this phone too, so it opens without a connection."),
      h("p", {}, h("a", { class: "button", href: "#/safety-plan" }, "Write my safety plan")));
  }
  return h("section", { class: "card safety-plan", "aria-labelledby": "my-plan" },
    h("h2", { id: "my-plan" }, "My safety plan"),
    renderPlan(record.data, "h3"),
    h("p", {}, h("a", { href: "#/safety-plan" }, "Change my safety plan")));
}

function fullPlan(record) {
  const data = record ? record.data : {};
  return Object.fromEntries([...STEPS.map((step) => [step.name, data[step.name] ?? EMPTY[step.name]]),
    ["share_with_therapists", Boolean(data.share_with_therapists)]]);
}

async function savePlan(record, changes) {
  await saveRecord(uid(), { kind: KIND, path: paths.safetyPlan, body: { ...fullPlan(record), ...changes } });
}

function linesControl(step, value) {
  return h("textarea", { name: step.name, rows: 5 }, (value || []).join("\n"));
}

function personRow(step, index, person) {
  const label = step.kind === "places" ? "Person or place" : "Name";
  return h("div", { class: "person-row" },
    field(`${step.name}-name-${index}`, `${label} ${index + 1}`,
      h("input", { type: "text", name: `name-${index}`, maxlength: NAME_CHARS, value: person ? person.name : "",
        autocomplete: "off" })),
    field(`${step.name}-phone-${index}`, step.kind === "places" ? `Phone ${index + 1} (optional)` : `Phone ${index + 1}`,
      h("input", { type: "tel", name: `phone-${index}`, maxlength: PHONE_CHARS, value: person && person.phone ? person.phone : "",
        autocomplete: "off" })));
}

function readLines(form, step) {
  return form.elements[step.name].value.split("\n").map((line) => line.trim()).filter(Boolean);
}

function readPeople(form) {
  const people = [];
  for (const row of form.querySelectorAll(".person-row")) {
    const [nameInput, phoneInput] = row.querySelectorAll("input");
    const name = nameInput.value.trim();
    const phone = phoneInput.value.trim();
    if (name || phone) people.push({ name, phone: phone || null, nameInput, phoneInput });
  }
  return people;
}

function problemsOf(form, step) {
  if (step.kind === "reason") {
    return [form.elements[step.name].value.trim().length > REASON_CHARS
      && [step.name, `Please keep this to ${REASON_CHARS} characters.`]];
  }
  if (step.kind === "lines") {
    const lines = readLines(form, step);
    return [lines.length > MAX_ITEMS && [step.name, `Up to ${MAX_ITEMS} lines, please.`],
      lines.some((line) => line.length > ITEM_CHARS) && [step.name, `Please keep each line to ${ITEM_CHARS} characters.`]];
  }
  const people = readPeople(form);
  const noName = people.find((person) => !person.name);
  const noPhone = step.kind === "contacts" && people.find((person) => !person.phone);
  const badPhone = people.find((person) => person.phone && !PHONE.test(person.phone));
  return [people.length > MAX_ITEMS && [step.name, `Up to ${MAX_ITEMS}, please.`],
    noName && [noName.nameInput.id, "Add a name for this number, or clear the number."],
    noPhone && [noPhone.phoneInput.id, `Add a number for ${noPhone.name}, so it is one tap to call.`],
    badPhone && [badPhone.phoneInput.id, "Use digits, with spaces or dashes if you like, and a + at the start for abroad."]];
}

function valueOf(form, step) {
  if (step.kind === "reason") return form.elements[step.name].value.trim() || null;
  if (step.kind === "lines") return readLines(form, step);
  return readPeople(form).map(({ name, phone }) => ({ name, phone }));
}

function stepForm(record, step, key) {
  const data = fullPlan(record);
  const status = statusLine();
  let control;
  let rows = null;
  if (step.kind === "reason") {
    control = field(step.name, step.ask, h("textarea", { name: step.name, rows: 3, maxlength: REASON_CHARS }, data[step.name] || ""), step.hint);
  } else if (step.kind === "lines") {
    control = field(step.name, step.ask, linesControl(step, data[step.name]), step.hint);
  } else {
    const people = data[step.name];
    rows = h("div", { class: "person-rows" },
      [...people, null].slice(0, MAX_ITEMS).map((person, index) => personRow(step, index, person)));
    const add = h("button", { type: "button", class: "link-button", onclick: () => {
      const count = rows.querySelectorAll(".person-row").length;
      if (count < MAX_ITEMS) rows.append(personRow(step, count, null));
      rows.querySelectorAll(".person-row input")[count * 2]?.focus();
    } }, "Add another");
    control = h("fieldset", { class: "people" },
      h("legend", {}, step.ask), h("p", { class: "hint" }, step.hint), rows, add, errorSlot(step.name));
  }
  const form = savingForm(key, { class: "card", "aria-labelledby": "plan-step-heading" }, {
    missing: () => problemsOf(form, step),
    save: async () => {
      await savePlan(record, { [step.name]: valueOf(form, step) });
      saved(form);
      flashOn("#/safety-plan", () => notice("Saved on this phone. It will be sent when you are online."));
      location.hash = "#/safety-plan";
    },
  },
  h("h2", { id: "plan-step-heading" }, `Step ${step.n} of ${STEPS.length}: ${step.title}`),
  control,
  status,
  h("button", { type: "submit", class: "primary", "data-focus-key": "plan-save" }, "Save this step"));
  if (record && record.error) showFieldErrors(form, record.error, status);
  return form;
}

function sharingForm(record) {
  const box = h("input", { type: "checkbox", role: "switch", id: "plan-share",
    checked: Boolean(record.data.share_with_therapists),
    onchange: async () => {
      await savePlan(record, { share_with_therapists: box.checked });
      flashOn("#/safety-plan", () => notice(box.checked ? "Your linked therapists can read your plan."
        : "Your plan is private again."));
    } });
  return h("section", { class: "card", "aria-labelledby": "plan-share-heading" },
    h("h2", { id: "plan-share-heading" }, "Who can read it"),
    h("p", {}, "Your plan is yours. Your therapist reads it only if you choose to share it here, and you can stop "
      + "at any time. Each time they read it, it shows in \"Who saw what, when\"."),
    h("div", { class: "switch-row" }, box,
      h("label", { for: "plan-share" }, "Let my linked therapists read my safety plan")));
}

async function showOverview() {
  const key = "safety-plan";
  const record = await localPlan();
  present(key, h("h1", {}, "My safety plan"),
    h("p", {}, "Seven small steps for a hard moment, in your own words. You can write it on your own, or with your "
      + "therapist in a session. Write as much or as little as helps."),
    h("p", { class: "notice" }, "Nobody watches this app in real time. If you are in danger, call your local "
      + "emergency number or a crisis line from Help."),
    record ? h("p", {}, syncBadge(record)) : null,
    h("section", { class: "card", "aria-labelledby": "plan-steps-heading" },
      h("h2", { id: "plan-steps-heading" }, "The steps"),
      planSteps(fullPlan(record), "h3", { all: true })),
    record ? sharingForm(record) : null,
    h("p", {}, h("a", { href: "#/help" }, "Back to Help")));
}

// #/safety-plan, #/safety-plan/N
export async function showSafetyPlan(_params, [n] = []) {
  if (!n) {
    const reading = loadSafetyPlan();
    await showOverview();
    thenRedraw(reading);
    return;
  }
  const step = STEPS.find((item) => String(item.n) === n);
  const key = `safety-plan:${n}`;
  if (keepIfEditing(key)) return;
  if (!step) {
    present(key, h("h1", {}, "My safety plan"), notice("There is no such step."),
      h("p", {}, h("a", { href: "#/safety-plan" }, "Back to my safety plan")));
    return;
  }
  present(key, h("h1", {}, "My safety plan"), stepForm(await localPlan(), step, key),
    h("p", {}, h("a", { href: "#/safety-plan" }, "Back to my safety plan")));
}
