// The forms of a strength experiment: its plan (new, changed or re-planned for a new day) and what happened.
import vocabulary from "contract:vocabulary";
import { paths } from "../../../shared/api.ts";
import { newId, today, uid } from "../session.js";
import { deleteRecord, saveAction, saveRecord } from "../store.js";
import { field, h, humanize, longDay, scale, scaleValue, showFieldErrors } from "../ui.js";
import { addDays, errorSlot, saved, savingForm, statusLine, textOrNull } from "./kit.js";

const DAYS_AHEAD = 1; // the server keeps plans dated up to one day after the client's today
const CUSTOM = "custom:";
export const EXPECT_LEGEND = "How do you expect it to go, 0–10? (optional)";

// "You expected 3/10. It went 7/10.": the two numbers side by side, with no verdict on either.
export function expectedAndWent(prediction, outcome) {
  const went = outcome ? ` It went ${outcome}/10.` : "";
  return prediction === null || prediction === undefined ? went.trim() : `You expected ${prediction}/10.${went}`;
}

// The prediction (words and number) set beside the outcome's own rating while it is being recorded.
function predictionBeside(data) {
  const words = data.prediction ? h("p", { class: "entry-text" }, `You predicted: ${data.prediction}`) : null;
  const number = data.prediction_rating ?? null;
  return h("div", { class: "gentle prediction-beside", id: "prediction-beside" }, words,
    h("p", {}, number === null ? "You didn't give it a number then, and that's fine."
      : expectedAndWent(number)));
}

// A refused outcome is shown on the outcome form; any other refusal on the plan.
export const outcomeError = (record) => Boolean(record.error && record.error.path
  && record.error.path.endsWith("/outcome"));

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

export function planForm(record, key, replan) {
  const data = record ? record.data : {};
  const day = today();
  const strength = strengthControls(data.strength || "");
  const date = h("input", { type: "date", name: "planned_for", required: true, min: "2000-01-01",
    max: addDays(day, DAYS_AHEAD), value: replan ? day : (data.planned_for || day) });
  const plan = h("textarea", { name: "plan", maxlength: 1000, rows: 3, required: true }, data.plan || "");
  const prediction = h("textarea", { name: "prediction", maxlength: 1000, rows: 2, required: true },
    data.prediction || "");
  const status = statusLine();
  const chosen = () => (strength.select.value === CUSTOM ? `${CUSTOM}${strength.own.value.trim()}`
    : strength.select.value);
  const form = savingForm(key, { class: "card" }, {
    missing: () => [
      !strength.select.value && ["strength", "Choose the strength you want to try."],
      chosen() === CUSTOM && ["strength_custom", "Give your strength a name."],
      !date.value && ["planned_for", "Pick the day you will try it."],
      date.value > addDays(today(), DAYS_AHEAD) && ["planned_for", "Choose today or tomorrow for this one."],
      !plan.value.trim() && ["plan", "A few words about what you will do."],
      !prediction.value.trim() && ["prediction", "A guess is fine: what do you expect?"],
    ],
    save: async () => {
      const id = record ? record.id : newId();
      const body = { strength: chosen(), planned_for: date.value, plan: plan.value.trim(),
        prediction: prediction.value.trim(), prediction_rating: scaleValue(form, "prediction_rating") };
      await saveRecord(uid(), { kind: "experiment", path: paths.experiment(id), body });
      saved(form);
      location.hash = "#/experiments";
    },
  },
  strength.nodes,
  field("planned_for", "When will you try it?", date, "Today or tomorrow: small and close at hand."),
  field("plan", "Your plan", plan, "Where, when and what you will do."),
  field("prediction", "What do you predict will happen?", prediction),
  scale("prediction_rating", EXPECT_LEGEND, { value: data.prediction_rating ?? null, low: "Not well",
    high: "Really well" }),
  errorSlot("prediction_rating"),
  status,
  h("button", { type: "submit", class: "primary" }, "Save plan"));
  if (record && record.error && !outcomeError(record)) showFieldErrors(form, record.error, status);
  return form;
}

export function deleteButton(record) {
  return h("button", {
    type: "button", class: "danger",
    onclick: async () => {
      if (!window.confirm("Delete this experiment and anything noted about it?")) return;
      await deleteRecord(uid(), record.path);
      location.hash = "#/experiments";
    },
  }, "Delete this experiment");
}

export function outcomeForm(record, key) {
  const outcome = record.data.outcome || {};
  const day = today();
  const happened = h("textarea", { name: "what_happened", maxlength: 2000, rows: 3, required: true },
    outcome.what_happened || "");
  const sensations = h("textarea", { name: "sensations", maxlength: 2000, rows: 2 }, outcome.sensations || "");
  const thoughts = h("textarea", { name: "thoughts", maxlength: 2000, rows: 2 }, outcome.thoughts || "");
  const learned = h("textarea", { name: "learned", maxlength: 2000, rows: 2 }, outcome.learned || "");
  const doneOn = h("input", { type: "date", name: "done_on", required: true, min: "2000-01-01", max: day,
    value: outcome.done_on || (record.data.planned_for && record.data.planned_for <= day ? record.data.planned_for : day) });
  const status = statusLine();
  const form = savingForm(key, { class: "card" }, {
    missing: () => [
      !happened.value.trim() && ["what_happened", "A few words about what happened."],
      scaleValue(form, "outcome_rating") === null && ["outcome_rating", "Pick a number: any number is fine."],
      !doneOn.value && ["done_on", "Pick the day you tried it."],
    ],
    save: async () => {
      const rating = scaleValue(form, "outcome_rating");
      const body = { what_happened: happened.value.trim(), sensations: textOrNull(sensations),
        thoughts: textOrNull(thoughts), outcome_rating: rating, learned: textOrNull(learned), done_on: doneOn.value };
      await saveAction(uid(), { path: record.path, opMethod: "PUT", opPath: paths.outcome(record.id), body,
        patch: { outcome: body, status: "done" } });
      saved(form);
      location.hash = "#/experiments";
    },
  },
  field("what_happened", "What happened?", happened),
  field("sensations", "Sensations (optional)", sensations, "What did you notice in your body?"),
  field("thoughts", "Thoughts (optional)", thoughts),
  predictionBeside(record.data),
  describedBy(scale("outcome_rating", "How did it go?", { value: outcome.outcome_rating ?? null, required: true,
    low: "Not well", high: "Really well" }), "prediction-beside"),
  errorSlot("outcome_rating"),
  field("learned", "What did you learn? (optional)", learned),
  field("done_on", "When did you try it?", doneOn),
  status,
  h("button", { type: "submit", class: "primary" }, "Save what happened"));
  if (outcomeError(record)) showFieldErrors(form, record.error, status);
  return form;
}

export function planSummary(data) {
  return h("section", { class: "card", "aria-labelledby": "plan-heading" },
    h("h2", { id: "plan-heading" }, "Your plan"),
    h("p", { class: "entry-when" }, `Planned for ${longDay(data.planned_for)}`),
    h("p", { class: "entry-text" }, data.plan || ""));
}

function describedBy(node, id) {
  node.setAttribute("aria-describedby", id);
  return node;
}
