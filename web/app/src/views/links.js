// Your therapist: who you are linked with and exactly what they see, note sharing as a switch, stopping with a
// plain confirmation, and linking with a code only after reading what that therapist would see.
import { ApiError, Offline, changeSharing, link, previewInvite, readLinks, unlink } from "../../../shared/api.ts";
import { readCacheEntry, writeCache } from "../db.js";
import { handleError } from "../shell.js";
import { uid } from "../session.js";
import { field, focusHeading, h, show, showFieldErrors } from "../ui.js";
import { alreadyShown, dateText, lastUpdated, readThrough, screenHeading, whenText } from "./cached.js";
import { checkQuestionnairesAgain } from "./questionnaire.js";

const CODE = /^[A-Za-z0-9 -]{1,32}$/;
const nameOf = (item) => item.therapist_name || "your therapist";
const titleOf = (item) => item.therapist_name || "Your therapist";
const headingOf = (item) => item.therapist_name || "Therapist";
// The note switch names exactly what it shares, in the API's words (domain/sharing.py NOTES_SWITCH).
const notesShared = (sees) => `(${(sees && sees.notes_switch) || "the words you write"})`;

// After a change made here, `message` says what happened and the copy kept on the phone (just updated) is shown.
export async function showLinks(_params, { redraw = false, message = "" } = {}) {
  if (redraw && alreadyShown("links")) return;
  const links = await readThrough("links", readLinks, { reuse: Boolean(message), maxAgeMs: 0 });
  if (redraw && alreadyShown("links")) return;
  const items = links.data.items;
  const said = h("p", { class: message ? "notice" : "notice empty", role: "status", id: "links-status", tabindex: "-1" },
    message);
  show(screenHeading("links", "Your therapist"), lastUpdated(links), said,
    items.length ? items.map(linkCard)
      : h("p", { class: "card" }, "You are not linked with a therapist. When yours gives you a code, enter it "
        + "below: you see exactly what they would see before anything is shared."),
    codeForm());
  if (message) said.focus();
  else focusHeading();
}

// What a therapist sees and does not see, in the API's own plain words.
function statement(sees) {
  const list = (texts) => h("ul", { class: "plain-list" }, (texts || []).map((text) => h("li", {}, text)));
  return h("div", { class: "sees" },
    sees.summary ? h("p", {}, sees.summary) : null,
    h("h3", {}, "What they see"), list(sees.therapist_sees),
    (sees.therapist_does_not_see || []).length ? [h("h3", {}, "What they do not see"),
      list(sees.therapist_does_not_see)] : null,
    sees.not_real_time ? h("p", { class: "hint" }, sees.not_real_time) : null);
}

// Says what went wrong next to the control: no connection, or the API's own message.
async function say(status, error, offlineText) {
  if (error instanceof Offline) status.textContent = offlineText;
  else if (error instanceof ApiError) status.textContent = error.message;
  else await handleError(error);
}

async function keepLinks(change) {
  const copy = await readCacheEntry(uid(), "links");
  const items = change(copy ? copy.data.items : []);
  await writeCache(uid(), "links", { items }, copy ? copy.at : Date.now());
}

function linkCard(item) {
  const base = `link-${item.therapist_uid}`;
  const status = h("p", { class: "notice empty", role: "status", id: `${base}-status` });
  const toggle = h("input", { type: "checkbox", role: "switch", id: `${base}-notes`, checked: item.share_notes });
  const card = h("section", { class: "card link-card", "aria-labelledby": `${base}-name`,
    "data-therapist": item.therapist_uid },
  h("h2", { id: `${base}-name` }, headingOf(item)),
  h("p", { class: "hint" }, `Linked since ${dateText(item.linked_at)}`),
  statement(item.therapist_sees),
  h("div", { class: "switch-row" }, toggle, h("label", { for: toggle.id },
    `Share my notes with ${nameOf(item)} ${notesShared(item.therapist_sees)}`)),
  status,
  unlinkArea(item));
  toggle.addEventListener("change", async () => {
    toggle.disabled = true;
    try {
      const saved = await changeSharing(item.therapist_uid, { share_notes: toggle.checked });
      await keepLinks((items) => items.map((one) => (one.therapist_uid === saved.therapist_uid ? saved : one)));
      const fresh = linkCard(saved);
      card.replaceWith(fresh);
      fresh.querySelector(`#${CSS.escape(toggle.id)}`).focus();
      fresh.querySelector(`#${CSS.escape(status.id)}`).textContent = saved.share_notes
        ? `${titleOf(saved)} can now read the words you write.`
        : `Your words are yours again: ${nameOf(saved)} no longer reads your notes.`;
    } catch (error) {
      toggle.checked = !toggle.checked;
      toggle.disabled = false;
      await say(status, error, "Changing this needs a connection. Nothing has changed.");
    }
  });
  return card;
}

