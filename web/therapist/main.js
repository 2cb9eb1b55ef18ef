// The therapist page: sign-in, the client list, one client's review, former clients and settings, routed by the
// URL's hash.
import { ApiError, Offline, SessionEnded, useMessages, useTokens } from "../shared/api.ts";
import { NotConfigured, currentUser, idToken, leave, roleOf, startAuth } from "../shared/auth.js";
import { h, show } from "../shared/dom.js";
import { onSessionEnded } from "./session.js";
import { showClients } from "./views/clients.js";
import { showFormerClients } from "./views/former-clients.js";
import { showReview } from "./views/review.js";
import { showSettings } from "./views/settings.js";
import { showSignIn } from "./views/signin.js";

let signedInUid = null;
let leaving = false;

// Screens are drawn in the order they were asked for: a draw still waiting for the API when a newer screen was
// asked for (a tap on another link, or the sign-in after an ended session) must not stay over it.
let asked = 0; // the number of the newest screen asked for
let finished = 0; // the number of the newest screen drawn
let signInMessage = "";

async function route() {
  const draw = ++asked;
  await drawScreen();
  if (draw < finished) drawLatest(); // a newer screen was drawn first, and this one landed over it
  finished = Math.max(finished, draw);
}

// The newest screen again, after an older draw landed over it (the sign-in keeps what is typed in it).
function drawLatest() {
  if (signedInUid) route();
  else if (!document.getElementById("sign-in-status")) showSignIn(signInMessage, afterSignIn);
}

async function drawScreen() {
  const user = currentUser();
  const nav = document.getElementById("nav");
  if (!user) {
    nav.hidden = true;
    return;
  }
  nav.hidden = false;
  const [path, query] = (location.hash.replace(/^#/, "") || "/").split("?");
  const params = new URLSearchParams(query || "");
  const review = path.match(/^\/clients\/([^/]+)$/);
  try {
    if (review) await showReview(decodeURIComponent(review[1]), params);
    else if (path === "/settings") await showSettings();
    else if (path === "/former-clients") await showFormerClients();
    else await showClients();
  } catch (error) {
    await handleError(error);
  }
}

export async function handleError(error) {
  if (error instanceof SessionEnded) {
    await endSession(error.message);
    return;
  }
  const answered = error instanceof ApiError || error instanceof Offline;
  const message = answered ? error.message : "Something went wrong. Please reload the page.";
  if (!answered) console.error(error);
  show(h("h1", {}, "Something went wrong"), h("p", { role: "alert" }, message),
    h("p", {}, h("a", { href: "#/" }, "Back to your clients")));
}

async function endSession(message) {
  const draw = ++asked;
  signInMessage = message;
  leaving = true;
  signedInUid = null;
  await leave();
  leaving = false;
  showSignIn(message, afterSignIn);
  finished = Math.max(finished, draw);
}

async function afterSignIn(user) {
  const role = await roleOf(user);
  if (role !== "therapist") {
    await endSession("This account is not a therapist account. Sign in with a therapist account.");
    return;
  }
  signedInUid = user.uid;
  await route();
}

function onUserChange(user) {
  if (leaving) return;
  if (!user && signedInUid) {
    // Signed out elsewhere, or the session could not be refreshed.
    signedInUid = null;
    document.getElementById("nav").hidden = true;
    showSignIn("Your session has ended. Please sign in again.", afterSignIn);
  }
}

async function start() {
  useTokens(idToken);
  useMessages({
    forbidden: "This account cannot use the therapist page. Sign in with a therapist account.",
    offline: "The server could not be reached. Check your connection and try again.",
  });
  onSessionEnded((error) => endSession(error.message));
  document.getElementById("sign-out").addEventListener("click", async () => {
    await endSession("You have signed out.");
  });
  window.addEventListener("hashchange", () => { if (signedInUid) route(); });
  let user;
  try {
    user = await startAuth(onUserChange);
  } catch (error) {
    const message = error instanceof NotConfigured ? error.message : "Sign-in could not start. Please reload the page.";
    show(h("h1", {}, "Stepping Stones"), h("p", { role: "alert" }, message));
    return;
  }
  if (user) await afterSignIn(user);
  else showSignIn("", afterSignIn);
}

start();
