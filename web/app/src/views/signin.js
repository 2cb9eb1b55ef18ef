// Sign in, or create an account: email and password (the same Firebase Auth as the therapist page).
import { signIn, signInMessage, signUp } from "../../../shared/auth.js";
import { focusHeading, h, show } from "../ui.js";

export function showSignIn(message, onSignedIn, { creating = false } = {}) {
  document.getElementById("nav").hidden = true;
  const status = h("p", { id: "sign-in-status", class: message ? "notice" : "notice empty", role: "status" }, message || "");
  const email = h("input", { id: "email", type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password", type: "password", name: "password", required: true, minlength: creating ? 6 : undefined,
    autocomplete: creating ? "new-password" : "current-password",
  });
  const button = h("button", { type: "submit", class: "primary" }, creating ? "Create account" : "Sign in");
  const form = h("form", {
    class: "card",
    onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      status.textContent = creating ? "Creating your account…" : "Signing in…";
      status.className = "notice";
      try {
        const credential = creating ? await signUp(email.value.trim(), password.value)
          : await signIn(email.value.trim(), password.value);
        password.value = "";
        await onSignedIn(credential.user);
      } catch (error) {
        status.textContent = signInMessage(error);
        button.disabled = false;
        password.focus();
      }
    },
  },
  h("label", { for: "email" }, "Email"), email,
  h("label", { for: "password" }, "Password"),
  creating ? h("p", { class: "hint" }, "At least 6 characters.") : null,
  password,
  button);
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
