// Download everything: every page of the NDJSON export, checked against its count and checksum, saved as one
// file through a Blob URL and <a download> (no inline script: the CSP stays strict). Online only.
import { ApiError, Offline, readExportPage } from "../../../shared/api.ts";
import { handleError } from "../shell.js";
import { today } from "../session.js";
import { focusHeading, h, show } from "../ui.js";
import { alreadyShown, plural, screenHeading } from "./cached.js";

export function showExport(_params, { redraw = false } = {}) {
  if (redraw && alreadyShown("export")) return;
  const status = h("p", { class: "notice empty", role: "status", id: "export-status" });
  const button = h("button", { type: "button", class: "primary" }, "Download everything");
  button.addEventListener("click", () => download(button, status));
  show(screenHeading("export", "Download everything"),
    h("section", { class: "card" },
      h("p", {}, "One file with everything this app keeps about you: your profile, every entry, goal and step, "
        + "your wins, notifications and links."),
      h("p", { class: "hint" }, "It is a text file with one record per line (NDJSON). It ends with a count and a "
        + "checksum, which this phone checks before saving, so you know nothing went missing."),
      navigator.onLine ? null : h("p", { class: "notice" }, "Downloading needs a connection. Your entries are "
        + "safe on this phone meanwhile."),
      button, status));
  focusHeading();
}

const lastLine = (text) => JSON.parse(text.replace(/\n$/, "").split("\n").pop());

async function download(button, status) {
  button.disabled = true;
  const pages = [];
  try {
    let cursor;
    let end = null;
    while (!end) {
      status.textContent = `Fetching page ${pages.length + 1}…`;
      const text = await readExportPage(cursor);
      pages.push(text);
      const trailer = lastLine(text);
      if (trailer.end) end = trailer.end;
      else if (trailer.page && trailer.page.next_cursor) cursor = trailer.page.next_cursor;
      else throw new Mismatch();
    }
    status.textContent = "Checking the file…";
    await check(pages, end);
    save(pages);
    status.textContent = `Saved: ${plural(end.documents, "record")} from ${plural(pages.length, "page")}, `
      + "complete and checked.";
  } catch (error) {
    if (error instanceof Mismatch || error instanceof SyntaxError) {
      status.textContent = "The download did not add up: part of it went missing on the way. Please try again.";
    } else if (error instanceof Offline) {
      status.textContent = "Downloading needs a connection. Please try again when you are online.";
    } else if (error instanceof ApiError) {
      status.textContent = error.message;
    } else {
      await handleError(error);
    }
  } finally {
    button.disabled = false;
  }
}

class Mismatch extends Error {}

// The export's own rule: h = 32 zero bytes; h = SHA-256(h + line) for every line but the `page` and `end` lines;
// `documents` counts the lines that are documents (all but the first, `export` line).
async function check(pages, end) {
  const encoder = new TextEncoder();
  let digest = new Uint8Array(32);
  let documents = 0;
  for (const page of pages) {
    const lines = page.replace(/\n$/, "").split("\n").slice(0, -1);
    for (const line of lines) {
      const bytes = encoder.encode(line);
      const joined = new Uint8Array(digest.length + bytes.length);
      joined.set(digest);
      joined.set(bytes, digest.length);
      digest = new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
      if (!("export" in JSON.parse(line))) documents += 1;
    }
  }
  const hex = [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  if (hex !== end.sha256 || documents !== end.documents) throw new Mismatch();
}

function save(pages) {
  const url = URL.createObjectURL(new Blob(pages, { type: "application/x-ndjson" }));
  const anchor = h("a", { href: url, download: `stepping-stones-export-${today()}.ndjson`, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
