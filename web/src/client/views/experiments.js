// Strength experiments: plan a small real-life try of a strength (#/experiments/new, #/experiments/ID), then note
// what happened (#/experiments/ID/outcome). The list (#/experiments) works from the phone's copy; it is read from
// the server when the screen opens online. A plan whose day went by is offered a new date, never called a failure.
import vocabulary from "contract:vocabulary";
import { paths, readExperiments } from "../api.ts";
import { newId, today, uid } from "../session.js";
import { deleteRecord, dropMissing, listRecords, mergeFromServer, saveAction, saveRecord } from "../store.js";
import { changed } from "../sync.js";
import { field, h, humanize, linkButton, longDay, notice, scale, scaleValue, showFieldErrors, syncBadge } from "../ui.js";
import { addDays, clearProblems, editingForm, errorSlot, keepIfEditing, present, problem, refreshList, saved,
  textOrNull, thenRedraw } from "./kit.js";

const LAPSE_AFTER_DAYS = 3; // as the server's experiment_status (domain/experiments.py)
const DAYS_AHEAD = 1; // the server keeps plans dated up to one day after the client's today
const CUSTOM = "custom:";

// planned, done or lapsed: the server's rule, worked out here so it holds offline and stays current.
export function experimentStatus(data, day = today()) {
  if (data.outcome) return "done";
  if (data.planned_for && addDays(data.planned_for, LAPSE_AFTER_DAYS) < day) return "lapsed";
  return "planned";
}

export function experimentTitle(data) {
  return `${humanize(data.strength || "strength")} experiment`;
}

export function loadExperiments() {
  return refreshList("experiments", readExperiments, async (who, items) => {
    const found = items.map((item) => ({ kind: "experiment", path: paths.experiment(item.id), data: item }));
    await mergeFromServer(who, found);
    await dropMissing(who, "experiment", found.map((item) => item.path));
  });
}

export async function experimentRecords() {
  return listRecords(uid(), "experiment");
}

const outcomeError = (record) => Boolean(record.error && record.error.path && record.error.path.endsWith("/outcome"));
const href = (record, tail = "") => `#/experiments/${encodeURIComponent(record.id)}${tail}`;

function experimentItem(record, day) {
  const data = record.data;
  const status = experimentStatus(data, day);
  const title = experimentTitle(data);
  const lines = [];
  if (status === "done") {
    const outcome = data.outcome;
    lines.push(h("p", { class: "entry-when" }, `Tried on ${longDay(outcome.done_on)} · it went ${outcome.outcome_rating} `
      + "out of 10"));
    if (outcome.learned) lines.push(h("p", { class: "entry-text" }, `What you learned: ${outcome.learned}`));
    else lines.push(h("p", { class: "entry-text" }, `What happened: ${outcome.what_happened}`));
  } else {
    lines.push(h("p", { class: "entry-when" }, `Planned for ${longDay(data.planned_for)}`));
    if (data.plan) lines.push(h("p", { class: "entry-text" }, data.plan));
  }
  if (status === "lapsed") {
    lines.push(h("p", { class: "gentle" }, "This one's day came and went — that's okay. Want to re-plan it?"));
  }
  const actions = status === "done"
    ? [h("a", { href: href(record, "/outcome"), "aria-label": `Change what happened: ${title}` }, "Change what happened")]
    : [status === "lapsed"
      ? h("button", { type: "button", "aria-label": `Re-plan the ${title.toLowerCase()}`,
        onclick: () => { location.hash = href(record, "?replan=1"); } }, "Re-plan")
      : h("a", { href: href(record), "aria-label": `Change plan: ${title}` }, "Change plan"),
    h("a", { href: href(record, "/outcome"), "aria-label": `How did it go? ${title}` }, "How did it go?")];
  const fix = record.error ? h("div", { class: "entry-problem" }, h("p", {}, record.error.message),
    h("a", { class: "button", href: href(record, outcomeError(record) ? "/outcome" : "") }, "Fix it")) : null;
  return h("li", { class: "entry", "data-kind": "experiment", "data-id": record.id, "data-status": status },
    h("div", { class: "entry-head" }, h("span", { class: "entry-title" }, title), syncBadge(record)),
    lines, fix, h("div", { class: "entry-actions" }, actions));
}

function section(id, heading, records, day, empty = null) {
  if (records.length === 0 && !empty) return null;
  return h("section", { class: "card", "aria-labelledby": id },
    h("h2", { id }, heading),
    records.length ? h("ul", { class: "entries" }, records.map((record) => experimentItem(record, day))) : h("p", {}, empty));
}

