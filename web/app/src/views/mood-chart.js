// The client's mood a day (uPlot, through web/shared/chart.js as the therapist page draws it) over a week, a month
// or a year, with away days shaded; beside it the same data in words and a table. Loaded on demand (its own chunk).
import { baseOptions, chartFigure, dayAxes, daySeconds, uPlot } from "../../../shared/chart.js";
import { h } from "../ui.js";

export const RANGES = { week: 7, month: 30, year: 366 };
const MOOD = "#1d4ed8";
const AWAY = "rgba(100, 116, 139, 0.22)";
const DAY = 86400;

// Draws the last `RANGES[range]` of `days` ({date, mood | null, away}, oldest first) into `holder`, replacing what
// was there; measures "mood-chart" (start to first draw) in the page's performance timeline
// (bench/companion_chart.py reads it).
export function drawMoodChart(holder, days, range) {
  performance.mark("mood-chart-start");
  const shown = days.slice(-RANGES[range]);
  holder.replaceChildren();
  const xs = shown.map((d) => daySeconds(d.date));
  const moods = shown.map((d) => d.mood);
  const away = xs.filter((_, i) => shown[i].away);
  const label = `Your mood a day over the last ${range === "year" ? "year" : `${shown.length} days`}, `
    + "from 0 to 10; shaded days were marked as away.";
  const options = {
    ...baseOptions(holder, 220),
    scales: { x: { time: true, range: () => [xs[0] - DAY / 2, xs[xs.length - 1] + DAY / 2] }, y: { range: [0, 10] } },
    axes: dayAxes(() => [0, 2, 4, 6, 8, 10]),
    series: [{}, { label: "Mood", stroke: MOOD, width: 2, spanGaps: false,
      points: { show: true, size: range === "year" ? 3 : 6, fill: MOOD } }],
    hooks: {
      drawAxes: [(u) => {
        const { ctx } = u;
        ctx.save();
        ctx.fillStyle = AWAY;
        for (const x of away) {
          const left = u.valToPos(x - DAY / 2, "x", true);
          const right = u.valToPos(x + DAY / 2, "x", true);
          ctx.fillRect(left, u.bbox.top, Math.max(1, right - left), u.bbox.height);
        }
        ctx.restore();
      }],
      // uPlot draws in a microtask after it is made: the chart is on the canvas at its first draw.
      draw: [() => {
        if (drawn) return;
        drawn = true;
        performance.mark("mood-chart-end");
        performance.measure("mood-chart", "mood-chart-start", "mood-chart-end");
      }],
    },
  };
  let drawn = false;
  const chart = new uPlot(options, [xs, moods], chartFigure(holder, label));
  holder.append(moodWords(shown, range), moodTable(shown, range));
  return chart;
}

function average(values) {
  return values.length ? (values.reduce((sum, v) => sum + v, 0) / values.length).toFixed(1) : null;
}

function dayCount(n) {
  return `${n} ${n === 1 ? "day" : "days"}`;
}

// The chart in words: how many days hold a mood, their average, and the days away.
export function moodWords(shown, range) {
  const logged = shown.filter((d) => d.mood !== null).map((d) => d.mood);
  const awayDays = shown.filter((d) => d.away).length;
  const span = range === "year" ? "the last year" : `the last ${shown.length} days`;
  const mood = logged.length ? `Over ${span}, your mood averaged ${average(logged)} on ${dayCount(logged.length)} `
    + "with a mood logged." : `No mood logged over ${span} yet.`;
  return h("p", { class: "chart-words", "data-field": "mood-words" },
    mood, awayDays ? ` ${dayCount(awayDays)} marked as away (shaded).` : "");
}

const MONTH = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const SHORT_DAY = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });

// The same data as a table: a row a day for a week or a month, a row a month for a year.
function moodTable(shown, range) {
  const rows = range === "year" ? monthRows(shown) : shown.map((d) => ({
    label: SHORT_DAY.format(new Date(daySeconds(d.date) * 1000)),
    mood: d.mood === null ? "–" : d.mood.toFixed(1), away: d.away ? "Away" : "" }));
  return h("details", { class: "chart-table" },
    h("summary", {}, "Show as a table"),
    h("table", {},
      h("caption", {}, range === "year" ? "Your mood by month" : "Your mood by day"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, range === "year" ? "Month" : "Day"),
        h("th", { scope: "col" }, range === "year" ? "Average mood (days)" : "Mood"),
        h("th", { scope: "col" }, "Away"))),
      h("tbody", {}, rows.map((row) => h("tr", {}, h("th", { scope: "row" }, row.label), h("td", {}, row.mood),
        h("td", {}, row.away))))));
}

function monthRows(shown) {
  const months = new Map();
  for (const d of shown) {
    const key = d.date.slice(0, 7);
    if (!months.has(key)) months.set(key, { first: d.date, moods: [], away: 0 });
    const month = months.get(key);
    if (d.mood !== null) month.moods.push(d.mood);
    if (d.away) month.away += 1;
  }
  return [...months.values()].map((m) => ({
    label: MONTH.format(new Date(daySeconds(m.first) * 1000)),
    mood: m.moods.length ? `${average(m.moods)} (${m.moods.length})` : "–",
    away: m.away ? dayCount(m.away) : "" }));
}
