// Sign in, or create an account: email and password (the same Firebase Auth as the therapist page).
import { signIn, signUp } from "../../../shared/auth.js";
import { signInForm } from "../../../shared/signin-form.js";
import { focusHeading, h, show } from "../ui.js";

export function showSignIn(message, onSignedIn, { creating = false } = {}) {
  document.getElementById("nav").hidden = true;
  const { status, form } = signInForm(message, onSignedIn, {
    attempt: creating ? signUp : signIn,
    submit: creating ? "Create account" : "Sign in",
    working: creating ? "Creating your account…" : "Signing in…",
    creating, formClass: "card", buttonClass: "primary",
  });
  const other = h("button", {
    type: "button", class: "link-button",
    onclick: () => showSignIn("", onSignedIn, { creating: !creating }),
  }, creating ? "I already have an account" : "Create an account");
  show(
    h("h1", {}, creating ? "Create your account" : "Sign in"),
    h("p", {}, "A quiet place to notice what helps between sessions. What you log stays on this phone until it is "
      + "safely saved, and your therapist sees only what you choose to share."),
    status, form, h("p", {}, other),
    h("p", { class: "hint" }, h("a", { href: "#/help" }, "Need help right now?")));
  if (message) focusHeading();
}
