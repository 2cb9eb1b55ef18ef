// Answering the client between sessions: a suggestion (a micro-step for one of their goals, a strength experiment or
// a new goal) they may take, change or let go, and what became of the ones made before. Nothing here is added to
// their record: only their tap does that. A step's goal is picked from the goals the review's goals section read.
import vocabulary from "contract:vocabulary";
import { offerSuggestion, readClientSuggestions } from "../../shared/api.ts";
import { h } from "../../shared/dom.js";
import { dayText } from "../format.js";
import { endedSession } from "../session.js";

// Said of the client's answer as it is: "not taken" is never a refusal.
const STATE_WORDS = { open: "Waiting for their answer", taken: "Taken", not_taken: "Not taken" };
const KIND_WORDS = { goal: "Goal", experiment: "Strength experiment", step: "Micro-step" };
// The titles of the client's goals read so far (by the goals section), to name a suggested step's goal.
let goalTitles = new Map();

// The section, and `offerGoals(items, more, error)` for the goals section to hand each page of goals it reads.
export function suggestionsSection(cid, name) {
  goalTitles = new Map();
  const form = suggestionForm(cid, name);
  const section = h("section", { class: "card wide", id: "suggestions", "aria-labelledby": "suggestions-title" },
    h("h2", { id: "suggestions-title" }, "Suggestions"),
    h("p", { class: "muted" }, `${name} sees a suggestion in their app as "Suggested by" you. They can take it as it is, `
      + "change it first, or let it go. It becomes part of their record only if they take it."),
    h("ul", { class: "plain suggestions", id: "suggestion-list", "aria-live": "polite" },
      h("li", { class: "muted" }, "Loading suggestions…")),
    h("h3", {}, "Suggest something"), form.node);
  const offerGoals = (items, more, error) => {
    items.forEach((goal) => goalTitles.set(goal.id, goal.title));
    section.querySelectorAll("[data-goal-ref]").forEach((span) => {
      if (goalTitles.has(span.dataset.goalRef)) span.textContent = `“${goalTitles.get(span.dataset.goalRef)}”`;
    });
    form.offerGoals(items, more, error);
  };
  return { section, offerGoals };
}

export async function loadSuggestions(cid) {
  const list = document.getElementById("suggestion-list");
  if (!list) return;
  try {
    const { items } = await readClientSuggestions(cid);
    list.replaceChildren(...(items.length ? items.map(suggestionItem)
      : [h("li", { class: "muted", id: "no-suggestions" }, "No suggestions yet.")]));
  } catch (error) {
    if (endedSession(error)) return;
    list.replaceChildren(h("li", { role: "alert" }, error.message));
  }
}

function suggestionItem(s) {
  const proposal = s[s.kind];
  const state = s.state === "taken" && s.changed ? "Taken, with their own changes" : STATE_WORDS[s.state];
  const forGoal = s.kind === "step" ? [" for ", h("span", { class: "step-goal", "data-goal-ref": s.goal_id },
    goalTitles.has(s.goal_id) ? `“${goalTitles.get(s.goal_id)}”` : "one of their goals")] : [];
  return h("li", { "data-suggestion": s.id, "data-state": s.state },
    h("p", {}, h("strong", {}, KIND_WORDS[s.kind], ...forGoal, ": "), proposal.title || proposal.plan),
    h("p", { class: "muted" }, `Suggested ${dayText(s.created_at.slice(0, 10))} · `,
      h("span", { class: "suggestion-state" }, state)));
}

function field(id, label, control) {
  return [h("label", { for: id }, label), control];
}

