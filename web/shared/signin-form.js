// The email-and-password form both pages sign in with: it says what it is doing, and why it could not.
import { signInMessage } from "./auth.js";
import { h } from "./dom.js";

// A status line and a form whose submit calls `attempt(email, password)` (signIn or signUp), then
// `onSignedIn(user)`; a refusal is said in the status line and the password takes the focus again.
// `creating` asks for a new password of at least 6 characters.
export function signInForm(message, onSignedIn, { attempt, submit, working, creating = false, formClass, buttonClass }) {
  const status = h("p", { id: "sign-in-status", class: message ? "notice" : "notice empty", role: "status" }, message || "");
  const email = h("input", { id: "email", type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password", type: "password", name: "password", required: true, minlength: creating ? 6 : undefined,
    autocomplete: creating ? "new-password" : "current-password",
  });
  const button = h("button", { type: "submit", class: buttonClass }, submit);
  const form = h("form", {
    class: formClass,
    onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      status.textContent = working;
      status.className = "notice";
      try {
        const credential = await attempt(email.value.trim(), password.value);
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
  return { status, form };
}
