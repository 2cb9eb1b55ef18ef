// The app's screens by address (#/path): each names the tab it belongs to. Add a screen with one line here.
// A `public` screen opens signed out too (help is one tap from the sign-in screen).
import { showAgenda } from "./views/agenda.js";
import { showAway } from "./views/away.js";
import { showBreathing } from "./views/breathing.js";
import { showExperiments } from "./views/experiments.js";
import { showGoals } from "./views/goals.js";
import { showMood } from "./views/mood.js";
import { showPractice } from "./views/practice.js";
import { showHelp } from "./views/help.js";
import { showHelps } from "./views/helps.js";
import { showHistory } from "./views/history.js";
import { showInbox } from "./views/inbox.js";
import { showMe } from "./views/me.js";
import { showProgress } from "./views/progress.js";
import { showQuestionnaire } from "./views/questionnaire.js";
import { showSafetyPlan } from "./views/safety-plan.js";
import { showWentWell } from "./views/went-well.js";
import { showCheckIn, showToday } from "./views/today.js";

export const ROUTES = {
  "/": { view: showToday, tab: "/" },
  "/checkin": { view: showCheckIn, tab: "/" },
  "/questionnaire": { view: showQuestionnaire, tab: "/" },
  "/agenda": { view: showAgenda, tab: "/" },
  "/practice": { view: showPractice, tab: "/practice" },
  "/mood": { view: showMood, tab: "/practice" },
  "/breathing": { view: showBreathing, tab: "/practice" },
  "/experiments": { view: showExperiments, tab: "/practice" },
  "/goals": { view: showGoals, tab: "/practice" },
  "/away": { view: showAway, tab: "/practice" },
  "/progress": { view: showProgress, tab: "/progress" },
  "/helps": { view: showHelps, tab: "/progress" },
  "/history": { view: showHistory, tab: "/progress" },
  "/went-well": { view: showWentWell, tab: "/progress" },
  "/inbox": { view: showInbox, tab: "/inbox" },
  "/me": { view: showMe, tab: "/me" },
  "/help": { view: showHelp, tab: "/me", public: true },
  "/safety-plan": { view: showSafetyPlan, tab: "/me" },
};

// A view gets (query, the path's parts after its own, {redraw}): `redraw` is true when the same screen is
// drawn again because data changed, so a screen can reuse what it read when it opened.
export function routeFor(path, params) {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const top = `/${parts[0] || ""}`;
  const found = ROUTES[top] || ROUTES["/"];
  return { view: (query, options = {}) => found.view(query, parts.slice(1), options), params,
    public: Boolean(found.public) };
}
