// The inbox: every notification with its full text, newest first; unread ones say "New" (in words, not only
// colour) until opened or marked read. A micro-win links to Your progress. Offline, the copy kept on the phone.
// A therapist's note ("A note from <name>") is marked read through the sync queue, so that works offline too;
// suggestions from a therapist come first (suggested.js).
import { ApiError, Offline, markNotificationRead, paths, readNotifications } from "../../../shared/api.ts";
import { readCacheEntry, writeCache } from "../db.js";
import { handleError } from "../shell.js";
import { uid } from "../session.js";
import { queueAction } from "../store.js";
import { focusHeading, h, show } from "../ui.js";
import { alreadyShown, lastUpdated, pagedList, readThrough, refreshAfterUpload, screenHeading, whenText } from "./cached.js";
import { refreshSuggestions, suggestionsSection } from "./suggested.js";

export async function showInbox(_params, _rest, { redraw = false, refreshed = false } = {}) {
  if (redraw && alreadyShown("inbox")) return;
  const [first] = await Promise.all([readThrough("inbox", () => readNotifications(), { maxAgeMs: 0 }),
    refreshSuggestions()]);
  const suggestions = await suggestionsSection();
  if (redraw && alreadyShown("inbox")) return;
  const heading = screenHeading("inbox", "Inbox");
  const status = h("p", { class: "notice empty", role: "status", id: "inbox-status" });
  const list = h("ul", { class: "inbox" });
  const item = (notification) => inboxItem(notification, status);
  list.append(...first.data.items.map(item));
  show(heading, lastUpdated(first), status, suggestions,
    first.data.items.length ? list
      : h("p", { class: "card" }, "Nothing here yet. Notes about your wins and your reminders arrive here."),
    pagedList(list, first.data.next_cursor, readNotifications, item));
  refreshAfterUpload(heading, () => showInbox(null, [], { refreshed: true }));
  if (!refreshed) focusHeading();
}

function inboxItem(notification, status) {
  const unread = !notification.read_at;
  const node = h("li", { class: `card inbox-item${unread ? " unread" : ""}`, "data-id": notification.id },
    h("div", { class: "entry-head" },
      h("h2", { class: "inbox-title" }, notification.title),
      unread ? h("span", { class: "badge badge-new" }, "New") : null),
    notification.about ? h("p", { class: "hint note-about" }, `About: ${notification.about}`) : null,
    h("p", { class: "entry-text" }, notification.body),
    h("p", { class: "hint" }, whenText(notification.created_at)),
    h("div", { class: "entry-actions" },
      notification.type === "micro_win" ? h("a", {
        href: "#/progress",
        onclick: () => { if (unread) markRead(notification, status); },
      }, "See your progress") : null,
      unread ? h("button", {
        type: "button", class: "link-button", "aria-label": `Mark read: ${notification.title}`,
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          if (await markRead(notification, status)) node.replaceWith(inboxItem({ ...notification,
            read_at: new Date().toISOString() }, status));
          else event.currentTarget.disabled = false;
        },
      }, "Mark read") : null));
  return node;
}

// Marks it read on the server and in the phone's copy; false (and says why) when that could not happen.
async function markRead(notification, status) {
  if (notification.type === "therapist_note") {
    await queueAction(uid(), { opMethod: "POST", opPath: paths.notificationRead(notification.id) });
    await keepInCopy({ ...notification, read_at: new Date().toISOString() });
    status.textContent = "";
    return true;
  }
  try {
    const saved = await markNotificationRead(notification.id);
    await keepInCopy(saved);
    status.textContent = "";
    return true;
  } catch (error) {
    if (error instanceof Offline) status.textContent = "Marking as read needs a connection. It stays new until then.";
    else if (error instanceof ApiError) status.textContent = error.message;
    else await handleError(error);
    return false;
  }
}

async function keepInCopy(saved) {
  const copy = await readCacheEntry(uid(), "inbox");
  if (!copy) return;
  const items = copy.data.items.map((item) => (item.id === saved.id ? saved : item));
  await writeCache(uid(), "inbox", { ...copy.data, items }, copy.at);
}
