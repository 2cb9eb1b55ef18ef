// The app shell the screens call back into: errors, redraws, leaving (sign-out, an ended session, erasure) and
// sync paused around an erasure. main.js boots the app and hands the shell the two things it draws with
// (useScreens): the router and the sign-in screen; screens import this module, never main.js.
import { leave } from "../../shared/auth.js";
import { Offline, SessionEnded, forgetDevice } from "../../shared/api.ts";
import { forget, readCache, stopKeeping } from "./db.js";
import { forgetKeptSignIn, setSession, uid } from "./session.js";
import { startSync, stopSync } from "./sync.js";
import { h, show } from "./ui.js";

let drawRoute = async () => {};
let askSignIn = () => {};
let leaving = false;
let redrawing = null;
let redrawAgain = false;

// `route({redraw})` draws the screen the address names; `signIn(message)` shows the sign-in with a message.
export function useScreens({ route, signIn }) {
  drawRoute = route;
  askSignIn = signIn;
}

// True while the phone is forgetting the person (a sign-out in progress).
export function isLeaving() {
  return leaving;
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
export async function endSession(error) {
  if (leaving) return; // already forgetting the person (the sign-in ended while a request was waiting for it)
  await leaveHere(() => askSignIn(error.message), { keepUnsent: error.status !== 410 });
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
    forgetKeptSignIn();
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
  await leaveHere(() => askSignIn(`You have signed out. This phone no longer holds your entries.${kept}`),
    { keepUnsent });
}

// On a change (saved here, synced, or saved in another tab), the redraw waits for the current task to end: a form
// that has just saved marks itself saved in the same task (right after the store's write), so the redraw that
// change asks for is not skipped as if the form were still half-filled.
export function redrawAfterChange() {
  setTimeout(redrawScreen, 0);
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
  redrawing = Promise.resolve().then(() => drawRoute({ redraw: true })).finally(() => {
    redrawing = null;
    if (redrawAgain) {
      redrawAgain = false;
      redrawScreen();
    }
  });
}
