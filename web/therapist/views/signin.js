// The sign-in form: email and password, with a calm message saying why the therapist is here.
import { signIn } from "../../shared/auth.js";
import { focusHeading, h, show } from "../../shared/dom.js";
import { signInForm } from "../../shared/signin-form.js";

export function showSignIn(message, onSignedIn) {
  document.getElementById("nav").hidden = true;
  const { status, form } = signInForm(message, onSignedIn, {
    attempt: signIn, submit: "Sign in", working: "Signing in…", formClass: "card narrow",
  });
  show(h("h1", {}, "Sign in"), h("p", {}, "Review your clients' progress between sessions."), status, form);
  if (message) focusHeading();
}
