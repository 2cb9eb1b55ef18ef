// The companion app: sign-in kept on the phone, the profile, then screens routed by the URL's hash.
// Entries are saved on the phone first and synced in the background (sync.js); screens redraw on every change.
import { browserLocalPersistence, indexedDBLocalPersistence } from "firebase/auth";
import { NotConfigured, idToken, leave, readFirebaseConfig, startAuth } from "../auth.js";
import { Offline, SessionEnded, forgetDevice, readProfile, useTokens } from "./api.ts";
import { forget, keepFor, readCache, stopKeeping, writeCache } from "./db.js";
import { watchForms } from "./drafts.js";
import { ROUTES, routeFor } from "./routes.js";
import { firebaseConfig, setFirebaseConfig, setSession, uid } from "./session.js";
import { onDataChanged, onSyncStatus, sendNow, startSync, stopSync } from "./sync.js";
import { h, show, showFlash } from "./ui.js";
import { showProfileForm } from "./views/profile.js";
import { showSignIn } from "./views/signin.js";

let leaving = false;
let started = false;
let redrawing = null;
let redrawAgain = false;

function currentRoute() {
  const [path, query] = (location.hash.replace(/^#/, "") || "/").split("?");
  return { path, ...routeFor(path, new URLSearchParams(query || "")) };
}

// Draws the screen the address names; signed out, only a public one (help).
async function route({ redraw = false } = {}) {
  const { path, view, params, public: open } = currentRoute();
  if (!uid() && !open) return;
  markCurrentTab(path);
  try {
    await view(params, { redraw });
    showFlash();
  } catch (error) {
    await handleError(error);
  }
}

function onHashChange() {
  if (uid()) {
    route();
  } else if (started && !leaving) {
    if (currentRoute().public) route();
    else showSignIn("", afterSignIn);
  }
}

function markCurrentTab(path) {
  const top = `/${path.split("/")[1] || ""}`;
  for (const link of document.querySelectorAll("#nav a")) {
    const target = link.getAttribute("href").replace(/^#/, "");
    const section = ROUTES[top] ? ROUTES[top].tab : "/";
    if (target === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

export async function handleError(error) {
  if (error instanceof SessionEnded) {
    await endSession(error);
    return;
  }
  if (!(error instanceof Offline)) console.error(error);
  show(h("h1", {}, "That did not open"),
    h("p", { role: "alert" }, error instanceof Offline ? "This needs a connection. What you log is still saved on this phone."
      : "Something went wrong. Your entries are safe on this phone; please try again."),
    h("p", {}, h("a", { href: "#/" }, "Back to today")));
}

// The API ended the session (401, 403, or 410 for an erased account). As at sign-out, the phone forgets the person,
// keeping only changes not yet sent (they go at the next sign-in); an erased account's are deleted too: they can
// never be sent.
async function endSession(error) {
  await leaveHere(() => showSignIn(error.message, afterSignIn), { keepUnsent: error.status !== 410 });
}

// Ends the session on this phone: sync stopped, everything the phone holds for the person forgotten (all of it,
// or all but what is not yet on the server, with `keepUnsent`), signed out; then draws `next` (the sign-in, or
// the screen that says an erased account is gone).
export async function leaveHere(next, { keepUnsent = true } = {}) {
  leaving = true;
  const who = uid();
  try {
    stopSync();
    if (who) await forgetHere(who, keepUnsent);
    setSession(null, null);
    document.getElementById("nav").hidden = true;
    await leave();
  } finally {
    leaving = false;
  }
  next();
}

// Sync paused for a moment (before erasing the account) and started again if that did not happen.
export function pauseSync() {
  stopSync();
}

export function resumeSync() {
  if (uid()) startSync(uid(), endSession);
}

// Answers still in flight for `who` are no longer written, and once no tab is sending for them (their sync lock),
// the phone's copies go.
async function forgetHere(who, keepUnsent) {
  stopKeeping(who);
  const work = () => forget(who, { keepUnsent });
  await (navigator.locks ? navigator.locks.request(`sync ${who}`, work) : work());
}

// This phone stops receiving the person's notifications (when push was on). Offline it cannot: the server keeps
// the registration until the push service reports the token stale.
async function unregisterPush(who) {
  const deviceId = await readCache(who, "device-id");
  if (!deviceId) return;
  try {
    await forgetDevice(deviceId);
  } catch (error) {
    console.warn("Could not unregister this phone for notifications", error);
  }
}

// Signing out from You (after sending or discarding unsent changes, or choosing to keep them).
export async function signOutHere({ keepUnsent = true } = {}) {
  const who = uid();
  if (who) await unregisterPush(who);
  const kept = keepUnsent ? " What was not yet sent stays on this phone until you sign in again." : "";
  await leaveHere(() => showSignIn(`You have signed out. This phone no longer holds your entries.${kept}`, afterSignIn),
    { keepUnsent });
}

const PROFILE_FRESH_MS = 7 * 24 * 3600 * 1000;

// After sign-in, the profile from the server. On opening the app still signed in, the phone's copy when it is
// less than a week old: opening the app then reads nothing from Firestore (the You screen refreshes it).
async function afterSignIn(user, { opening = false } = {}) {
  keepFor(user.uid);
  let profile = await readCache(user.uid, "profile");
  const readAt = (await readCache(user.uid, "profile-read-at")) || 0;
  if (!(opening && profile && Date.now() - readAt < PROFILE_FRESH_MS)) {
    try {
      const fresh = await readProfile();
      profile = fresh || null;
      if (fresh) {
        await writeCache(user.uid, "profile", fresh);
        await writeCache(user.uid, "profile-read-at", Date.now());
      }
    } catch (error) {
      if (error instanceof SessionEnded) {
        await endSession(error);
        return;
      }
      if (!(error instanceof Offline)) throw error;
    }
  }
  if (!profile) {
    setSession(user.uid, null);
    showProfileForm({
      first: true,
      onSaved: async (saved) => {
        await writeCache(user.uid, "profile", saved);
        await writeCache(user.uid, "profile-read-at", Date.now());
        enter(user.uid, saved);
      },
    });
    return;
  }
  enter(user.uid, profile);
}

function enter(signedInUid, profile) {
  setSession(signedInUid, profile);
  document.getElementById("nav").hidden = false;
  startSync(signedInUid, endSession);
  import("./push.js").then((push) => push.startPush(firebaseConfig())).catch(() => {});
  route();
}

// Signed out elsewhere (another tab) or the sign-in could not be renewed: forgotten here as at sign-out.
function onUserChange(user) {
  if (leaving) return;
  if (!user && uid()) {
    leaveHere(() => showSignIn("Your session has ended. Please sign in again.", afterSignIn)).catch(handleError);
  }
}

function showSyncStatus(status) {
  const line = document.getElementById("sync-status");
  const kept = status.queued === 1 ? "1 change" : `${status.queued} changes`;
  const texts = {
    idle: "",
    synced: "Everything is saved",
    queued: `${kept} on this phone, sending soon`,
    syncing: `Sending ${kept}…`,
    slow: `Still sending — slow connection. ${kept} on this phone.`,
    offline: `Waiting for a connection — ${kept} on this phone`,
    retrying: `${kept} on this phone; the server is busy, trying again shortly`,
    stopped: `${kept} kept on this phone until you sign in`,
  };
  line.textContent = texts[status.state] ?? "";
  line.dataset.state = status.state;
  // Offline, "Send now" tries at once (a phone's "online" event is not always right), and a slow request is sent
  // again; a busy server said when to come back, so it is not offered then.
  document.getElementById("send-now").hidden = !["queued", "offline", "slow"].includes(status.state);
}

const TYPING = "textarea, select, input:not([type=radio]):not([type=checkbox]):not([type=button]):not([type=submit])";

// Redraws the open screen when data changes (here or in another tab), but never over a form someone has
// started to fill in: a half-made answer is not thrown away because a sync finished or another tab saved.
export function redrawScreen() {
  if (document.querySelector("#main form[data-dirty]")) return;
  const active = document.activeElement;
  if (active && active.matches && active.matches(TYPING) && active.value) return;
  if (redrawing) {
    redrawAgain = true; // a change that lands mid-redraw is drawn right after it, never dropped
    return;
  }
  redrawing = Promise.resolve().then(() => route({ redraw: true })).finally(() => {
    redrawing = null;
    if (redrawAgain) {
      redrawAgain = false;
      redrawScreen();
    }
  });
}

async function start() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch((error) => console.warn(error));
  }
  useTokens(idToken);
  onSyncStatus(showSyncStatus);
  document.getElementById("send-now").addEventListener("click", sendNow);
  onDataChanged(redrawScreen);
  watchForms();
  window.addEventListener("hashchange", onHashChange);
  let user;
  try {
    const config = await readFirebaseConfig();
    const { messagingVapidKey, ...authConfig } = config;
    user = await startAuth(onUserChange, {
      config: authConfig, persistence: [indexedDBLocalPersistence, browserLocalPersistence],
    });
    setFirebaseConfig({ ...authConfig, messagingVapidKey });
  } catch (error) {
    if (currentRoute().public) {
      await route(); // help opens even when sign-in cannot start
      return;
    }
    const message = error instanceof NotConfigured ? error.message
      : "The app could not start. Check your connection, then reload.";
    show(h("h1", {}, "Stepping Stones"), h("p", { role: "alert" }, message),
      h("p", {}, h("a", { href: "#/help" }, "Need help right now?")));
    return;
  } finally {
    started = true;
  }
  if (user) await afterSignIn(user, { opening: true });
  else if (currentRoute().public) await route();
  else showSignIn("", afterSignIn);
}

start();
