// You: the profile, your therapist and what they see, who read what, your data to download or erase, this
// phone's notifications, and signing out (saying first when changes are still only on this phone).
import { Offline, readProfile } from "../api.ts";
import { writeCache } from "../db.js";
import { signOutHere } from "../main.js";
import { firebaseConfig, session, setSession, uid } from "../session.js";
import { queuedOperations } from "../store.js";
import { focusHeading, h, show } from "../ui.js";
import { showAccessLog } from "./access.js";
import { alreadyShown, plural, screenHeading } from "./cached.js";
import { showErase } from "./erase.js";
import { showExport } from "./export.js";
import { showLinks } from "./links.js";
import { showProfileForm } from "./profile.js";

const SCREENS = { profile: showProfile, links: showLinks, access: showAccessLog, export: showExport, erase: showErase };

export async function showMe(params, [screen] = [], options = {}) {
  if (SCREENS[screen]) {
    if (screen === "profile" && options.redraw) return; // the form keeps what is being typed
    await SCREENS[screen](params, options);
    return;
  }
  if (options.redraw && alreadyShown("me")) return;
  const profile = session().profile || {};
  show(
    screenHeading("me", "You"),
    h("section", { class: "card", "aria-labelledby": "me-profile" },
      h("h2", { id: "me-profile" }, profile.display_name || "Your profile"),
      h("p", {}, `Your day follows ${profile.timezone || "this phone's time zone"}.`),
      h("p", {}, profile.reminder_time ? `Daily reminder at ${profile.reminder_time}.` : "No daily reminder."),
      h("a", { class: "button", href: "#/me/profile" }, "Change your profile")),
    h("nav", { class: "card", "aria-labelledby": "me-more" },
      h("h2", { id: "me-more" }, "Your data and who sees it"),
      h("ul", { class: "menu" },
        menuItem("#/me/links", "Your therapist", "Link with a code, choose whether they read your notes, or stop sharing."),
        menuItem("#/me/access", "Who saw what, when", "Every time a therapist opened your records."),
        menuItem("#/me/export", "Download everything", "All your data in one file."),
        menuItem("#/me/erase", "Erase everything", "Your account and everything in it, for good."),
        menuItem("#/help", "Help right now", "Crisis lines, also without a connection."))),
    await pushSection(),
    signOutSection());
  focusHeading();
}

function menuItem(href, title, text) {
  return h("li", {}, h("a", { href }, title), h("p", { class: "hint" }, text));
}

// The profile form starts from the server's copy when it can be reached (it may have changed on another phone).
async function showProfile() {
  try {
    const fresh = await readProfile();
    if (fresh) {
      await writeCache(uid(), "profile", fresh);
      await writeCache(uid(), "profile-read-at", Date.now());
      setSession(uid(), fresh);
    }
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
  }
  showProfileForm({
    onSaved: async (saved) => {
      await writeCache(uid(), "profile", saved);
      setSession(uid(), saved);
      location.hash = "#/me";
    },
  });
}

const inboxWords = () => ["Your ", h("a", { href: "#/inbox" }, "inbox"), " shows every notification."];

// Push only when the deployer set it up (a VAPID key in /firebase-config.json); the inbox shows everything anyway.
async function pushSection() {
  const section = h("section", { class: "card", "aria-labelledby": "push-heading" },
    h("h2", { id: "push-heading" }, "Notifications on this phone"));
  const config = firebaseConfig();
  const push = await import("../push.js");
  if (!push.pushConfigured(config)) {
    section.append(h("p", {}, "This app does not send notifications to phones here. ", ...inboxWords()));
    return section;
  }
  const status = h("p", { role: "status" });
  if (Notification.permission === "granted") {
    status.append("Notifications are on for this phone. ", ...inboxWords());
  } else if (Notification.permission === "denied") {
    status.append("Notifications are blocked for this app in your browser's settings. ", ...inboxWords());
  } else {
    const button = h("button", { type: "button" }, "Turn on notifications on this phone");
    button.addEventListener("click", async () => {
      button.disabled = true;
      let on = false;
      try {
        on = await push.enablePush(config);
      } catch (error) {
        console.warn(error);
      }
      button.remove();
      status.replaceChildren(on ? "Notifications are on for this phone. "
        : "Notifications stay off for now. ", ...inboxWords());
    });
    section.append(h("p", {}, "Short, kind notes about your wins, and your reminder, on this phone's lock screen."), button);
  }
  section.append(status);
  return section;
}

function signOutSection() {
  const area = h("div", { class: "sign-out" });
  const button = h("button", { type: "button" }, "Sign out");
  button.addEventListener("click", async () => {
    const queued = (await queuedOperations(uid())).length;
    if (queued === 0) {
      await signOutHere();
      return;
    }
    const warning = h("p", { class: "notice", id: "sign-out-warning", tabindex: "-1" },
      `${plural(queued, "change")} ${queued === 1 ? "is" : "are"} still only on this phone. `
      + "They stay here and are sent when you sign in again.");
    area.replaceChildren(warning,
      h("div", { class: "button-row" },
        h("button", { type: "button", onclick: () => signOutHere() }, "Sign out anyway"),
        h("button", { type: "button", onclick: () => { area.replaceChildren(button); button.focus(); } },
          "Stay signed in")));
    warning.focus();
  });
  area.append(button);
  return h("section", { class: "card", "aria-labelledby": "sign-out-heading" },
    h("h2", { id: "sign-out-heading" }, "This phone"), area);
}
