// The therapist's profile and when the weekly digest arrives.
import { ApiError, readTherapistProfile, writeTherapistProfile } from "../../shared/api.ts";
import { focusHeading, h, show } from "../../shared/dom.js";
import { WEEKDAYS } from "../format.js";
import { endedSession } from "../session.js";

export async function showSettings() {
  let profile = null;
  try {
    profile = await readTherapistProfile();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const digest = profile ? profile.digest : { weekday: 0, time: "08:00" };
  const name = h("input", { id: "display-name", name: "display_name", maxlength: 80, required: true, value: profile ? profile.display_name : "" });
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [zone];
  const current = profile ? profile.timezone : zone;
  const timezone = h("select", { id: "timezone", name: "timezone" },
    [...new Set([current, ...zones])].map((z) => h("option", { value: z, selected: z === current }, z)));
  const wants = h("input", { type: "checkbox", id: "digest-on", name: "digest_on", checked: digest !== null });
  const weekday = h("select", { id: "digest-weekday", name: "weekday" },
    WEEKDAYS.map((day, i) => h("option", { value: String(i), selected: digest && digest.weekday === i }, day)));
  const time = h("input", { type: "time", id: "digest-time", name: "time", value: digest ? digest.time : "08:00", required: true });
  const sync = () => { weekday.disabled = !wants.checked; time.disabled = !wants.checked; };
  wants.addEventListener("change", sync);
  sync();
  const status = h("p", { role: "status", class: "muted", id: "settings-status" });
  const form = h("form", {
    class: "card narrow",
    onsubmit: async (event) => {
      event.preventDefault();
      const body = {
        display_name: name.value.trim(),
        timezone: timezone.value,
        digest: wants.checked ? { weekday: Number(weekday.value), time: time.value } : null,
      };
      try {
        await writeTherapistProfile(body);
        status.textContent = "Saved.";
      } catch (error) {
        if (endedSession(error)) return;
        status.textContent = error.message;
      }
    },
  },
  h("h2", {}, "Your profile"),
  h("label", { for: "display-name" }, "Your name"), name,
  h("label", { for: "timezone" }, "Time zone"), timezone,
  h("h2", {}, "Weekly digest"),
  h("p", { class: "muted" }, "Counts only, such as “3 clients have new micro-wins to look at”. Never a name on the lock screen."),
  h("div", { class: "check" }, wants, h("label", { for: "digest-on" }, "Send me a weekly digest")),
  h("label", { for: "digest-weekday" }, "Day"), weekday,
  h("label", { for: "digest-time" }, "Time"), time,
  h("button", { type: "submit" }, "Save settings"), status);
  show(h("h1", {}, "Settings"), form);
  focusHeading();
}
