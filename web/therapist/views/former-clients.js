// Former clients: the session notes a therapist kept about clients who erased their accounts (nothing they wrote).
import { readFormerClients } from "../../shared/api.ts";
import { focusHeading, h, show } from "../../shared/dom.js";
import { dayText, plural } from "../format.js";

export async function showFormerClients() {
  const { items } = await readFormerClients();
  show(
    h("p", { class: "crumbs" }, h("a", { href: "#/" }, "← All clients")),
    h("h1", {}, "Former clients"),
    h("p", { class: "muted" }, "When a client erases their account, everything they wrote is deleted. "
      + "Your own session notes about them are kept here, private to you, under the name you knew them by."),
    items.length ? items.map(formerClient)
      : h("p", { id: "no-former-clients" }, "No former clients. Notes appear here only after a client erases their account."),
  );
  focusHeading();
}

function formerClient(client) {
  const name = client.display_name || "A client without a name";
  const headingId = `former-${client.id}`;
  return h("section", { class: "card former-client", "data-former": client.id, "aria-labelledby": headingId },
    h("h2", { id: headingId }, name),
    h("p", { class: "muted" }, `${client.label} · ${plural(client.sessions.length, "session")}`),
    client.sessions.length ? h("ul", { class: "plain sessions" }, client.sessions.map((s) => h("li", {},
      h("p", {}, h("strong", {}, dayText(s.date))),
      s.note ? h("p", { class: "note-text" }, s.note) : h("p", { class: "muted" }, "No note for this session."))))
      : h("p", {}, "No sessions were recorded."));
}
