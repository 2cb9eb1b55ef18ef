// You: the profile, your therapist and what they see, who read what, your data to download or erase, this
// phone's notifications, and signing out (which forgets the person here; unsent changes are sent, kept or discarded).
import { Offline, readProfile } from "../../../shared/api.ts";
import { writeCache } from "../db.js";
import { signOutHere } from "../shell.js";
import { firebaseConfig, session, setSession, uid } from "../session.js";
import { unsentOnPhone } from "../store.js";
import { syncNow } from "../sync.js";
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
        menuItem("#/safety-plan", "My safety plan", "Your own steps for a hard moment, on this phone too."),
        menuItem("#/help", "Help right now", "Your safety plan and crisis lines, also without a connection."))),
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
  const button = h("button", { type: "button" }, "Sign out");
  button.addEventListener("click", async () => {
    const unsent = await unsentOnPhone(uid());
    if (unsent.changes === 0 && unsent.drafts === 0) await signOutHere({ keepUnsent: false });
    else askBeforeSigningOut(unsent, button);
  });
  return h("section", { class: "card", "aria-labelledby": "sign-out-heading" },
    h("h2", { id: "sign-out-heading" }, "This phone"),
    h("p", {}, "When you sign out, this phone forgets your entries, profile, progress and inbox. They stay safe "
      + "on the server for when you sign in again."),
    button);
}

function unsentText({ changes, drafts }) {
  return [
    changes ? `${plural(changes, "change")} ${changes === 1 ? "is" : "are"} still on this phone and not yet sent.` : "",
    drafts ? `${drafts === 1 ? "A form you started is" : `${drafts} forms you started are`} not saved yet.` : "",
  ].filter(Boolean).join(" ");
}

const OFFLINE_TEXT = "This phone is offline, so nothing can be sent now. You can keep them on this phone, discard "
  + "them, or stay signed in and send them later.";

// Unsent changes (and unsaved forms) first: send them now, keep them here until the next sign-in, or discard them.
// A modal dialog: focus moves into it, Escape or "Stay signed in" closes it, and focus returns to "Sign out".
function askBeforeSigningOut(unsent, opener) {
  const status = h("p", { class: "notice empty", role: "status", id: "sign-out-status" });
  const choice = (text, onclick, extra = {}) => h("button", { type: "button", onclick, ...extra }, text);
  const dialog = h("dialog", { class: "ask", "aria-labelledby": "sign-out-ask", "aria-describedby": "sign-out-unsent" },
    h("h2", { id: "sign-out-ask" }, "Before you sign out"),
    h("p", { id: "sign-out-unsent" }, unsentText(unsent)),
    h("p", { class: "hint" }, "If you send or discard them, nothing of yours stays on this phone. If you keep them, "
      + "they stay here and are sent when you sign in on this phone again."),
    h("div", { class: "choices" },
      unsent.changes ? choice("Send now, then sign out", () => sendThenSignOut(dialog, status), { class: "primary" })
        : null,
      choice("Keep on this phone and sign out", () => leaveFrom(dialog, { keepUnsent: true })),
      choice("Discard and sign out", () => leaveFrom(dialog, { keepUnsent: false }), { class: "danger" }),
      choice("Stay signed in", () => dialog.close())),
    status);
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
}

async function leaveFrom(dialog, choice) {
  for (const button of dialog.querySelectorAll("button")) button.disabled = true;
  dialog.close();
  await signOutHere(choice);
}

async function sendThenSignOut(dialog, status) {
  if (!navigator.onLine) {
    status.textContent = OFFLINE_TEXT;
    return;
  }
  const buttons = [...dialog.querySelectorAll("button")];
  for (const button of buttons) button.disabled = true;
  status.textContent = "Sending…";
  try {
    await syncNow();
  } finally {
    for (const button of buttons) button.disabled = false;
  }
  if (!uid() || !dialog.open) return; // the session ended meanwhile
  const left = await unsentOnPhone(uid());
  if (left.changes === 0) {
    await leaveFrom(dialog, { keepUnsent: false });
    return;
  }
  dialog.querySelector("#sign-out-unsent").textContent = unsentText(left);
  status.textContent = navigator.onLine ? "Not all of them could be sent just now. Any the server did not take "
    + "show “Needs a look” on their entries. You can keep them on this phone, discard them, or stay signed in."
    : OFFLINE_TEXT;
  buttons[0].focus();
}
