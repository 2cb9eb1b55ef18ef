// Goals and their micro-steps: #/goals (list), #/goals/new and #/goals/ID/edit (the goal), #/goals/ID (its steps,
// the next one highlighted, each marked done with one tap), #/goals/ID/steps/new and #/goals/ID/steps/SID (a step).
// Goals and steps are separate records on the phone (a step knows its goal_id); the list is read from the server
// when the screen opens online.
import { paths, readGoals } from "../../../shared/api.ts";
import { today, uid } from "../session.js";
import { deleteRecord, dropMissing, listRecords, mergeFromServer, saveAction } from "../store.js";
import { h, linkButton, longDay, notice, syncBadge } from "../ui.js";
import { goalForm, goalHref, stepForm } from "./goal-forms.js";
import { keepIfEditing, present, refreshList, thenRedraw } from "./kit.js";

export function loadGoals() {
  return refreshList("goals", readGoals, async (who, items, readAt) => {
    const goals = items.map(({ steps: _steps, next_step: _next, ...goal }) => ({ kind: "goal",
      path: paths.goal(goal.id), data: goal }));
    const steps = items.flatMap((goal) => goal.steps.map((step) => ({ kind: "step",
      path: paths.step(goal.id, step.id), data: step, extra: { goal_id: goal.id } })));
    await mergeFromServer(who, [...goals, ...steps], readAt);
    await dropMissing(who, "goal", goals.map((goal) => goal.path), readAt);
    await dropMissing(who, "step", steps.map((step) => step.path), readAt);
  });
}

// Every goal on the phone with its steps in order (by position, then as made) and its next step.
export async function goalsWithSteps() {
  const records = await listRecords(uid(), "goal", "step");
  const made = (record) => record.data.created_at || new Date(record.createdAt).toISOString();
  const goals = records.filter((record) => record.kind === "goal")
    .sort((a, b) => made(a).localeCompare(made(b)));
  return goals.map((goal) => {
    const steps = records.filter((record) => record.kind === "step" && record.data.goal_id === goal.id)
      .sort((a, b) => (a.data.position ?? 0) - (b.data.position ?? 0) || a.createdAt - b.createdAt);
    const done = steps.filter((step) => step.data.done_on).length;
    return { goal, steps, done, next: steps.find((step) => !step.data.done_on) || null };
  });
}

function progressText({ steps, done }) {
  if (steps.length === 0) return "No steps yet";
  if (done === steps.length) return `All ${steps.length} step${steps.length === 1 ? "" : "s"} done`;
  return `${done} of ${steps.length} step${steps.length === 1 ? "" : "s"} done`;
}

async function showList() {
  const all = await goalsWithSteps();
  present("goals", h("h1", {}, "Goals and steps"),
    h("p", { class: "subtle" }, "Something that matters to you, broken into steps small enough to take."),
    linkButton("#/goals/new", "Add a goal", { class: "button primary" }),
    h("section", { class: "card", "aria-labelledby": "goals-heading" },
      h("h2", { id: "goals-heading" }, "Your goals"),
      all.length
        ? h("ul", { class: "entries" }, all.map((item) => h("li", { class: "entry", "data-id": item.goal.id },
          h("div", { class: "entry-head" },
            h("a", { class: "entry-title", href: goalHref(item.goal) }, item.goal.data.title), syncBadge(item.goal)),
          h("p", { class: "entry-when" }, progressText(item)),
          item.next ? h("p", {}, `Next: ${item.next.data.title}`) : null,
          item.goal.error ? h("p", { class: "entry-problem" }, item.goal.error.message) : null)))
        : h("p", {}, "No goals yet. Start with one thing you care about; the steps can be tiny.")));
}

async function toggleDone(goal, step) {
  const opPath = paths.stepDone(goal.id, step.id);
  if (step.data.done_on) {
    await saveAction(uid(), { path: step.path, opMethod: "DELETE", opPath, body: null, patch: { done_on: null } });
  } else {
    const doneOn = today();
    await saveAction(uid(), { path: step.path, opMethod: "POST", opPath, body: { done_on: doneOn },
      patch: { done_on: doneOn } });
  }
}

