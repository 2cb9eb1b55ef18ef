// The mood chart (uPlot, canvas) with the client's own baseline as a band; gaps stay gaps.
import uPlot from "uplot";
import { parseDay } from "../format.js";

const INK = "#1f2a37";
const MOOD = "#1d4ed8";
const BAND = "rgba(21, 128, 61, 0.16)";
const SESSION = "#9a3412";

export function moodChart(container, days, moodByDay, sessionDates, label) {
  const xs = days.map((d) => parseDay(d.date).getTime() / 1000);
  const mood = days.map((d) => (moodByDay.has(d.date) ? moodByDay.get(d.date).mean : null));
  const low = days.map((d) => d.baseline_low);
  const high = days.map((d) => d.baseline_high);
  const sessions = new Set(sessionDates);
  const width = Math.max(280, Math.min(container.clientWidth || 720, 960));
  const options = {
    width,
    height: 240,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false },
    scales: { x: { time: true }, y: { range: [0, 10] } },
    axes: [
      { stroke: INK, grid: { stroke: "#e5e7eb" }, ticks: { stroke: "#9ca3af" } },
      { stroke: INK, grid: { stroke: "#e5e7eb" }, ticks: { stroke: "#9ca3af" }, splits: () => [0, 2, 4, 6, 8, 10] },
    ],
    series: [
      {},
      { label: "Mood (daily mean)", stroke: MOOD, width: 2, spanGaps: false, points: { show: true, size: 7, fill: MOOD } },
      { label: "Baseline low", stroke: "rgba(0,0,0,0)", width: 0, points: { show: false } },
      { label: "Baseline high", stroke: "rgba(0,0,0,0)", width: 0, points: { show: false } },
    ],
    bands: [{ series: [3, 2], fill: BAND }],
    hooks: {
      draw: [(u) => {
        // Session dates as thin vertical lines.
        const { ctx } = u;
        ctx.save();
        ctx.strokeStyle = SESSION;
        ctx.setLineDash([4, 4]);
        ctx.lineWidth = 1.5;
        for (const day of sessions) {
          const x = u.valToPos(parseDay(day).getTime() / 1000, "x", true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      }],
    },
  };
  const figure = document.createElement("div");
  figure.className = "chart";
  figure.setAttribute("role", "img");
  figure.setAttribute("aria-label", label);
  container.append(figure);
  return new uPlot(options, [xs, mood, low, high], figure);
}
