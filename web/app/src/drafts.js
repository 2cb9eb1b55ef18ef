// Forms being filled in. Any input marks its form "dirty" (a redraw then leaves the form alone), and a form that
// opted in with keepDraft() has its answers kept on the phone (IndexedDB) as they are typed, so a reload, a crash
// or a closed tab loses nothing. formSaved() ends both, once the form's handler has really saved its answers.
import { readCache, writeCache } from "./db.js";
import { uid } from "./session.js";

const WAIT_MS = 250;
const timers = new WeakMap();

function valuesOf(form) {
  const values = {};
  for (const control of form.elements) {
    if (!control.name || control.type === "submit" || control.type === "button") continue;
    if (control.type === "radio") {
      if (control.checked) values[control.name] = control.value;
    } else if (control.type === "checkbox") {
      values[control.name] = [...(values[control.name] || []), ...(control.checked ? [control.value] : [])];
    } else {
      values[control.name] = control.value;
    }
  }
  return values;
}

function fill(form, values) {
  for (const control of form.elements) {
    if (!control.name || !(control.name in values)) continue;
    const value = values[control.name];
    if (control.type === "radio") control.checked = control.value === value;
    else if (control.type === "checkbox") control.checked = Array.isArray(value) && value.includes(control.value);
    else control.value = value;
  }
  const details = form.querySelector("details");
  if (details && [...details.querySelectorAll("[name]")].some((c) => (c.type === "radio" || c.type === "checkbox")
    ? c.checked : c.value)) details.open = true;
}

// Restores the draft saved under `key` (unless someone already started typing) and keeps saving it.
export async function keepDraft(form, key) {
  form.dataset.draft = key;
  const owner = uid();
  const saved = await readCache(owner, `draft ${key}`);
  if (saved && !form.dataset.dirty && form.isConnected) {
    fill(form, saved);
    form.dataset.dirty = "true";
    form.dispatchEvent(new CustomEvent("draft-restored"));
  }
}

function saveDraftSoon(form) {
  if (!form.dataset.draft || !uid()) return;
  clearTimeout(timers.get(form));
  const owner = uid();
  timers.set(form, setTimeout(() => { writeCache(owner, `draft ${form.dataset.draft}`, valuesOf(form)); }, WAIT_MS));
}

async function clearDraft(form) {
  if (!form.dataset.draft || !uid()) return;
  clearTimeout(timers.get(form));
  await writeCache(uid(), `draft ${form.dataset.draft}`, null);
}

// Once, at start: every form anywhere is watched.
export function watchForms() {
  for (const type of ["input", "change"]) {
    document.addEventListener(type, (event) => {
      const form = event.target.closest && event.target.closest("form");
      if (!form) return;
      form.dataset.dirty = "true";
      saveDraftSoon(form);
    });
  }
}

// After the form's answers are saved: it may be redrawn again, and its draft is done with. A refused submit
// (a required answer missing) does not call this, so what was typed stays, on screen and as a draft.
export function formSaved(form) {
  delete form.dataset.dirty;
  return clearDraft(form);
}
