// The pacer's arithmetic: each technique as timed phases, which phase a moment falls in, and times in words.

// Each technique the pacer can lead, as phases of [what, seconds]; the contract's other techniques have no pacer.
export const PATTERNS = {
  box: [["in", 4], ["hold", 4], ["out", 4], ["hold", 4]],
  "4-7-8": [["in", 4], ["hold", 7], ["out", 8]],
  paced: [["in", 5], ["out", 5]],
  physiological_sigh: [["in", 2], ["top", 1], ["out", 6]],
};
export const NAMES = { box: "Box breathing", "4-7-8": "4-7-8 breathing", paced: "Paced breathing",
  physiological_sigh: "Physiological sigh" };
export const WORDS = { in: "Breathe in", top: "A little more in", hold: "Hold", out: "Breathe out" };
export const SIZES = { in: 1, top: 1.08, out: 0.6 };

const SHORT = { in: "in", top: "in", hold: "hold", out: "out" };

export function patternText(name) {
  return PATTERNS[name].map(([what, seconds]) => `${SHORT[what]} ${seconds}`).join(" · ");
}

export function clockText(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

export function durationText(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [minutes ? `${minutes} minute${minutes === 1 ? "" : "s"}` : "",
    rest ? `${rest} second${rest === 1 ? "" : "s"}` : ""];
  return parts.filter(Boolean).join(" ");
}

// Which phase `ms` into the session falls in: its index (counting from the start) and the time left in it.
export function phaseAt(pattern, ms) {
  const cycle = pattern.reduce((sum, [, seconds]) => sum + seconds, 0) * 1000;
  const round = Math.floor(ms / cycle);
  let into = ms - round * cycle;
  for (let i = 0; i < pattern.length; i += 1) {
    const length = pattern[i][1] * 1000;
    if (into < length) return { index: round * pattern.length + i, what: pattern[i][0], seconds: pattern[i][1],
      leftMs: length - into };
    into -= length;
  }
  return { index: (round + 1) * pattern.length, what: pattern[0][0], seconds: pattern[0][1], leftMs: 0 };
}
