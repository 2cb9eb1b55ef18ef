// Suggestions from a therapist, on the inbox screen: "Suggested by <name>", each as a form the client may take as
// it is, change first, or let go (a step is headed with its goal's title). Taking it saves the goal, experiment or
// step as the client's own (through the usual queue, so it shows at once, offline too; a step under its goal) and
// queues the answer; letting it go adds nothing. None is theirs until they tap.
import vocabulary from "contract:vocabulary";
import { paths, readMySuggestions } from "../../../shared/api.ts";
import { uid } from "../session.js";
import { dropMissing, listRecords, mergeFromServer, saveAction, saveRecord } from "../store.js";
import { field, h, humanize } from "../ui.js";
import { loadGoals } from "./goals.js";
import { refreshList, statusLine } from "./kit.js";

const HEADINGS = { goal: "A goal", experiment: "A strength experiment", step: "A micro-step for one of your goals" };

// Reads the open suggestions (online, at most once a minute) into the phone's records; false when nothing was read.
export function refreshSuggestions() {
  return refreshList("suggestions", readMySuggestions, async (who, items, readAt) => {
    const found = items.map((item) => ({ kind: "suggestion", path: paths.suggestion(item.id), data: item }));
    await mergeFromServer(who, found, readAt);
    await dropMissing(who, "suggestion", found.map((item) => item.path), readAt);
    // A suggested step is headed with its goal's title: read the goals too when one is not on this phone yet.
    const known = new Set((await listRecords(who, "goal")).map((goal) => goal.id));
    if (items.some((item) => item.kind === "step" && !known.has(item.goal_id))) await loadGoals();
  });
}

export async function suggestionsSection() {
  const records = await listRecords(uid(), "suggestion", "goal");
  const open = records.filter((record) => record.kind === "suggestion" && record.data.state === "open");
  if (!open.length) return null;
  const goalTitles = new Map(records.filter((record) => record.kind === "goal")
    .map((goal) => [goal.id, goal.data.title]));
  return h("section", { class: "suggestions", "aria-labelledby": "suggestions-title" },
    h("h2", { id: "suggestions-title" }, "Suggestions for you"),
    h("p", { class: "hint" }, "Take one as it is, change it first, or let it go. Nothing is added until you take it."),
    open.map((record) => suggestionCard(record, goalTitles.get(record.data.goal_id))));
}

// `goalTitle`: for a step, the title of its goal as kept on this phone (the heading names it).
function suggestionCard(record, goalTitle) {
  const s = record.data;
  const prefix = `suggestion-${record.id}`;
  const controls = formControls(s, prefix);
  const status = statusLine();
  const take = h("button", { type: "submit" }, "Take it");
  const letGo = h("button", { type: "button", class: "link-button" }, "Let it go");
  const card = h("form", { class: "card suggestion", "data-suggestion": record.id, novalidate: true,
    "aria-labelledby": `${prefix}-heading`,
    onsubmit: async (event) => {
      event.preventDefault();
      const body = controls.body();
      const missing = Object.entries(body).find(([name, value]) => controls.required.includes(name) && !value);
      if (missing) {
        status.textContent = `Please fill in "${controls.labels[missing[0]]}" before taking it.`;
        return;
      }
      take.disabled = true;
      await keepAsOwn(s, record, body);
      status.textContent = "Taken: it is yours now.";
    },
  },
  h("h3", { id: `${prefix}-heading` }, s.kind === "step" && goalTitle ? `A micro-step for your goal “${goalTitle}”`
    : HEADINGS[s.kind]),
  h("p", { class: "hint suggested-by" }, s.suggested_by),
  controls.nodes,
  h("div", { class: "entry-actions" }, take, letGo),
  status);
  letGo.addEventListener("click", async () => {
    letGo.disabled = true;
    await saveAction(uid(), { path: record.path, opMethod: "POST", opPath: paths.letGoSuggestion(record.id), body: null,
      patch: { state: "not_taken" } });
    status.textContent = "Let go. Nothing was added.";
  });
  return card;
}

// The record the client's own route takes, saved (and shown) at once; the answer follows it in the queue.
async function keepAsOwn(s, record, body) {
  const who = uid();
  if (s.kind === "goal") await saveRecord(who, { kind: "goal", path: paths.goal(record.id), body });
  else if (s.kind === "experiment") await saveRecord(who, { kind: "experiment", path: paths.experiment(record.id), body });
  else {
    await saveRecord(who, { kind: "step", path: paths.step(s.goal_id, record.id), body: { ...body, position: 0 },
      extra: { goal_id: s.goal_id } });
  }
  await saveAction(who, { path: record.path, opMethod: "POST", opPath: paths.takeSuggestion(record.id),
    body: { [s.kind]: s.kind === "step" ? { ...body, position: 0 } : body }, patch: { state: "taken" } });
}

function formControls(s, prefix) {
  const p = s[s.kind];
  const text = (name, value, max, rows = 0) => (rows
    ? h("textarea", { name, rows, maxlength: max }, value || "")
    : h("input", { type: "text", name, maxlength: max, value: value || "" }));
  const day = (name, value) => h("input", { type: "date", name, value: value || "" });
  const specs = {  // built only for the suggestion's own kind
    goal: () => [["title", "Goal", text("title", p.title, 200)], ["why", "Why it matters to you", text("why", p.why, 1000, 2)],
      ["target_date", "Target date (optional)", day("target_date", p.target_date)]],
    experiment: () => [["strength", "Strength", h("select", { name: "strength" },
      [...new Set([p.strength, ...vocabulary.strengths])].map((name) => h("option",
        { value: name, selected: name === p.strength }, name.startsWith("custom:") ? name.slice(7) : humanize(name))))],
    ["plan", "Plan", text("plan", p.plan, 1000, 2)], ["planned_for", "Day", day("planned_for", p.planned_for)],
    ["prediction", "What do you predict will happen?", text("prediction", "", 1000, 2)]],
    step: () => [["title", "Step", text("title", p.title, 200)], ["done_when", "Done when", text("done_when", p.done_when, 500, 2)],
      ["due_on", "Due (optional)", day("due_on", p.due_on)]],
  }[s.kind]();
  const labels = Object.fromEntries(specs.map(([name, label]) => [name, label]));
  return {
    labels,
    required: { goal: ["title", "why"], experiment: ["strength", "plan", "planned_for", "prediction"],
      step: ["title", "done_when"] }[s.kind],
    nodes: specs.map(([name, label, control]) => field(`${prefix}-${name}`, label, control)),
    body: () => Object.fromEntries(specs.map(([name, , control]) => [name, control.value.trim() || null])),
  };
}
