// The forms of a goal (what it is and why it matters) and of its micro-steps (each with a clear "done when").
import { paths } from "../../../shared/api.ts";
import { newId, uid } from "../session.js";
import { saveRecord } from "../store.js";
import { field, h, showFieldErrors } from "../ui.js";
import { saved, savingForm, statusLine } from "./kit.js";

const MAX_POSITION = 10000;

export const goalHref = (goal, tail = "") => `#/goals/${encodeURIComponent(goal.id)}${tail}`;

export function goalForm(record, key) {
  const data = record ? record.data : {};
  const title = h("input", { type: "text", name: "title", maxlength: 200, required: true, value: data.title || "" });
  const why = h("textarea", { name: "why", maxlength: 1000, rows: 3, required: true }, data.why || "");
  const target = h("input", { type: "date", name: "target_date", min: "2000-01-01", max: "2100-12-31",
    value: data.target_date || "" });
  const status = statusLine();
  const form = savingForm(key, { class: "card" }, {
    missing: () => [
      !title.value.trim() && ["title", "A few words for the goal."],
      !why.value.trim() && ["why", "Say, in your words, why it matters to you."],
    ],
    save: async () => {
      const id = record ? record.id : newId();
      const body = { title: title.value.trim(), why: why.value.trim(), target_date: target.value || null };
      await saveRecord(uid(), { kind: "goal", path: paths.goal(id), body });
      saved(form);
      location.hash = goalHref({ id });
    },
  },
  field("title", "Your goal", title),
  field("why", "Why does it matter to you?", why),
  field("target_date", "Target date (optional)", target),
  status,
  h("button", { type: "submit", class: "primary" }, "Save goal"));
  if (record && record.error) showFieldErrors(form, record.error, status);
  return form;
}

export function stepForm(goalItem, record, key) {
  const data = record ? record.data : {};
  const goal = goalItem.goal;
  const title = h("input", { type: "text", name: "title", maxlength: 200, required: true, value: data.title || "" });
  const doneWhen = h("textarea", { name: "done_when", maxlength: 500, rows: 2, required: true }, data.done_when || "");
  const due = h("input", { type: "date", name: "due_on", min: "2000-01-01", max: "2100-12-31", value: data.due_on || "" });
  const status = statusLine();
  const form = savingForm(key, { class: "card" }, {
    missing: () => [
      !title.value.trim() && ["title", "Name the step in a few words."],
      !doneWhen.value.trim() && ["done_when", "How will you know it is done? Something you could see or tick."],
    ],
    save: async () => {
      const last = goalItem.steps.reduce((most, step) => Math.max(most, step.data.position ?? 0), -1);
      const position = record ? (data.position ?? 0) : Math.min(MAX_POSITION, last + 1);
      const stepId = record ? record.id : newId();
      const body = { title: title.value.trim(), done_when: doneWhen.value.trim(), due_on: due.value || null, position };
      await saveRecord(uid(), { kind: "step", path: paths.step(goal.id, stepId), body, extra: { goal_id: goal.id } });
      saved(form);
      location.hash = goalHref(goal);
    },
  },
  field("title", "Step", title, "Small enough to do in one go."),
  field("done_when", "Done when…", doneWhen, "How you will know it is done."),
  field("due_on", "Due date (optional)", due),
  status,
  h("button", { type: "submit", class: "primary" }, record ? "Save step" : "Add step"));
  if (record && record.error && record.error.path === record.path) showFieldErrors(form, record.error, status);
  return form;
}
