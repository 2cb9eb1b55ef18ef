// The app's screens by address (#/path): each names the tab it belongs to. Add a screen with one line here.
import { showCheckIn, showToday } from "./views/today.js";

export const ROUTES = {
  "/": { view: showToday, tab: "/" },
  "/checkin": { view: showCheckIn, tab: "/" },
};

export function routeFor(path, params) {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const top = `/${parts[0] || ""}`;
  const found = ROUTES[top] || ROUTES["/"];
  return { view: (query) => found.view(query, parts.slice(1)), params };
}