// The step's own fields: the goal (from the goals read so far), the step, an optional "done when" and due date.
// Until the goals are read it says so; with none it says a step needs one of their goals and offers a goal instead.
function stepFields(name, suggestGoal) {
  const goal = h("select", { id: "suggestion-step-goal" });
  const title = h("input", { id: "suggestion-step-title", maxlength: 200 });
  const doneWhen = h("textarea", { id: "suggestion-step-done-when", rows: 2, maxlength: 500 });
  const due = h("input", { id: "suggestion-step-due", type: "date" });
  const choose = h("div", { id: "suggestion-step-choose", hidden: true },
    field("suggestion-step-goal", "For their goal", goal),
    h("p", { class: "muted", id: "suggestion-step-more", hidden: true },
      "Only the goals shown above are listed here; “Show more goals” adds the rest."),
    field("suggestion-step-title", "Step", title),
    field("suggestion-step-done-when", "Done when (optional: they can say it when they take it)", doneWhen),
    field("suggestion-step-due", "Due (optional)", due));
  const waiting = h("p", { class: "muted", id: "suggestion-step-waiting" }, "Reading their goals…");
  const none = h("div", { class: "notice", id: "suggestion-step-no-goals", hidden: true },
    h("p", {}, `A micro-step needs one of ${name}’s goals, and they have no goals yet. `
      + "You could suggest a goal instead."),
    h("button", { type: "button", class: "secondary", onclick: suggestGoal }, "Suggest a goal instead"));
  const node = h("div", { id: "suggestion-step-fields", hidden: true }, waiting, none, choose);
  return {
    node,
    ready: () => goal.options.length > 0,
    offerGoals(items, more, error) {
      goal.append(...items.map((g) => h("option", { value: g.id }, g.title)));
      if (error && goal.options.length === 0) {  // not known to have none: say why there is nothing to pick
        waiting.textContent = "Their goals could not be read just now (see Goals and micro-steps above). "
          + "A step needs one of them; reload the page to try again.";
        return;
      }
      waiting.hidden = true;
      none.hidden = goal.options.length > 0;
      choose.hidden = goal.options.length === 0;
      choose.querySelector("#suggestion-step-more").hidden = !more;
    },
    body: () => ({ goal_id: goal.value, step: { title: title.value.trim(), done_when: doneWhen.value.trim() || null,
      due_on: due.value || null } }),
  };
}

function suggestionForm(cid, name) {
  const kind = h("select", { id: "suggestion-kind" },
    h("option", { value: "goal" }, "A new goal"), h("option", { value: "experiment" }, "A strength experiment"),
    h("option", { value: "step" }, "A micro-step for one of their goals"));
  const goalTitle = h("input", { id: "suggestion-goal-title", maxlength: 200 });
  const why = h("textarea", { id: "suggestion-goal-why", rows: 2, maxlength: 1000 });
  const strength = h("select", { id: "suggestion-strength" }, vocabulary.strengths.map((word) =>
    h("option", { value: word }, word.charAt(0).toUpperCase() + word.slice(1).replace(/_/g, " "))));
  const plan = h("textarea", { id: "suggestion-plan", rows: 2, maxlength: 1000 });
  const day = h("input", { id: "suggestion-day", type: "date" });
  const goalFields = h("div", { id: "suggestion-goal-fields" },
    field("suggestion-goal-title", "Goal", goalTitle), field("suggestion-goal-why", "Why it could matter to them", why));
  const experimentFields = h("div", { id: "suggestion-experiment-fields", hidden: true },
    field("suggestion-strength", "Strength", strength),
    field("suggestion-plan", "Plan", plan), field("suggestion-day", "A day to try it", day));
  const button = h("button", { type: "submit" }, "Send suggestion");
  const showKind = () => {
    goalFields.hidden = kind.value !== "goal";
    experimentFields.hidden = kind.value !== "experiment";
    step.node.hidden = kind.value !== "step";
    button.hidden = kind.value === "step" && !step.ready();
  };
  const step = stepFields(name, () => {
    kind.value = "goal";
    showKind();
    goalTitle.focus();
  });
  kind.addEventListener("change", showKind);
  const status = h("p", { role: "status", id: "suggestion-status" });
  const node = h("form", {
    "aria-label": "Suggest something",
    onsubmit: async (event) => {
      event.preventDefault();
      const body = { goal: () => ({ goal: { title: goalTitle.value.trim(), why: why.value.trim() } }),
        experiment: () => ({ experiment: { strength: strength.value, plan: plan.value.trim(),
          planned_for: day.value } }),
        step: step.body }[kind.value]();
      button.disabled = true;
      try {
        await offerSuggestion(cid, crypto.randomUUID(), body);
        status.textContent = "Suggestion sent. It waits in their app until they answer.";
        const chosen = kind.value;  // the next suggestion is often of the same kind
        event.target.reset();
        kind.value = chosen;
        showKind();
        await loadSuggestions(cid);
      } catch (error) {
        if (endedSession(error)) return;
        status.textContent = error.message;
      } finally {
        button.disabled = false;
      }
    },
  }, field("suggestion-kind", "What to suggest", kind), goalFields, experimentFields, step.node, button, status);
  return { node, offerGoals: (items, more, error) => { step.offerGoals(items, more, error); showKind(); } };
}
