// Entries as the client reads them back: one line each, where it stands (phone / saved / needs a look), and a
// way to fix or delete it. Free text is only ever set as text.
import { paths } from "../../../shared/api.ts";
import { localDate, uid } from "../session.js";
import { deleteRecord, recordsBetween, saveRecord, unsentRecords } from "../store.js";
import { h, humanize, longDay, syncBadge, timeText } from "../ui.js";

export const ENTRY_KINDS = ["checkin", "mood", "breathing"];
const TECHNIQUE_NAMES = { box: "Box breathing", "4-7-8": "4-7-8 breathing", paced: "Paced breathing",
  physiological_sigh: "Physiological sigh", other: "Breathing" };

// When the entry happened, as a sortable string (check-ins have only a local date).
export function entryMoment(record) {
  const data = record.data;
  if (record.kind === "checkin") return `${data.local_date}T23:59:59`;
  return data.at || data.started_at || data.local_date || "";
}

export function describe(record) {
  const data = record.data;
  if (record.kind === "checkin") {
    const extras = [data.energy != null ? `energy ${data.energy}` : null,
      data.sleep_hours != null ? `${data.sleep_hours} h sleep` : null].filter(Boolean);
    return { title: `Check-in · mood ${data.mood}`, when: longDay(data.local_date), detail: extras.join(" · "),
      text: data.went_well || "" };
  }
  if (record.kind === "mood") {
    const emotions = (data.emotions || []).map(humanize).join(", ");
    return { title: `Mood ${data.rating}${emotions ? ` · ${emotions}` : ""}`, when: timeText(data.at),
      detail: data.intensity != null ? `intensity ${data.intensity}` : "", text: data.note || "" };
  }
  if (record.kind === "breathing") {
    const minutes = Math.max(1, Math.round(data.duration_seconds / 60));
    const stress = data.stress_before != null && data.stress_after != null
      ? `stress ${data.stress_before} → ${data.stress_after}` : "";
    return { title: `${TECHNIQUE_NAMES[data.technique] || "Breathing"} · ${minutes} min`,
      when: timeText(data.started_at), detail: stress, text: "" };
  }
  return { title: humanize(record.kind), when: "", detail: "", text: "" };
}

export function editHref(record) {
  return `#/${record.kind}/${encodeURIComponent(record.id)}`;
}

// A check-in refused because the date already has one (made on another phone, or before a reinstall): the
// answer names the check-in that holds the date, so these answers can correct that one instead.
export function conflictHolder(record) {
  const error = record.error;
  if (!error || error.status !== 409) return null;
  const texts = [error.message, ...Object.values(error.fields || {}).flat()].join(" ");
  const found = texts.match(/check-in '([A-Za-z0-9_-]{1,64})'/);
  return found ? found[1] : null;
}

export async function useAnswersFor(record, holderId) {
  const { local_date, mood, energy = null, sleep_hours = null, went_well = null, note = null } = record.data;
  await saveRecord(uid(), { kind: "checkin", path: paths.checkin(holderId),
    body: { local_date, mood, energy, sleep_hours, went_well, note } });
  await deleteRecord(uid(), record.path);
}

// `withDay`: the day is named for every kind (History's months), not only the time of a mood or a practice.
export function entryItem(record, { onDeleted, withDay = false } = {}) {
  const { title, when: time, detail, text } = describe(record);
  const when = withDay && record.kind !== "checkin" && record.date ? `${longDay(record.date)}, ${time}` : time;
  const holder = conflictHolder(record);
  const problem = record.error ? h("div", { class: "entry-problem", role: "group", "aria-label": "Needs a look" },
    h("p", {}, holder ? "There is already a check-in for this day. Use these answers for that one instead?"
      : record.error.message),
    holder
      ? h("button", { type: "button", onclick: () => useAnswersFor(record, holder) }, "Use these answers")
      : h("a", { href: editHref(record), class: "button" }, "Fix it")) : null;
  return h("li", { class: "entry", "data-kind": record.kind, "data-id": record.id },
    h("div", { class: "entry-head" },
      h("span", { class: "entry-title" }, title), syncBadge(record)),
    h("p", { class: "entry-when" }, [when, detail].filter(Boolean).join(" · ")),
    text ? h("p", { class: "entry-text" }, text) : null,
    problem,
    h("div", { class: "entry-actions" },
      h("a", { href: editHref(record), "aria-label": `Change ${title}` }, "Change"),
      h("a", { href: `#/agenda/${record.kind}/${encodeURIComponent(record.id)}`, "aria-label": `Talk about this: ${title}, next session` },
        "Talk about this"),
      h("button", {
        type: "button", class: "link-button", "aria-label": `Delete ${title}`,
        onclick: async () => {
          if (!window.confirm(`Delete this ${record.kind === "checkin" ? "check-in" : "entry"}?`)) return;
          await deleteRecord(uid(), record.path);
          if (onDeleted) onDeleted();
        },
      }, "Delete")));
}

// The last `days` days through the kind and date index, and whatever is not yet on the server however old it is.
export async function recentEntries(days = 7) {
  const since = localDate(new Date(Date.now() - days * 86400000));
  const [recent, unsent] = await Promise.all([recordsBetween(uid(), ENTRY_KINDS, since),
    unsentRecords(uid(), ENTRY_KINDS)]);
  const records = [...new Map([...recent, ...unsent].map((record) => [record.key, record])).values()];
  const waiting = (record) => (record.error ? 1 : 0); // what needs a look comes first
  return records.sort((a, b) => waiting(b) - waiting(a) || entryMoment(b).localeCompare(entryMoment(a)));
}
