// The sign-in form: email and password, with a calm message saying why the therapist is here.
import { signIn, signInMessage } from "../../shared/auth.js";
import { focusHeading, h, show } from "../../shared/dom.js";

export function showSignIn(message, onSignedIn) {
  document.getElementById("nav").hidden = true;
  const status = h("p", { id: "sign-in-status", class: message ? "notice" : "notice empty", role: "status" }, message || "");
  const email = h("input", { id: "email", type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password", type: "password", name: "password", autocomplete: "current-password", required: true,
  });
  const button = h("button", { type: "submit" }, "Sign in");
  const form = h("form", {
    class: "card narrow",
    onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      status.textContent = "Signing in…";
      status.className = "notice";
      try {
        const credential = await signIn(email.value.trim(), password.value);
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
  h("label", { for: "password" }, "Password"), password,
  button);
  show(h("h1", {}, "Sign in"), h("p", {}, "Review your clients' progress between sessions."), status, form);
  if (message) focusHeading();
}
