// What helps you: the patterns in the client's own last year the server found past honest minimums (each in its
// own plain words, or how many more practices or days it needs), and the mood chart over a week, a month or a
// year. Read when the screen opens and kept on the phone: offline, the last answer.
import { readWhatHelps } from "../../../shared/api.ts";
import { focusHeading, h, show } from "../ui.js";
import { alreadyShown, lastUpdated, readThrough, refreshAfterUpload, screenHeading } from "./cached.js";

export async function showHelps(_params, _rest, { redraw = false, refreshed = false } = {}) {
  if (redraw && alreadyShown("helps")) return;
  if (!refreshed) performance.mark("helps-open");
  const result = await readThrough("what-helps", readWhatHelps);
  if (redraw && alreadyShown("helps")) return;
  const helps = result.data;
  const heading = screenHeading("helps", "What helps you");
  show(heading, lastUpdated(result),
    h("p", { class: "hint" }, "What went together in what you logged over the last year. These are patterns, "
      + "not proof of cause: you know best what they mean for you."),
    await chartCard(helps.days),
    card("stress-heading", "Stress before and after breathing", "stress",
      helps.stress_by_technique.items.map((item) => line(item.text, item.needs, item.technique)),
      helps.stress_by_technique.text),
    card("mood-practice-heading", "Mood and breathing practice", "mood-practice",
      [line(helps.mood_and_practice.text, helps.mood_and_practice.needs_with + helps.mood_and_practice.needs_without)]),
    card("strengths-heading", "Strengths you tested", "strengths", [line(helps.strengths.text, helps.strengths.needs)]),
    card("predictions-heading", "What you predicted, and how it went", "predictions",
      [line(helps.predictions.text, helps.predictions.needs)]));
  refreshAfterUpload(heading, () => showHelps(null, [], { refreshed: true }));
  if (!refreshed) focusHeading();
}

// One result: shown, or (with `needs` above 0) the quieter "needs N more" line.
function line(text, needs, name = "") {
  return h("p", { class: needs ? "hint needs-more" : "finding", "data-needs": String(needs), "data-name": name }, text);
}

function card(id, title, field, lines, note = null) {
  return h("section", { class: "card", "aria-labelledby": id, "data-field": field },
    h("h2", { id }, title), ...lines, note ? h("p", { class: "hint needs-more" }, note) : null);
}

async function chartCard(days) {
  const { RANGES, drawMoodChart } = await import("./mood-chart.js");
  const holder = h("div", { class: "chart-holder", "data-field": "mood-chart" });
  const choices = Object.keys(RANGES).map((range) => h("span", { class: "scale-option" },
    h("input", { type: "radio", name: "mood-range", id: `mood-range-${range}`, value: range, checked: range === "month",
      onchange: () => drawMoodChart(holder, days, range) }),
    h("label", { for: `mood-range-${range}` }, range === "week" ? "Week" : range === "month" ? "Month" : "Year")));
  const section = h("section", { class: "card", "aria-labelledby": "mood-chart-heading" },
    h("h2", { id: "mood-chart-heading" }, "Your mood over time"),
    h("fieldset", { class: "range" }, h("legend", {}, "Show the last"),
      h("div", { class: "scale-options range-options" }, choices)),
    holder);
  // Drawn once the card is on screen, so the chart takes the card's width.
  requestAnimationFrame(() => { if (holder.isConnected) drawMoodChart(holder, days, "month"); });
  return section;
}