async function showList() {
  const day = today();
  const records = await experimentRecords();
  const by = (status) => records.filter((record) => experimentStatus(record.data, day) === status);
  const planned = by("planned").sort((a, b) => a.data.planned_for.localeCompare(b.data.planned_for));
  const lapsed = by("lapsed").sort((a, b) => b.data.planned_for.localeCompare(a.data.planned_for));
  const done = by("done").sort((a, b) => b.data.outcome.done_on.localeCompare(a.data.outcome.done_on));
  present("experiments", h("h1", {}, "Strength experiments"),
    h("p", { class: "subtle" }, "Pick a strength, try it in one small real-life moment, then note what happened."),
    linkButton("#/experiments/new", "Plan an experiment", { class: "button primary" }),
    section("planned-heading", "Coming up", planned, day,
      records.length ? "Nothing planned right now." : "No experiments yet. A first one can be tiny."),
    section("lapsed-heading", "Ready for a new day", lapsed, day),
    section("done-heading", "Tried", done, day));
}

function strengthControls(value) {
  const custom = value && value.startsWith(CUSTOM) ? value.slice(CUSTOM.length) : "";
  const select = h("select", { name: "strength", required: true },
    h("option", { value: "" }, "Choose a strength"),
    vocabulary.strengths.map((name) => h("option", { value: name, selected: value === name }, humanize(name))),
    h("option", { value: CUSTOM, selected: Boolean(custom) }, "A strength of my own"));
  const own = h("input", { type: "text", name: "strength_custom", maxlength: 60, value: custom });
  const ownField = field("strength_custom", "Name your strength", own);
  ownField.hidden = !custom;
  select.addEventListener("change", () => { ownField.hidden = select.value !== CUSTOM; });
  return { select, own, nodes: [field("strength", "Which strength will you try?", select), ownField] };
}

function planForm(record, key, replan) {
  const data = record ? record.data : {};
  const day = today();
  const strength = strengthControls(data.strength || "");
  const date = h("input", { type: "date", name: "planned_for", required: true, min: "2000-01-01",
    max: addDays(day, DAYS_AHEAD), value: replan ? day : (data.planned_for || day) });
  const plan = h("textarea", { name: "plan", maxlength: 1000, rows: 3, required: true }, data.plan || "");
  const prediction = h("textarea", { name: "prediction", maxlength: 1000, rows: 2, required: true },
    data.prediction || "");
  const status = h("p", { class: "notice empty", role: "status" });
  const form = editingForm(key, {
    class: "card",
    onsubmit: async (event) => {
      event.preventDefault();
      clearProblems(form);
      const chosen = strength.select.value === CUSTOM ? `${CUSTOM}${strength.own.value.trim()}` : strength.select.value;
      const missing = [
        !strength.select.value && ["strength", "Choose the strength you want to try."],
        chosen === CUSTOM && ["strength_custom", "Give your strength a name."],
        !date.value && ["planned_for", "Pick the day you will try it."],
        date.value > addDays(today(), DAYS_AHEAD) && ["planned_for", "Choose today or tomorrow for this one."],
        !plan.value.trim() && ["plan", "A few words about what you will do."],
        !prediction.value.trim() && ["prediction", "A guess is fine: what do you expect?"],
      ].filter(Boolean);
      if (missing.length) {
        for (const [name, text] of missing) problem(form, name, text);
        form.querySelector(`#${missing[0][0]}`).focus();
        return;
      }
      const id = record ? record.id : newId();
      const body = { strength: chosen, planned_for: date.value, plan: plan.value.trim(),
        prediction: prediction.value.trim() };
      await saveRecord(uid(), { kind: "experiment", path: paths.experiment(id), body });
      saved(form);
      changed();
      location.hash = "#/experiments";
    },
  },
  strength.nodes,
  field("planned_for", "When will you try it?", date, "Today or tomorrow: small and close at hand."),
  field("plan", "Your plan", plan, "Where, when and what you will do."),
  field("prediction", "What do you predict will happen?", prediction),
  status,
  h("button", { type: "submit", class: "primary" }, "Save plan"));
  if (record && record.error && !outcomeError(record)) showFieldErrors(form, record.error, status);
  return form;
}

function deleteButton(record) {
  return h("button", {
    type: "button", class: "danger",
    onclick: async () => {
      if (!window.confirm("Delete this experiment and anything noted about it?")) return;
      await deleteRecord(uid(), record.path);
      changed();
      location.hash = "#/experiments";
    },
  }, "Delete this experiment");
}

