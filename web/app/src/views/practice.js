// The Practice tab (#/practice): the ways to practise, each in one warm line, and what is next (the next planned
// experiment, the next step of each goal) from the phone's copy, refreshed from the server at most once a minute.
import { today } from "../session.js";
import { h, longDay } from "../ui.js";
import { experimentRecords, experimentStatus, experimentTitle, loadExperiments } from "./experiments.js";
import { goalsWithSteps, loadGoals } from "./goals.js";
import { present, thenRedraw } from "./kit.js";

const WAYS = [
  ["#/mood", "Log a mood", "Name what you're feeling, in a few taps."],
  ["#/breathing", "Breathe", "A calm pacer to follow for one to five minutes."],
  ["#/experiments", "Strength experiments", "Try one of your strengths in a small, real moment and see what happens."],
  ["#/goals", "Goals and steps", "Break what matters into steps small enough to take."],
  ["#/away", "Time away", "Going away? Pause your streak while you're gone."],
];
const MAX_STEPS_SHOWN = 3;

function plannedText(plannedFor, day) {
  if (plannedFor === day) return "Planned for today: how did it go?";
  if (plannedFor < day) return `Planned for ${longDay(plannedFor)}: how did it go?`;
  return `Planned for ${longDay(plannedFor)}`;
}

async function whatIsNext() {
  const day = today();
  const planned = (await experimentRecords())
    .filter((record) => experimentStatus(record.data, day) === "planned")
    .sort((a, b) => a.data.planned_for.localeCompare(b.data.planned_for));
  const items = [];
  if (planned.length) {
    const next = planned[0];
    items.push(h("li", {},
      h("a", { href: `#/experiments/${encodeURIComponent(next.id)}/outcome` }, experimentTitle(next.data)),
      h("p", { class: "entry-when" }, plannedText(next.data.planned_for, day))));
  }
  for (const { goal, next } of (await goalsWithSteps()).filter((item) => item.next).slice(0, MAX_STEPS_SHOWN)) {
    items.push(h("li", {},
      h("a", { href: `#/goals/${encodeURIComponent(goal.id)}` }, next.data.title),
      h("p", { class: "entry-when" }, `Next step for ${goal.data.title}`)));
  }
  return items;
}

async function draw() {
  const next = await whatIsNext();
  present("practice", h("h1", {}, "Practice"),
    h("nav", { "aria-label": "Ways to practise" },
      h("ul", { class: "menu" }, WAYS.map(([href, title, line]) => h("li", {},
        h("a", { href }, title), h("p", {}, line))))),
    next.length ? h("section", { class: "card", "aria-labelledby": "next-heading" },
      h("h2", { id: "next-heading" }, "What's next"),
      h("ul", { class: "entries next-list" }, next)) : null);
}

export async function showPractice() {
  const reading = Promise.all([loadExperiments(), loadGoals()]).then((read) => read.some(Boolean));
  await draw();
  thenRedraw(reading);
}
