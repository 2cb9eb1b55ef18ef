// The app's screens by address (#/path): each names the tab it belongs to. Add a screen with one line here.
import { showAway } from "./views/away.js";
import { showBreathing } from "./views/breathing.js";
import { showExperiments } from "./views/experiments.js";
import { showGoals } from "./views/goals.js";
import { showMood } from "./views/mood.js";
import { showPractice } from "./views/practice.js";
import { showCheckIn, showToday } from "./views/today.js";

export const ROUTES = {
  "/": { view: showToday, tab: "/" },
  "/checkin": { view: showCheckIn, tab: "/" },
  "/practice": { view: showPractice, tab: "/practice" },
  "/mood": { view: showMood, tab: "/practice" },
  "/breathing": { view: showBreathing, tab: "/practice" },
  "/experiments": { view: showExperiments, tab: "/practice" },
  "/goals": { view: showGoals, tab: "/practice" },
  "/away": { view: showAway, tab: "/practice" },
};

export function routeFor(path, params) {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const top = `/${parts[0] || ""}`;
  const found = ROUTES[top] || ROUTES["/"];
  return { view: (query) => found.view(query, parts.slice(1)), params };
}
