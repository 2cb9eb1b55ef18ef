// Strength experiments: plan a small real-life try of a strength (#/experiments/new, #/experiments/ID), then note
// what happened (#/experiments/ID/outcome). The list (#/experiments) works from the phone's copy; it is read from
// the server when the screen opens online. A plan whose day went by is offered a new date, never called a failure.
import { paths, readExperiments } from "../../../shared/api.ts";
import { today, uid } from "../session.js";
import { dropMissing, listRecords, mergeFromServer } from "../store.js";
import { h, humanize, linkButton, longDay, notice, syncBadge } from "../ui.js";
import { deleteButton, expectedAndWent, outcomeError, outcomeForm, planForm, planSummary } from "./experiment-forms.js";
import { addDays, keepIfEditing, present, refreshList, thenRedraw } from "./kit.js";

const LAPSE_AFTER_DAYS = 3; // as the server's experiment_status (domain/experiments.py)

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
  return refreshList("experiments", readExperiments, async (who, items, readAt) => {
    const found = items.map((item) => ({ kind: "experiment", path: paths.experiment(item.id), data: item }));
    await mergeFromServer(who, found, readAt);
    await dropMissing(who, "experiment", found.map((item) => item.path), readAt);
  });
}

export async function experimentRecords() {
  return listRecords(uid(), "experiment");
}

const href = (record, tail = "") => `#/experiments/${encodeURIComponent(record.id)}${tail}`;

function experimentItem(record, day) {
  const data = record.data;
  const status = experimentStatus(data, day);
  const title = experimentTitle(data);
  const lines = [];
  if (status === "done") {
    const outcome = data.outcome;
    lines.push(h("p", { class: "entry-when" }, `Tried on ${longDay(outcome.done_on)}`));
    lines.push(h("p", { class: "expected-went" }, expectedAndWent(data.prediction_rating, outcome.outcome_rating)));
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

// #/experiments, #/experiments/new, #/experiments/ID (?replan=1 for a new date), #/experiments/ID/outcome
export async function showExperiments(params, [id, part] = []) {
  if (!id) {
    const reading = loadExperiments(); // before the phone's copy is read: a read already under way is then shown too
    await showList();
    thenRedraw(reading);
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
