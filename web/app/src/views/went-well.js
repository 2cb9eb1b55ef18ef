// "What went well" (#/went-well): the client's positive data log (Padesky), kept by the app. It gathers what went
// well from check-ins, what was learned from experiments and the micro-steps done, by month, newest first, from
// what the phone holds (History's pages add older check-ins and experiments as they are read; the goals' and
// experiments' lists are read as their own screens read them). Read only.
import { uid } from "../session.js";
import { listRecords, recordsBetween } from "../store.js";
import { h, humanize, longDay } from "../ui.js";
import { loadExperiments } from "./experiments.js";
import { loadGoals } from "./goals.js";
import { byMonth, monthName } from "./history.js";
import { everRead, present, thenRedraw } from "./kit.js";

// The statement's own terms (domain/sharing.py): the words are shared only with note sharing; steps done always.
export const PRIVATE_LINE = "The words here stay yours unless you choose to share your notes with your therapist; "
  + "they see which steps you have done either way.";

// Each good thing as {day, label, text}: a check-in's "went well", an experiment's lesson, a step done.
export function goodThings(checkins, experiments, steps, goals) {
  const goalTitles = new Map(goals.map((goal) => [goal.id, goal.data.title]));
  return [
    ...checkins.filter((r) => r.data.went_well).map((r) => ({ day: r.data.local_date, label: "What went well",
      text: r.data.went_well })),
    ...experiments.filter((r) => r.data.outcome && r.data.outcome.learned).map((r) => ({
      day: r.data.outcome.done_on, label: `What you learned from trying ${humanize(r.data.strength || "a strength")
        .toLowerCase()}`, text: r.data.outcome.learned })),
    ...steps.filter((r) => r.data.done_on).map((r) => ({ day: r.data.done_on, label: goalTitles.has(r.data.goal_id)
      ? `A step done towards "${goalTitles.get(r.data.goal_id)}"` : "A step done", text: r.data.title })),
  ].filter((thing) => thing.day).sort((a, b) => b.day.localeCompare(a.day));
}

export async function showWentWell(_query, _rest, { redraw = false } = {}) {
  const who = uid();
  if (!redraw) { // the goals' and experiments' lists, only while this phone has never read them: their own
    // screens keep them fresh, so opening this log every day costs the server nothing
    const [goalsRead, experimentsRead] = await Promise.all([everRead("goals"), everRead("experiments")]);
    if (!goalsRead) thenRedraw(loadGoals());
    if (!experimentsRead) thenRedraw(loadExperiments());
  }
  const [checkins, experiments, steps, goals] = await Promise.all([recordsBetween(who, ["checkin"]),
    listRecords(who, "experiment"), listRecords(who, "step"), listRecords(who, "goal")]);
  const months = byMonth(goodThings(checkins, experiments, steps, goals), (thing) => thing.day);
  present("went-well", h("h1", {}, "What went well"),
    h("p", { class: "hint" }, "Good things you noted, gathered in one place: what went well, what you learned from "
      + "your experiments, and the steps you took."),
    h("p", { class: "hint", id: "went-well-private" }, PRIVATE_LINE),
    months.size ? null : h("p", {}, "As you note what went well, what you learn and the steps you take, they "
      + "gather here."),
    [...months].map(([month, things]) => h("section", { class: "card", "aria-labelledby": `good-${month}` },
      h("h2", { id: `good-${month}` }, monthName(month)),
      h("ul", { class: "entries good-things" }, things.map((thing) => h("li", { class: "entry" },
        h("p", { class: "entry-when" }, `${longDay(thing.day)} · ${thing.label}`),
        h("p", { class: "entry-text" }, thing.text)))))),
    h("p", { class: "hint" }, "Older months join in as you open them in ", h("a", { href: "#/history" }, "History"),
      "."));
}
