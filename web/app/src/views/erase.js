// Erase everything: what goes, said plainly; DELETE typed to confirm; the erasure followed until it is done; then
// this phone forgets the account (records, queue, copies) and signs out. Needs a connection.
import { ApiError, Offline, SessionEnded, erase, readErasure } from "../../../shared/api.ts";
import { handleError, leaveHere, pauseSync, resumeSync } from "../shell.js";
import { uid } from "../session.js";
import { queuedOperations } from "../store.js";
import { field, h, focusHeading, show, showFieldErrors } from "../ui.js";
import { alreadyShown, plural, screenHeading } from "./cached.js";

const POLL_MS = 2000;
const NUDGE_EVERY = 5; // polls: asking again carries on an erasure whose background job has stalled

function queuedText(count) {
  return count === 0 ? "Nothing is waiting on this phone to be sent."
    : `${plural(count, "change")} ${count === 1 ? "is" : "are"} still only on this phone. `
      + `${count === 1 ? "It is" : "They are"} erased here too, and never sent.`;
}

export async function showErase(_params, { redraw = false } = {}) {
  const queued = (await queuedOperations(uid())).length;
  if (redraw && alreadyShown("erase")) {
    const line = document.querySelector('#main [data-field="queued"]');
    if (line) line.textContent = queuedText(queued);
    return;
  }
  const typed = h("input", { type: "text", name: "confirm", autocomplete: "off", autocapitalize: "characters",
    spellcheck: "false", required: true });
  const status = h("p", { class: "notice empty", role: "status", id: "erase-status" });
  const button = h("button", { type: "submit", class: "danger primary" }, "Erase my account");
  const form = h("form", {
    class: "card", "aria-labelledby": "erase-confirm-heading", "data-prefix": "erase-", novalidate: true,
    onsubmit: (event) => {
      event.preventDefault();
      if (typed.value.trim() !== "DELETE") {
        showFieldErrors(form, { message: "", fields: { confirm: ["Type DELETE in capital letters to confirm."] } },
          status);
        typed.focus();
        return;
      }
      showFieldErrors(form, null, status);
      eraseEverything(button, status);
    },
  },
  h("h2", { id: "erase-confirm-heading" }, "Are you sure?"),
  field("erase-confirm", "Type DELETE to confirm", typed),
  button, status);
  show(screenHeading("erase", "Erase everything"),
    h("section", { class: "card", "aria-labelledby": "erase-what" },
      h("h2", { id: "erase-what" }, "What is erased"),
      h("ul", { class: "plain-list" },
        h("li", {}, "Every check-in, mood, breathing practice and experiment you logged, with your notes."),
        h("li", {}, "Every goal and micro-step, your wins, notifications and reminders, and your profile."),
        h("li", {}, "Every link with a therapist: they lose access at once."),
        h("li", {}, "Your sign-in account, and everything this phone keeps for it.")),
      h("p", {}, h("strong", {}, "This cannot be undone."), " If you would like a copy first, ",
        h("a", { href: "#/me/export" }, "download everything"), "."),
      h("p", { class: "hint" }, "A therapist you saw keeps only their own notes from your sessions, not your records."),
      h("p", { "data-field": "queued" }, queuedText(queued)),
      navigator.onLine ? null : h("p", { class: "notice" }, "Erasing needs a connection. Nothing changes until then.")),
    form);
  focusHeading();
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// Holds this uid's sync lock meanwhile (where there are Web Locks), so no tab sends anything during the erasure.
async function eraseEverything(button, status) {
  const who = uid();
  button.disabled = true;
  status.textContent = "Erasing…";
  pauseSync();
  const work = () => runErasure(status);
  let outcome;
  try {
    outcome = navigator.locks ? await navigator.locks.request(`sync ${who}`, work) : await work();
  } catch (error) {
    outcome = { error };
  }
  if (outcome.error) {
    button.disabled = false;
    resumeSync();
    const error = outcome.error;
    if (error instanceof Offline) status.textContent = "Erasing needs a connection. Please try again when you are online.";
    else if (error instanceof ApiError) status.textContent = error.message;
    else await handleError(error);
    return;
  }
  await leaveHere(() => showErased(outcome.finishing), { keepUnsent: false });
}

// {} once done; {finishing: true} when the server has taken it on but this phone lost touch before the end;
// {error} when it did not start.
async function runErasure(status) {
  let erasure;
  try {
    erasure = await erase({ confirm: "DELETE" });
  } catch (error) {
    if (error instanceof SessionEnded && error.status === 410) return {}; // erased already (another phone)
    return { error };
  }
  for (let poll = 1; erasure.state !== "done"; poll += 1) {
    status.textContent = `Erasing… ${plural(erasure.deleted_documents, "item")} removed so far.`;
    await sleep(POLL_MS);
    try {
      erasure = poll % NUDGE_EVERY === 0 ? await erase({ confirm: "DELETE" }) : await readErasure();
    } catch (error) {
      if (error instanceof Offline || error instanceof ApiError) return { finishing: true };
      if (error instanceof SessionEnded) return {};
      throw error;
    }
  }
  return {};
}

function showErased(finishing) {
  show(h("h1", {}, "Erased"),
    h("p", { class: "big" }, "Your account and everything in it is erased."),
    finishing ? h("p", {}, "The last of it is being removed on the server, and that finishes by itself.") : null,
    h("p", {}, "Nothing of it is kept on this phone. Thank you for the steps you took here."),
    h("p", {}, h("a", { href: "#/" }, "Back to the start")),
    h("p", { class: "hint" }, h("a", { href: "#/help" }, "Need help right now?")));
  focusHeading();
}