function stepItem(goal, step, isNext) {
  const data = step.data;
  const toggle = h("button", { type: "button", "data-focus-key": `step:${step.id}`,
    "aria-label": `${data.done_on ? "Not done yet" : "Mark done"}: ${data.title}`,
    onclick: () => toggleDone(goal, step) }, data.done_on ? "Not done yet" : "Mark done");
  return h("li", { class: isNext ? "entry step highlight" : "entry step", "data-id": step.id,
    "data-done": data.done_on ? "true" : "false" },
  isNext ? h("p", { class: "next-label" }, "Next step") : null,
  h("div", { class: "entry-head" }, h("span", { class: "entry-title" }, data.title), syncBadge(step)),
  h("p", { class: "entry-text" }, `Done when: ${data.done_when}`),
  data.done_on ? h("p", { class: "step-done" }, `Done on ${longDay(data.done_on)}`)
    : data.due_on ? h("p", { class: "entry-when" }, `By ${longDay(data.due_on)}`) : null,
  step.error ? h("p", { class: "entry-problem" }, step.error.message) : null,
  h("div", { class: "entry-actions" }, toggle,
    h("a", { href: goalHref(goal, `/steps/${encodeURIComponent(step.id)}`), "aria-label": `Change step: ${data.title}` },
      "Change")));
}

function goalScreen(item, key) {
  const { goal, steps, next } = item;
  const data = goal.data;
  return present(key, h("h1", {}, data.title),
    h("p", { class: "entry-text" }, data.why),
    data.target_date ? h("p", { class: "subtle" }, `Hoping for ${longDay(data.target_date)}`) : null,
    goal.error ? notice(`${goal.error.message} Open "Change goal" to fix it.`, "error") : null,
    h("section", { class: "card", "aria-labelledby": "steps-heading" },
      h("h2", { id: "steps-heading" }, "Steps"),
      h("p", { class: "big progress-text" }, progressText(item)),
      steps.length
        ? h("ol", { class: "entries steps" }, steps.map((step) => stepItem(goal, step, step === next)))
        : h("p", {}, "What is one small thing you could do first?"),
      linkButton(goalHref(goal, "/steps/new"), "Add a step", { class: "button primary" })),
    h("div", { class: "entry-actions" },
      h("a", { href: goalHref(goal, "/edit") }, "Change goal"),
      h("button", {
        type: "button", class: "link-button",
        onclick: async () => {
          if (!window.confirm("Delete this goal and its steps?")) return;
          await deleteRecord(uid(), goal.path);
          location.hash = "#/goals";
        },
      }, "Delete goal")),
    h("p", {}, h("a", { href: "#/goals" }, "Back to goals")));
}

function deleteStepButton(goal, step) {
  return h("button", {
    type: "button", class: "danger",
    onclick: async () => {
      if (!window.confirm("Delete this step?")) return;
      await deleteRecord(uid(), step.path);
      location.hash = goalHref(goal);
    },
  }, "Delete this step");
}

function gone(key, text) {
  present(key, h("h1", {}, "Goals and steps"), notice(text), h("p", {}, h("a", { href: "#/goals" }, "Back to goals")));
}

// #/goals, #/goals/new, #/goals/ID, #/goals/ID/edit, #/goals/ID/steps/new, #/goals/ID/steps/SID
export async function showGoals(_params, [id, part, stepId] = []) {
  if (!id) {
    const reading = loadGoals(); // before the phone's copy is read: a read already under way is then shown too
    await showList();
    thenRedraw(reading);
    return;
  }
  const key = `goal:${id}:${part || ""}:${stepId || ""}`;
  if (keepIfEditing(key)) return;
  if (id === "new") {
    present(key, h("h1", {}, "Add a goal"), goalForm(null, key), h("p", {}, h("a", { href: "#/goals" }, "Back to goals")));
    return;
  }
  const find = async () => (await goalsWithSteps()).find((each) => each.goal.id === id);
  let item = await find();
  if (!item && (await loadGoals())) item = await find(); // a link to a goal this phone has not seen yet
  if (!item) {
    gone(key, "That goal is not on this phone any more.");
    return;
  }
  const back = h("p", {}, h("a", { href: goalHref(item.goal) }, `Back to ${item.goal.data.title}`));
  if (part === "edit") {
    present(key, h("h1", {}, "Change your goal"), goalForm(item.goal, key), back);
  } else if (part === "steps" && stepId === "new") {
    present(key, h("h1", {}, "Add a step"), h("p", { class: "subtle" }, `For: ${item.goal.data.title}`),
      stepForm(item, null, key), back);
  } else if (part === "steps") {
    const step = item.steps.find((each) => each.id === stepId);
    if (!step) {
      gone(key, "That step is not on this phone any more.");
      return;
    }
    present(key, h("h1", {}, "Change a step"), h("p", { class: "subtle" }, `For: ${item.goal.data.title}`),
      stepForm(item, step, key), deleteStepButton(item.goal, step), back);
  } else {
    goalScreen(item, key);
  }
}
