// The client list, sorted by what needs attention, a way to former clients' kept notes, and invite codes.
import { createInvite, readClients } from "../../shared/api.ts";
import { focusHeading, h, show } from "../../shared/dom.js";
import { endedSession } from "../session.js";
import { dateTimeText, dayText, entriesText, percent, todayIso } from "../format.js";

// The API's status orders the list and colours the chip by recency; the chip's words say what is true of the entries.
const STATUS_ORDER = { inactive: 0, quiet: 1, active: 2, away: 3 };

function lastEntry(row, today) {
  const text = entriesText(row.last_active, today);
  return row.status === "away" ? `Away (marked by them) · ${text}` : text;
}

const DIRECTION = { lower: "lower than before", higher: "higher than before", same: "as before" };

// Each measure's latest score and its direction; a PHQ-9 item-9 answer not yet acknowledged above them.
function measuresCell(row) {
  const moment = row.moment_to_ask_about;
  const scores = (row.measures || []).map((m) =>
    `${m.name} ${m.total} (${m.band})${m.direction ? `, ${DIRECTION[m.direction]}` : ""}`);
  return h("td", { "data-field": "measures" },
    moment ? h("p", { class: "ask-first" }, `PHQ-9 item 9 answered above 0 on ${dayText(moment.date)}: ask first.`)
      : null,
    scores.length ? scores.join(" · ") : "—");
}

export function byAttention(a, b) {
  return (Number(Boolean(b.moment_to_ask_about)) - Number(Boolean(a.moment_to_ask_about)))
    || (b.open_signals - a.open_signals)
    || (b.wins_not_reviewed - a.wins_not_reviewed)
    || ((STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9))
    || a.display_name.localeCompare(b.display_name);
}

export async function showClients() {
  const { items } = await readClients();
  const today = todayIso();
  const rows = [...items].sort(byAttention);
  const list = rows.length
    ? h("table", { class: "clients" },
      h("caption", {}, "Your clients, sorted by what needs attention: an item-9 answer to ask about first, then "
        + "open signals, then wins to look at"),
      h("thead", {}, h("tr", {},
        ["Client", "Entries", "Check-ins, last 7 days", "Wins to look at", "Open signals", "Measures, latest"]
          .map((title) => h("th", { scope: "col" }, title)))),
      h("tbody", {}, rows.map((row) => h("tr", { "data-client": row.client_uid },
        h("th", { scope: "row" }, h("a", { href: `#/clients/${encodeURIComponent(row.client_uid)}` }, row.display_name)),
        h("td", { "data-field": "entries" }, h("span", { class: `chip chip-${row.status}` }, lastEntry(row, today))),
        h("td", { "data-field": "adherence" }, percent(row.checkin_adherence_7_days)),
        h("td", { "data-field": "wins" }, String(row.wins_not_reviewed)),
        h("td", { "data-field": "signals" }, String(row.open_signals)),
        measuresCell(row)))))
    : h("p", {}, "No clients have linked to you yet. Create an invite code below and give it to a client.");
  show(
    h("h1", {}, "Your clients"),
    list,
    h("p", {}, h("a", { href: "#/former-clients" }, "Former clients"),
      ": the session notes you kept about clients who erased their accounts."),
    invitePanel(),
  );
  focusHeading();
}

function invitePanel() {
  const result = h("div", { class: "invite-result", "aria-live": "polite" });
  const button = h("button", {
    type: "button",
    onclick: async () => {
      button.disabled = true;
      try {
        const invite = await createInvite();
        result.replaceChildren(inviteCode(invite));
      } catch (error) {
        if (endedSession(error)) return;
        result.replaceChildren(h("p", { role: "alert" }, error.message));
      } finally {
        button.disabled = false;
      }
    },
  }, "Create an invite code");
  return h("section", { class: "card", "aria-labelledby": "invite-title" },
    h("h2", { id: "invite-title" }, "Invite a client"),
    h("p", {}, "A client enters the code in their app to link with you. Each code works once."),
    button, result);
}

function inviteCode(invite) {
  const copied = h("span", { class: "copied", role: "status" });
  return h("div", {},
    h("p", {}, "Code: ", h("output", { class: "code", id: "invite-code" }, invite.code)),
    h("p", {}, `Valid until ${dateTimeText(invite.expires_at)}.`),
    h("button", {
      type: "button",
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(invite.code);
          copied.textContent = "Copied.";
        } catch {
          copied.textContent = "Copying is not allowed here; select the code and copy it.";
        }
      },
    }, "Copy code"), " ", copied);
}
