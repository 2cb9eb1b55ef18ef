// The companion app's boot: sign-in kept on the phone, the profile, then screens routed by the URL's hash.
// Entries are saved on the phone first and synced in the background (sync.js); screens redraw on every change.
// What screens call back into (errors, redraws, leaving) is the shell (shell.js): screens never import this module.
import { browserLocalPersistence, indexedDBLocalPersistence } from "firebase/auth";
import { NotConfigured, beginAuth, idToken, readFirebaseConfig, signedIn } from "../../shared/auth.js";
import { Offline, SessionEnded, readProfile, useTokens } from "../../shared/api.ts";
import { keepFor, readCache, writeCache } from "./db.js";
import { watchForms } from "./drafts.js";
import { ROUTES, routeFor } from "./routes.js";
import { firebaseConfig, keepSignIn, keptSignIn, setFirebaseConfig, setSession, uid } from "./session.js";
import { endSession, handleError, isLeaving, leaveHere, redrawAfterChange, redrawScreen, useScreens } from "./shell.js";
import { onDataChanged, onSyncStatus, sendNow, startSync } from "./sync.js";
import { h, show, showFlash } from "./ui.js";
import { showProfileForm } from "./views/profile.js";
import { showSignIn } from "./views/signin.js";

let started = false;

function currentRoute() {
  const [path, query] = (location.hash.replace(/^#/, "") || "/").split("?");
  return { path, ...routeFor(path, new URLSearchParams(query || "")) };
}

// Draws the screen the address names; signed out, only a public one (help).
// A draw that was still waiting (for the phone's copy or the server) when another screen was opened may land
// after that newer screen: the screen the address names now is then drawn again, so it is the one that stays.
async function route({ redraw = false } = {}) {
  const { path, view, params, public: open } = currentRoute();
  if (!uid() && !open) return;
  const drawnFor = location.hash;
  markCurrentTab(path);
  try {
    await view(params, { redraw });
    showFlash();
  } catch (error) {
    await handleError(error);
  }
  if (location.hash !== drawnFor) redrawScreen();
}

function onHashChange() {
  if (uid()) {
    route();
  } else if (started && !isLeaving()) {
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
  keepSignIn(signedInUid);
  setSession(signedInUid, profile);
  document.getElementById("nav").hidden = false;
  startSync(signedInUid, endSession);
  import("./push.js").then((push) => push.startPush(firebaseConfig())).catch(() => {});
  route();
}

// Signed out elsewhere (another tab) or the sign-in could not be renewed: forgotten here as at sign-out.
function onUserChange(user) {
  if (isLeaving()) return;
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

async function start() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch((error) => console.warn(error));
  }
  useTokens(idToken);
  useScreens({ route, signIn: (message) => showSignIn(message, afterSignIn) });
  onSyncStatus(showSyncStatus);
  document.getElementById("send-now").addEventListener("click", sendNow);
  onDataChanged(redrawAfterChange);
  watchForms();
  window.addEventListener("hashchange", onHashChange);
  let user;
  let opened = false;
  try {
    const config = await readFirebaseConfig();
    const { messagingVapidKey, ...authConfig } = config;
    await beginAuth(onUserChange, {
      config: authConfig, persistence: [indexedDBLocalPersistence, browserLocalPersistence],
    });
    setFirebaseConfig({ ...authConfig, messagingVapidKey });
    opened = await openKeptSignIn();
    user = await signedIn();
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
  if (opened) {
    // The kept sign-in was not confirmed (signed out elsewhere, or someone else's): forgotten as at sign-out.
    if ((!user || user.uid !== uid()) && uid() && !isLeaving()) {
      await leaveHere(() => showSignIn("Your session has ended. Please sign in again.", afterSignIn));
    }
    return;
  }
  if (user) await afterSignIn(user, { opening: true });
  else if (currentRoute().public) await route();
  else showSignIn("", afterSignIn);
}

// On opening the app, the person this phone was signed in for, from the phone's own copy (their profile read
// less than a week ago), without waiting for Firebase to confirm the sign-in with the server: a slow network's
// round trip. Requests wait for that confirmation (idToken); if it does not come, the phone forgets the person.
async function openKeptSignIn() {
  const kept = keptSignIn();
  if (!kept) return false;
  const profile = await readCache(kept, "profile");
  const readAt = (await readCache(kept, "profile-read-at")) || 0;
  if (!profile || Date.now() - readAt >= PROFILE_FRESH_MS) return false;
  keepFor(kept);
  enter(kept, profile);
  return true;
}

start();
