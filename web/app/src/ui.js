// Building blocks the companion's screens share: 0-10 pickers, labelled fields, sync badges and messages.
import { h } from "../../shared/dom.js";

export { append, focusHeading, h, show } from "../../shared/dom.js";

// A 0-10 choice as a row of large radio buttons (one tap each), under a visible legend.
export function scale(name, legend, { value = null, required = false, low = "", high = "", onPick } = {}) {
  const options = [];
  for (let n = 0; n <= 10; n += 1) {
    const input = h("input", {
      type: "radio", name, value: String(n), id: `${name}-${n}`, checked: value === n, required: required && n === 0,
      onchange: () => onPick && onPick(n),
    });
    options.push(h("span", { class: "scale-option" }, input, h("label", { for: `${name}-${n}` }, String(n))));
  }
  return h("fieldset", { class: "scale" },
    h("legend", {}, legend),
    h("div", { class: "scale-options" }, options),
    low || high ? h("p", { class: "scale-ends", "aria-hidden": "true" }, h("span", {}, low), h("span", {}, high)) : null);
}

export function scaleValue(form, name) {
  const checked = form.querySelector(`input[name="${name}"]:checked`);
  return checked ? Number(checked.value) : null;
}

export function field(id, label, control, hint = "") {
  control.id = id;
  if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null,
    control,
    h("p", { class: "field-error", id: `${id}-error`, role: "alert", hidden: true }));
}

// Shows the API's per-field problems next to their fields (and the rest in `status`).
export function showFieldErrors(form, error, status) {
  for (const node of form.querySelectorAll(".field-error")) { node.hidden = true; node.textContent = ""; }
  const fields = (error && error.fields) || {};
  let unplaced = [];
  for (const [name, problems] of Object.entries(fields)) {
    const slot = form.querySelector(`#${CSS.escape(`${form.dataset.prefix || ""}${name}`)}-error`);
    const text = Array.isArray(problems) ? problems.join(" ") : String(problems);
    if (slot) { slot.textContent = text; slot.hidden = false; } else unplaced.push(`${name}: ${text}`);
  }
  if (status) status.textContent = [error && error.message, ...unplaced].filter(Boolean).join(" ");
}

// Where a record stands: only on this phone, saved to the server, or needing a fix.
export function syncBadge(record) {
  if (record.error) return h("span", { class: "badge badge-fix" }, "Needs a look");
  if (record.pending) return h("span", { class: "badge badge-local" }, "On this phone");
  return h("span", { class: "badge badge-synced" }, "Saved");
}

export function notice(text, kind = "info") {
  return h("p", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

export function linkButton(href, text, extra = {}) {
  return h("a", { class: "button", href, ...extra }, text);
}

const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const DAY = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });

export function timeText(iso) {
  return TIME.format(new Date(iso));
}

export function longDay(isoDate) {
  return DAY.format(new Date(`${isoDate}T12:00:00Z`));
}

export function humanize(word) {
  const text = word.startsWith("custom:") ? word.slice(7) : word.replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// A word after an action, shown on the screen it leads to (a low mood's pointer to help, a breathing session's
// stress drop): it stays through redraws of that screen and goes once the client moves on.
let flash = null;

export function flashOn(hash, build) {
  flash = { hash, build };
}

export function showFlash() {
  const hash = location.hash || "#/";
  if (flash && flash.hash !== hash) flash = null;
  for (const old of document.querySelectorAll("#main .flash")) old.remove();
  const heading = document.querySelector("#main h1");
  if (!flash || !heading) return;
  const node = flash.build();
  node.classList.add("flash");
  heading.after(node);
}
