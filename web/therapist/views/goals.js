// The client's goals and micro-steps in their review: titles, dates and progress always; the "why", each step's
// "done when" and notes only when the client shares their words (the API sends them as null otherwise).
import { readClientGoals } from "../../shared/api.ts";
import { h } from "../../shared/dom.js";
import { dayText, plural } from "../format.js";
import { endedSession } from "../session.js";

// A section that fills itself a page at a time (GET .../goals answers at most 10 goals a page). `onPage(items, more,
// error)` hears each page read (or not), so the suggestion form picks a step's goal from these same goals with no
// request of its own.
export function goalsSection(cid, review, name, onPage = () => {}) {
  const list = h("ul", { class: "plain goals" });
  const status = h("p", { class: "muted", role: "status", id: "goals-status" }, "Loading goals…");
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "Show more goals");
  const section = h("section", { class: "card wide", id: "goals", "aria-labelledby": "goals-title" },
    h("h2", { id: "goals-title" }, "Goals and micro-steps"),
    review.share_notes ? null : h("p", { class: "notice", id: "goal-words-hidden" },
      `${name} has not chosen to share their words with you, so why each goal matters to them and what “done” `
      + "means for each step are not shown. Titles, dates and progress are complete."),
    list, status, more);
  let cursor = null;
  const load = async () => {
    more.disabled = true;
    let page;
    try {
      page = await readClientGoals(cid, cursor);
    } catch (error) {
      if (endedSession(error)) return;
      status.textContent = error.message;
      more.disabled = false;
      onPage([], Boolean(cursor), error);
      return;
    }
    list.append(...page.items.map(goalItem));
    cursor = page.next_cursor;
    status.textContent = list.children.length ? "" : `${name} has no goals yet.`;
    more.hidden = !cursor;
    more.disabled = false;
    onPage(page.items, Boolean(cursor));
  };
  more.addEventListener("click", load);
  load();
  return section;
}

function goalItem(goal) {
  const titleId = `goal-${goal.id}`;
  const progress = `${goal.steps_done} of ${plural(goal.steps_total, "step")} done`
    + (goal.target_date ? ` · aiming for ${dayText(goal.target_date)}` : "");
  return h("li", { class: "goal", "data-goal": goal.id },
    h("h3", { id: titleId }, goal.title),
    goal.why ? h("p", { class: "quote" }, "Why it matters: ", h("q", {}, goal.why)) : null,
    h("p", { class: "muted" }, progress),
    goal.next_step ? h("p", { class: "next-step" }, h("strong", {}, "Next step: "), goal.next_step.title) : null,
    goal.steps.length ? h("ol", { class: "steps", "aria-label": `Steps of ${goal.title}` }, goal.steps.map(stepItem))
      : h("p", {}, "No steps yet."));
}

function stepItem(step) {
  const done = step.done_on !== null;
  return h("li", { class: done ? "step step-done" : "step" },
    h("span", { class: "step-mark", "aria-hidden": "true" }, done ? "✓" : "○"),
    h("span", {}, step.title,
      h("span", { class: "sr" }, done ? `: done on ${dayText(step.done_on)}` : ": not done yet")),
    done ? h("span", { class: "muted" }, ` · done ${dayText(step.done_on)}`) : null,
    !done && step.due_on ? h("span", { class: "muted" }, ` · due ${dayText(step.due_on)}`) : null,
    step.done_when ? h("span", { class: "done-when" }, `Done when: ${step.done_when}`) : null,
    step.note ? h("span", { class: "note-text" }, `Note: ${step.note}`) : null);
}
