// What both pages' charts share (uPlot, canvas): the figure a chart draws into, named for screen readers (the chart
// is one image to them; each page pairs it with words or a table), the axes' look, the width, and a day's x value.
import uPlot from "uplot";

export { uPlot };

export const INK = "#1f2a37";
const GRID = "#e5e7eb";
const TICKS = "#9ca3af";

// The element a chart draws into, named for screen readers by `label`.
export function chartFigure(container, label) {
  const figure = document.createElement("div");
  figure.className = "chart";
  figure.setAttribute("role", "img");
  figure.setAttribute("aria-label", label);
  container.append(figure);
  return figure;
}

// The container's width, kept between a phone's and a wide screen's.
export function chartWidth(container) {
  return Math.max(280, Math.min(container.clientWidth || 720, 960));
}

// An x axis of dates and a y axis with these splits (`grid: false` leaves the y grid out).
export function dayAxes(ySplits, { grid = true } = {}) {
  return [
    { stroke: INK, grid: { stroke: GRID }, ticks: { stroke: TICKS } },
    { stroke: INK, grid: grid ? { stroke: GRID } : { show: false }, ticks: { stroke: TICKS }, splits: ySplits },
  ];
}

// A local date ("2026-03-02") as the x value both pages plot: seconds at its UTC midnight.
export function daySeconds(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

// Options every chart here starts from: no legend, cursor or selection (the words beside it say it all).
export function baseOptions(container, height) {
  return { width: chartWidth(container), height, legend: { show: false }, cursor: { show: false },
    select: { show: false } };
}
