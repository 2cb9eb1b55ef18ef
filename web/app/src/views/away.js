// Time away (#/away): periods when streaks and reminders pause. Add one, change it (#/away/ID) or delete it; the list
// is read from the server when the screen opens online.
import { paths, readAway } from "../../../shared/api.ts";
import { newId, today, uid } from "../session.js";
import { deleteRecord, dropMissing, listRecords, mergeFromServer, saveRecord } from "../store.js";
import { field, flashOn, h, longDay, notice, showFieldErrors, syncBadge } from "../ui.js";
import { keepIfEditing, present, refreshList, saved, savingForm, statusLine, thenRedraw } from "./kit.js";

export function loadAway() {
  return refreshList("away", readAway, async (who, items, readAt) => {
    const found = items.map((item) => ({ kind: "away", path: paths.away(item.id), data: item }));
    await mergeFromServer(who, found, readAt);
    await dropMissing(who, "away", found.map((item) => item.path), readAt);
  });
}

function periodText(data) {
  return data.from === data.to ? longDay(data.from) : `${longDay(data.from)} to ${longDay(data.to)}`;
}

function awayForm(record, key) {
  const data = record ? record.data : {};
  const from = h("input", { type: "date", name: "from", required: true, min: "2000-01-01", max: "2100-12-31",
    value: data.from || "" });
  const to = h("input", { type: "date", name: "to", required: true, min: "2000-01-01", max: "2100-12-31",
    value: data.to || "" });
  from.addEventListener("change", () => { if (from.value && (!to.value || to.value < from.value)) to.value = from.value; });
  const status = statusLine();
  const form = savingForm(key, { class: "card", "aria-labelledby": "away-form-heading" }, {
    missing: () => [
      !from.value && ["from", "Pick the first day you will be away."],
      !to.value && ["to", "Pick the last day you will be away."],
      from.value && to.value && to.value < from.value && ["to", "The last day comes on or after the first day."],
    ],
    save: async () => {
      const id = record ? record.id : newId();
      await saveRecord(uid(), { kind: "away", path: paths.away(id), body: { from: from.value, to: to.value } });
      saved(form);
      form.reset();
      flashOn("#/away", () => notice(record ? "Dates changed." : "Saved. Your streak will wait for you."));
      if (record) location.hash = "#/away";
    },
  },
  h("h2", { id: "away-form-heading" }, record ? "Change these dates" : "Add time away"),
  field("from", "First day away", from),
  field("to", "Last day away", to),
  status,
  h("button", { type: "submit", class: "primary", "data-focus-key": "away-save" },
    record ? "Save changes" : "Save time away"));
  form.dataset.live = "true"; // the list beside it redraws after a save, while focus is still on the button
  if (record && record.error) showFieldErrors(form, record.error, status);
  return form;
}

function periodItem(record) {
  const text = periodText(record.data);
  return h("li", { class: "entry", "data-kind": "away", "data-id": record.id },
    h("div", { class: "entry-head" }, h("span", { class: "entry-title" }, text), syncBadge(record)),
    record.error ? h("p", { class: "entry-problem" }, record.error.message) : null,
    h("div", { class: "entry-actions" },
      h("a", { href: `#/away/${encodeURIComponent(record.id)}`, "aria-label": `Change ${text}` }, "Change"),
      h("button", {
        type: "button", class: "link-button", "aria-label": `Delete ${text}`,
        onclick: async () => {
          if (!window.confirm("Delete this time away?")) return;
          await deleteRecord(uid(), record.path);
        },
      }, "Delete")));
}

async function showList() {
  const key = "away";
  if (keepIfEditing(key)) return;
  const day = today();
  const records = (await listRecords(uid(), "away")).sort((a, b) => a.data.from.localeCompare(b.data.from));
  const ahead = records.filter((record) => record.data.to >= day);
  const past = records.filter((record) => record.data.to < day);
  present(key, h("h1", {}, "Time away"),
    h("p", {}, "Going away? Your streak pauses while you're away, and reminders rest too."),
    awayForm(null, key),
    h("section", { class: "card", "aria-labelledby": "away-list-heading" },
      h("h2", { id: "away-list-heading" }, "Coming up and now"),
      ahead.length ? h("ul", { class: "entries" }, ahead.map(periodItem)) : h("p", {}, "No time away planned.")),
    past.length ? h("section", { class: "card", "aria-labelledby": "away-past-heading" },
      h("h2", { id: "away-past-heading" }, "Earlier"),
      h("ul", { class: "entries" }, past.map(periodItem))) : null);
}

// #/away, #/away/ID
export async function showAway(_params, [id] = []) {
  if (!id) {
    const reading = loadAway(); // before the phone's copy is read: a read already under way is then shown too
    await showList();
    thenRedraw(reading);
    return;
  }
  const key = `away:${id}`;
  if (keepIfEditing(key)) return;
  const record = (await listRecords(uid(), "away")).find((item) => item.id === id);
  if (!record) {
    present(key, h("h1", {}, "Time away"), notice("Those dates are not on this phone any more."),
      h("p", {}, h("a", { href: "#/away" }, "Back to time away")));
    return;
  }
  present(key, h("h1", {}, "Change time away"), awayForm(record, key),
    h("p", {}, h("a", { href: "#/away" }, "Back to time away")));
}