function unlinkArea(item) {
  const name = nameOf(item);
  const area = h("div", { class: "unlink" });
  const start = h("button", { type: "button", class: "danger" }, `Stop sharing with ${name}`);
  const status = h("p", { class: "notice empty", role: "status" });
  start.addEventListener("click", () => {
    const explain = h("p", { tabindex: "-1", class: "notice" },
      `${titleOf(item)} loses access at once: they will no longer see your check-ins, moods, practice, experiments, goals or notes. `
      + "What you logged stays yours, and you can link again later with a new code.");
    const confirm = h("button", { type: "button", class: "danger primary" }, `Yes, stop sharing with ${name}`);
    const keep = h("button", { type: "button" }, "Keep sharing");
    confirm.addEventListener("click", async () => {
      confirm.disabled = true;
      try {
        await unlink(item.therapist_uid);
      } catch (error) {
        const gone = error instanceof ApiError && error.status === 404; // already ended elsewhere
        if (!gone) {
          confirm.disabled = false;
          await say(status, error, "Stopping needs a connection. Nothing has changed yet.");
          return;
        }
      }
      await keepLinks((items) => items.filter((one) => one.therapist_uid !== item.therapist_uid));
      await showLinks(null, { message: `You stopped sharing with ${name}. Their access has ended.` });
    });
    keep.addEventListener("click", () => {
      area.replaceChildren(start, status);
      start.focus();
    });
    area.replaceChildren(explain, h("div", { class: "button-row" }, confirm, keep), status);
    explain.focus();
  });
  area.append(start, status);
  return area;
}

function codeForm() {
  const code = h("input", { type: "text", name: "code", autocomplete: "off", autocapitalize: "characters",
    spellcheck: "false", maxlength: 32, required: true });
  const status = h("p", { class: "notice empty", role: "status", id: "code-status" });
  const preview = h("div", { class: "preview-area" });
  const check = h("button", { type: "submit" }, "Check the code");
  const form = h("form", {
    class: "card", "aria-labelledby": "code-heading", "data-prefix": "invite-", novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const value = code.value.trim();
      preview.replaceChildren();
      if (!CODE.test(value)) {
        const problem = "A code is 16 letters and digits, like ABCD-EFGH-JKLM-NPQR.";
        showFieldErrors(form, { message: "", fields: { code: [problem] } }, status);
        code.focus();
        return;
      }
      showFieldErrors(form, null, status);
      check.disabled = true;
      status.textContent = "Checking…";
      try {
        const found = await previewInvite(value);
        status.textContent = "";
        preview.replaceChildren(previewPanel(found));
        preview.querySelector("h2").focus();
      } catch (error) {
        if (error instanceof ApiError) showFieldErrors(form, error, status);
        else await say(status, error, "Checking a code needs a connection.");
      } finally {
        check.disabled = false;
      }
    },
  },
  h("h2", { id: "code-heading" }, "Link with a code"),
  h("p", { class: "hint" }, "Your therapist can give you a code. Before anything is shared you see exactly what they "
    + "would see, and you can stop sharing at any time."),
  field("invite-code", "Code from your therapist", code),
  check, status);
  return [form, preview];
}

function previewPanel(found) {
  const name = nameOf(found);
  const notes = h("input", { type: "checkbox", id: "invite-share-notes", name: "share_notes" });
  const status = h("p", { class: "notice empty", role: "status", id: "link-status" });
  const button = h("button", { type: "submit", class: "primary" }, `Link with ${name}`);
  return h("section", { class: "card preview", "aria-labelledby": "preview-heading" },
    h("h2", { id: "preview-heading", tabindex: "-1" }, `${titleOf(found)} invited you`),
    statement(found.therapist_sees),
    h("p", { class: "hint" }, `This code works until ${whenText(found.expires_at)}.`),
    h("form", {
      onsubmit: async (event) => {
        event.preventDefault();
        button.disabled = true;
        status.textContent = "Linking…";
        try {
          const saved = await link({ code: found.code, share_notes: notes.checked });
          await checkQuestionnairesAgain();
          await keepLinks((items) => [...items.filter((one) => one.therapist_uid !== saved.therapist_uid), saved]);
          await showLinks(null, { message: `You are linked with ${nameOf(saved)}.` });
        } catch (error) {
          button.disabled = false;
          await say(status, error, "Linking needs a connection. Nothing is shared yet.");
        }
      },
    },
    h("div", { class: "switch-row" }, notes,
      h("label", { for: notes.id }, `Also share my notes ${notesShared(found.therapist_sees)}`)),
    h("p", { class: "hint" }, "You can turn this on or off later."),
    button, status));
}
