// Answering the client between sessions: a suggestion (a new goal or a strength experiment) they may take, change or
// let go, and what became of the ones made before. Nothing here is added to their record: only their tap does that.
import vocabulary from "contract:vocabulary";
import { offerSuggestion, readClientSuggestions } from "../../shared/api.ts";
import { h } from "../../shared/dom.js";
import { dayText } from "../format.js";
import { endedSession } from "../session.js";

// Said of the client's answer as it is: "not taken" is never a refusal.
const STATE_WORDS = { open: "Waiting for their answer", taken: "Taken", not_taken: "Not taken" };
const KIND_WORDS = { goal: "Goal", experiment: "Strength experiment", step: "Micro-step" };

export function suggestionsSection(cid, name) {
  const section = h("section", { class: "card wide", id: "suggestions", "aria-labelledby": "suggestions-title" },
    h("h2", { id: "suggestions-title" }, "Suggestions"),
    h("p", { class: "muted" }, `${name} sees a suggestion in their app as "Suggested by" you. They can take it as it is, `
      + "change it first, or let it go. It becomes part of their record only if they take it."),
    h("ul", { class: "plain suggestions", id: "suggestion-list", "aria-live": "polite" },
      h("li", { class: "muted" }, "Loading suggestions…")),
    h("h3", {}, "Suggest something"), suggestionForm(cid));
  return section;
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
  return h("li", { "data-suggestion": s.id, "data-state": s.state },
    h("p", {}, h("strong", {}, `${KIND_WORDS[s.kind]}: `), proposal.title || proposal.plan),
    h("p", { class: "muted" }, `Suggested ${dayText(s.created_at.slice(0, 10))} · `,
      h("span", { class: "suggestion-state" }, state)));
}

function field(id, label, control) {
  return [h("label", { for: id }, label), control];
}

function suggestionForm(cid) {
  const kind = h("select", { id: "suggestion-kind" },
    h("option", { value: "goal" }, "A new goal"), h("option", { value: "experiment" }, "A strength experiment"));
  const goalTitle = h("input", { id: "suggestion-goal-title", maxlength: 200 });
  const why = h("textarea", { id: "suggestion-goal-why", rows: 2, maxlength: 1000 });
  const strength = h("select", { id: "suggestion-strength" }, vocabulary.strengths.map((name) =>
    h("option", { value: name }, name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, " "))));
  const plan = h("textarea", { id: "suggestion-plan", rows: 2, maxlength: 1000 });
  const day = h("input", { id: "suggestion-day", type: "date" });
  const goalFields = h("div", { id: "suggestion-goal-fields" },
    field("suggestion-goal-title", "Goal", goalTitle), field("suggestion-goal-why", "Why it could matter to them", why));
  const experimentFields = h("div", { id: "suggestion-experiment-fields", hidden: true },
    field("suggestion-strength", "Strength", strength),
    field("suggestion-plan", "Plan", plan), field("suggestion-day", "A day to try it", day));
  kind.addEventListener("change", () => {
    goalFields.hidden = kind.value !== "goal";
    experimentFields.hidden = kind.value !== "experiment";
  });
  const status = h("p", { role: "status", id: "suggestion-status" });
  const button = h("button", { type: "submit" }, "Send suggestion");
  return h("form", {
    "aria-label": "Suggest something",
    onsubmit: async (event) => {
      event.preventDefault();
      const body = kind.value === "goal"
        ? { goal: { title: goalTitle.value.trim(), why: why.value.trim() } }
        : { experiment: { strength: strength.value, plan: plan.value.trim(),
          planned_for: day.value } };
      button.disabled = true;
      try {
        await offerSuggestion(cid, crypto.randomUUID(), body);
        status.textContent = "Suggestion sent. It waits in their app until they answer.";
        event.target.reset();
        goalFields.hidden = false;
        experimentFields.hidden = true;
        await loadSuggestions(cid);
      } catch (error) {
        if (endedSession(error)) return;
        status.textContent = error.message;
      } finally {
        button.disabled = false;
      }
    },
  }, field("suggestion-kind", "What to suggest", kind), goalFields, experimentFields, button, status);
}
