// Help right now: signed in, the client's own safety plan first (from this phone, so offline too; never signed
// out), then crisis lines by country (the client's own country first: the API orders them by the profile's
// time zone, else this phone's, then the phone's language) with numbers to tap, and the plain word that nobody
// watches this app in real time. Public: it opens signed out (lines only), and offline from the phone's copy.
import { ApiError, Offline, readPublicHelp } from "../../../shared/api.ts";
import { readCacheEntry } from "../db.js";
import { session, timeZone } from "../session.js";
import { focusHeading, h, show } from "../ui.js";
import { PUBLIC, alreadyShown, lastUpdated, readThrough, screenHeading } from "./cached.js";
import { loadSafetyPlan, planOnHelp } from "./safety-plan.js";

const FALLBACK = "If you are in danger or might harm yourself, call your local emergency number now.";
const NOBODY_WATCHES = "Nobody watches this app in real time, and nobody is alerted by what you write here.";

export async function showHelp(_params, _rest, { redraw = false } = {}) {
  if (redraw && alreadyShown("help")) return;
  const signedIn = Boolean(session().uid);
  if (signedIn && !redraw) thenRedrawHelp(loadSafetyPlan()); // another phone may have changed the plan
  const plan = await planOnHelp(); // null signed out
  let help = null;
  let problem = "";
  try {
    help = await readHelp();
  } catch (error) {
    if (!(error instanceof Offline || error instanceof ApiError)) throw error;
    problem = error instanceof Offline
      ? "The list of crisis lines could not be loaded without a connection."
      : "The list of crisis lines could not be loaded just now.";
  }
  if (redraw && alreadyShown("help")) return;
  show(
    screenHeading("help", "Help right now"),
    plan,
    help ? h("p", { class: "notice help-note" }, help.data.note) : h("p", { class: "notice" }, NOBODY_WATCHES),
    problem ? h("p", { class: "notice notice-error", role: "alert" }, problem, " ", FALLBACK) : null,
    help ? countries(help.data) : null,
    help ? lastUpdated(help) : null,
    signedIn ? null : h("p", {}, h("a", { href: "#/" }, "Back to sign in")));
  focusHeading();
}

function readHelp() {
  return readThrough("help", () => readPublicHelp(timeZone(), navigator.language || ""), { owner: PUBLIC });
}

// Reads the crisis lines ahead, when there is a connection, so a screen that may need them offline has them
// (the questionnaire, before an item-9 answer).
export function keepCrisisLines() {
  if (navigator.onLine) readHelp().catch(() => {});
}

// The crisis lines for a screen that must show them at once, offline too (after a PHQ-9 item-9 answer): the phone's
// copy without waiting for the network, else read now; the client's own country first. With neither, the plain
// word to call the local emergency number.
export async function crisisLinesNow() {
  let help = await readCacheEntry(PUBLIC, "help");
  if (!help) {
    try {
      help = await readHelp();
    } catch (error) {
      if (!(error instanceof Offline || error instanceof ApiError)) throw error;
    }
  }
  return help ? countries(help.data) : h("p", { class: "notice" }, FALLBACK);
}

// Once the plan was read from the server: its card is drawn again in place (focus stays where it is).
async function thenRedrawHelp(reading) {
  try {
    if (!(await reading)) return;
    const fresh = await planOnHelp();
    const shown = document.querySelector("#main section.safety-plan");
    if (fresh && shown) shown.replaceWith(fresh);
  } catch (error) {
    console.warn(error);
  }
}

function countries(help) {
  const [first] = help.countries; // the API's order: the client's own country first
  const others = help.countries.filter((country) => country !== first);
  return [
    first ? countryCard(first, "h2") : null,
    others.length ? h("section", { class: "card", "aria-labelledby": "other-countries" },
      h("h2", { id: "other-countries" }, "Other countries"),
      others.map((country) => h("details", { class: "country" },
        h("summary", {}, country.name), countryBody(country, "h3")))) : null,
  ];
}

function countryCard(country, level) {
  const id = `country-${country.code}`;
  return h("section", { class: "card country", "aria-labelledby": id },
    h(level, { id }, country.name), countryBody(country, "h3"));
}

// "112 or 999" → two numbers to call; spaces dropped for the tel: address.
function numbers(text) {
  return String(text).split(/\s+or\s+|,\s*/).map((part) => part.trim()).filter((part) => /^[+\d][\d\s-]*$/.test(part));
}

function callLink(number, label) {
  return h("a", { class: "button call", href: `tel:${number.replace(/[\s-]/g, "")}` }, label);
}

function countryBody(country, level) {
  return [
    h("p", { class: "emergency" }, "Emergency: ",
      numbers(country.emergency).map((number) => callLink(number, `Call ${number}`))),
    h("ul", { class: "crisis-lines" }, country.lines.map((line) => h("li", {},
      h(level, {}, line.name),
      h("div", { class: "line-actions" },
        line.phone ? callLink(line.phone, `Call ${line.phone}`) : null,
        line.text && numbers(line.text).length ? h("a", { class: "button", href: `sms:${numbers(line.text)[0].replace(/[\s-]/g, "")}` },
          `Text ${line.text}`) : null),
      line.text && !numbers(line.text).length ? h("p", {}, line.text) : null,
      /^https?:\/\//.test(line.url || "") ? h("p", {}, h("a", { href: line.url, rel: "noopener noreferrer", target: "_blank" },
        `${line.name} website`)) : null))),
  ];
}