function outcomeForm(record, key) {
  const outcome = record.data.outcome || {};
  const day = today();
  const happened = h("textarea", { name: "what_happened", maxlength: 2000, rows: 3, required: true },
    outcome.what_happened || "");
  const sensations = h("textarea", { name: "sensations", maxlength: 2000, rows: 2 }, outcome.sensations || "");
  const thoughts = h("textarea", { name: "thoughts", maxlength: 2000, rows: 2 }, outcome.thoughts || "");
  const learned = h("textarea", { name: "learned", maxlength: 2000, rows: 2 }, outcome.learned || "");
  const doneOn = h("input", { type: "date", name: "done_on", required: true, min: "2000-01-01", max: day,
    value: outcome.done_on || (record.data.planned_for && record.data.planned_for <= day ? record.data.planned_for : day) });
  const status = h("p", { class: "notice empty", role: "status" });
  const form = editingForm(key, {
    class: "card",
    onsubmit: async (event) => {
      event.preventDefault();
      clearProblems(form);
      const rating = scaleValue(form, "outcome_rating");
      const missing = [
        !happened.value.trim() && ["what_happened", "A few words about what happened."],
        rating === null && ["outcome_rating", "Pick a number: any number is fine."],
        !doneOn.value && ["done_on", "Pick the day you tried it."],
      ].filter(Boolean);
      if (missing.length) {
        for (const [name, text] of missing) problem(form, name, text);
        const first = form.querySelector(missing[0][0] === "outcome_rating" ? 'input[name="outcome_rating"]'
          : `#${missing[0][0]}`);
        first.focus();
        return;
      }
      const body = { what_happened: happened.value.trim(), sensations: textOrNull(sensations),
        thoughts: textOrNull(thoughts), outcome_rating: rating, learned: textOrNull(learned), done_on: doneOn.value };
      await saveAction(uid(), { path: record.path, opMethod: "PUT", opPath: paths.outcome(record.id), body,
        patch: { outcome: body, status: "done" } });
      saved(form);
      changed();
      location.hash = "#/experiments";
    },
  },
  field("what_happened", "What happened?", happened),
  field("sensations", "Sensations (optional)", sensations, "What did you notice in your body?"),
  field("thoughts", "Thoughts (optional)", thoughts),
  scale("outcome_rating", "How did it go?", { value: outcome.outcome_rating ?? null, required: true,
    low: "Not well", high: "Really well" }),
  errorSlot("outcome_rating"),
  field("learned", "What did you learn? (optional)", learned),
  field("done_on", "When did you try it?", doneOn),
  status,
  h("button", { type: "submit", class: "primary" }, "Save what happened"));
  if (outcomeError(record)) showFieldErrors(form, record.error, status);
  return form;
}

function planSummary(data) {
  return h("section", { class: "card", "aria-labelledby": "plan-heading" },
    h("h2", { id: "plan-heading" }, "Your plan"),
    h("p", { class: "entry-when" }, `Planned for ${longDay(data.planned_for)}`),
    h("p", { class: "entry-text" }, data.plan || ""),
    data.prediction ? h("p", { class: "entry-text" }, `You predicted: ${data.prediction}`) : null);
}

// #/experiments, #/experiments/new, #/experiments/ID (?replan=1 for a new date), #/experiments/ID/outcome
export async function showExperiments(params, [id, part] = []) {
  if (!id) {
    const reading = loadExperiments(); // before the phone's copy is read: a read already under way is then shown too
    await showList();
    thenRedraw(reading, showList);
    return;
  }
  const replan = params && params.get("replan") === "1";
  const key = `experiment:${id}:${part || (replan ? "replan" : "plan")}`;
  if (keepIfEditing(key)) return;
  const record = id === "new" ? null : (await experimentRecords()).find((item) => item.id === id);
  if (id !== "new" && !record) {
    present(key, h("h1", {}, "Strength experiment"), notice("That experiment is not on this phone any more."),
      h("p", {}, h("a", { href: "#/experiments" }, "Back to experiments")));
    return;
  }
  const back = h("p", {}, h("a", { href: "#/experiments" }, "Back to experiments"));
  if (part === "outcome") {
    present(key, h("h1", {}, `What happened: ${experimentTitle(record.data)}`), planSummary(record.data),
      outcomeForm(record, key), back);
    return;
  }
  const heading = !record ? "Plan an experiment" : replan ? "Re-plan this experiment" : "Change your plan";
  present(key, h("h1", {}, heading),
    replan ? h("p", { class: "subtle" }, "A new day for the same idea. Change anything else too, if you like.") : null,
    planForm(record, key, replan),
    record ? deleteButton(record) : null,
    back);
}
