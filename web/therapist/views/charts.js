// The mood chart (uPlot, canvas) with the client's own baseline as a band; gaps stay gaps.
import { baseOptions, chartFigure, dayAxes, uPlot } from "../../shared/chart.js";
import { parseDay } from "../format.js";

const MOOD = "#1d4ed8";
const BAND = "rgba(21, 128, 61, 0.16)";
const SESSION = "#9a3412";

export function moodChart(container, days, moodByDay, sessionDates, label) {
  const xs = days.map((d) => parseDay(d.date).getTime() / 1000);
  const mood = days.map((d) => (moodByDay.has(d.date) ? moodByDay.get(d.date).mean : null));
  const low = days.map((d) => d.baseline_low);
  const high = days.map((d) => d.baseline_high);
  const sessions = new Set(sessionDates);
  const options = {
    ...baseOptions(container, 240),
    scales: { x: { time: true }, y: { range: [0, 10] } },
    axes: dayAxes(() => [0, 2, 4, 6, 8, 10]),
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
  return new uPlot(options, [xs, mood, low, high], chartFigure(container, label));
}

// A measure's scores (uPlot) over its published bands, drawn as shaded rows behind the line, with the caseness
// threshold as a dashed line. Incomplete answers have no score: they stay gaps.
const BAND_FILLS = ["rgba(21, 128, 61, 0.10)", "rgba(202, 138, 4, 0.10)", "rgba(234, 88, 12, 0.12)",
  "rgba(220, 38, 38, 0.12)", "rgba(153, 27, 27, 0.16)"];
const SCORE = "#1d4ed8";

export function measureChart(container, trend, since, until, label) {
  const top = trend.bands[trend.bands.length - 1].high;
  const points = trend.points.filter((p) => p.total !== null);
  const xs = points.map((p) => parseDay(p.local_date).getTime() / 1000);
  const ys = points.map((p) => p.total);
  const options = {
    ...baseOptions(container, 220),
    scales: {
      x: { time: true, range: () => [parseDay(since).getTime() / 1000, parseDay(until).getTime() / 1000] }, // as the mood chart
      y: { range: [0, top] },
    },
    axes: dayAxes(() => [...trend.bands.map((b) => b.low), top], { grid: false }),
    series: [{}, { label: trend.name, stroke: SCORE, width: 2, points: { show: true, size: 8, fill: SCORE } }],
    hooks: {
      drawAxes: [(u) => {
        const { ctx } = u;
        ctx.save();
        trend.bands.forEach((band, index) => {
          const y0 = u.valToPos(band.high + (index === trend.bands.length - 1 ? 0 : 0.5), "y", true);
          const y1 = u.valToPos(Math.max(0, band.low - 0.5), "y", true);
          ctx.fillStyle = BAND_FILLS[index % BAND_FILLS.length];
          ctx.fillRect(u.bbox.left, y0, u.bbox.width, y1 - y0);
        });
        const y = u.valToPos(trend.caseness - 0.5, "y", true);
        ctx.strokeStyle = SESSION;
        ctx.setLineDash([4, 4]);
        ctx.beginPath();
        ctx.moveTo(u.bbox.left, y);
        ctx.lineTo(u.bbox.left + u.bbox.width, y);
        ctx.stroke();
        ctx.restore();
      }],
    },
  };
  return new uPlot(options, [xs, ys], chartFigure(container, label));
}
