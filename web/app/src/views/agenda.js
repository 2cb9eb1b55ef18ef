// For your next session: "I'd like to talk about this", on its own or about an entry (#/agenda/KIND/ID). Saved on
// the phone first and sent with the queue; removable until a session takes it up. Where it is added, the client is
// told what each therapist sees of it (its words only with note sharing).
import { Offline, paths, readAgenda } from "../../../shared/api.ts";
import { readCacheEntry } from "../db.js";
import { newId, today, uid } from "../session.js";
import { deleteRecord, dropMissing, listRecords, mergeFromServer, saveRecord } from "../store.js";
import { field, focusHeading, h, longDay, show, syncBadge } from "../ui.js";

const KIND_WORDS = { checkin: "check-in", mood: "mood entry", breathing: "breathing practice", experiment: "experiment" };
let filledFor = null; // the uid whose items were read from the server since this page opened

function entryDay(data) {
  return data.local_date || data.planned_for || (data.at || data.started_at || "").slice(0, 10) || null;
}

async function aboutText(kind, id) {
  const [record] = (await listRecords(uid(), kind)).filter((r) => r.id === id);
  const day = record ? entryDay(record.data) : null;
  return `About your ${KIND_WORDS[kind] || "entry"}${day ? ` from ${longDay(day)}` : ""}`;
}

// What each linked therapist sees of an item, from the phone's copy of the links.
async function sharingNotice() {
  const copy = await readCacheEntry(uid(), "links");
  const links = copy ? copy.data.items : [];
  if (!links.length) return h("p", { class: "hint", id: "agenda-sharing" }, "These stay in your own record; when you link with a therapist, they will see them.");
  return links.map((link) => {
    const name = link.therapist_name || "Your therapist";
    return h("p", { class: "hint agenda-sharing", id: `agenda-sharing-${link.therapist_uid}` }, link.share_notes
      ? `${name} sees what you write here.`
      : `${name} sees that you added something, not its words: you have not chosen to share notes with them.`);
  });
}

async function fillFromServer() {
  if (filledFor === uid() || !navigator.onLine) return false;
  const readAt = Date.now();
  try {
    const { items } = await readAgenda();
    const records = items.map((item) => ({ kind: "agenda", path: paths.agendaItem(item.id), data: item }));
    await mergeFromServer(uid(), records, readAt);
    await dropMissing(uid(), "agenda", records.map((r) => r.path), readAt);
    filledFor = uid();
    return true;
  } catch (error) {
    if (error instanceof Offline) return false;
    throw error;
  }
}

function itemRow(record) {
  const data = record.data;
  return h("li", { class: "entry agenda-item", "data-id": record.id },
    h("div", { class: "entry-head" }, h("span", { class: "entry-title" }, data.text), syncBadge(record)),
    h("p", { class: "entry-when" }, data.talked_about_on ? `Talked about on ${longDay(data.talked_about_on)}`
      : `Added ${longDay(data.local_date || data.added_on)}`,
    data.about && KIND_WORDS[data.about.kind] ? ` · about your ${KIND_WORDS[data.about.kind]}` : ""),
    record.error ? h("p", { class: "notice" }, record.error.message) : null,
    data.talked_about_on ? null : h("div", { class: "entry-actions" }, h("button", {
      type: "button", class: "link-button", "aria-label": `Remove "${data.text}"`,
      onclick: async () => {
        await deleteRecord(uid(), record.path);
        showAgenda();
      },
    }, "Remove")));
}

export async function showAgenda(_params, [kind, id] = [], { redraw = false } = {}) {
  if (!redraw && await fillFromServer()) return showAgenda(_params, [kind, id], { redraw: true });
  const records = (await listRecords(uid(), "agenda"))
    .sort((a, b) => Boolean(a.data.talked_about_on) - Boolean(b.data.talked_about_on) || a.createdAt - b.createdAt);
  const about = kind && id && KIND_WORDS[kind] ? await aboutText(kind, id) : null;
  const text = h("textarea", { name: "text", id: "agenda-text", maxlength: 500, rows: 3, required: true });
  const status = h("p", { class: "notice empty", role: "status", id: "agenda-status" });
  const form = h("form", {
    class: "card", "aria-labelledby": "agenda-add", novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      if (!text.value.trim()) {
        status.textContent = "Write a few words first: anything that helps you remember.";
        text.focus();
        return;
      }
      const body = { text: text.value.trim(), local_date: today(), about: about ? { kind, id } : null };
      await saveRecord(uid(), { kind: "agenda", path: paths.agendaItem(newId()), body });
      location.hash = "#/agenda";
      if (!about) showAgenda();
    },
  },
  h("h2", { id: "agenda-add" }, "I'd like to talk about this"),
  about ? h("p", { id: "agenda-about" }, about) : null,
  field("agenda-text", "What would you like to talk about?", text),
  await sharingNotice(),
  status,
  h("button", { type: "submit", class: "primary" }, "Add for next session"));
  show(
    h("h1", {}, "For your next session"),
    form,
    h("section", { class: "card", "aria-labelledby": "agenda-list" },
      h("h2", { id: "agenda-list" }, "Your list"),
      records.length ? h("ul", { class: "entries" }, records.map(itemRow))
        : h("p", {}, "Nothing yet. Add anything you would like to bring up; you can remove it until the session.")));
  focusHeading();
}
