// Who saw what, when: every time a linked therapist opened your records, newest first (the API's access trail).
import { readAccessLog } from "../../../shared/api.ts";
import { focusHeading, h, show } from "../ui.js";
import { alreadyShown, lastUpdated, pagedList, readThrough, screenHeading, whenText } from "./cached.js";

// The trail's words for what was read, said as what the therapist did.
const WHAT = {
  "entries page": "looked at your entries",
  review: "opened the review of your recent weeks",
  "client list row": "saw your line in their list of clients",
  "micro-win review": "marked one of your wins as seen",
  "moment acknowledged": "acknowledged a moment you logged",
  suggestion: "made a suggestion for you (and saw whether you had answered it)",
  suggestions: "looked at which of their suggestions you took",
};

function accessItem(record) {
  return h("li", { class: "access-item" },
    h("p", {}, h("strong", {}, record.therapist_name || "Your therapist"), " ", WHAT[record.what] || record.what),
    h("p", { class: "hint" }, whenText(record.at)));
}

export async function showAccessLog(_params, { redraw = false } = {}) {
  if (redraw && alreadyShown("access")) return;
  const first = await readThrough("access-log", () => readAccessLog(), { maxAgeMs: 0 });
  if (redraw && alreadyShown("access")) return;
  const list = h("ul", { class: "access-log" }, first.data.items.map(accessItem));
  show(screenHeading("access", "Who saw what, when"),
    h("p", {}, "Each time a therapist you linked with opens your records, it is written down here, newest first."),
    lastUpdated(first),
    first.data.items.length ? h("div", { class: "card" }, list)
      : h("p", { class: "card" }, "No one has looked at your data yet."),
    pagedList(list, first.data.next_cursor, readAccessLog, accessItem));
  focusHeading();
}
