// The profile: the name the app and a linked therapist use, the time zone that sets "today", and the reminder.
import { ApiError, Offline, writeProfile } from "../../../shared/api.ts";
import { deviceTimeZone, session } from "../session.js";
import { field, focusHeading, h, notice, show, showFieldErrors } from "../ui.js";

export function showProfileForm({ first = false, onSaved }) {
  const profile = session().profile || {};
  const name = h("input", { type: "text", name: "display_name", maxlength: 80, required: true, autocomplete: "nickname",
    value: profile.display_name || "" });
  const zone = h("input", { type: "text", name: "timezone", required: true, value: profile.timezone || deviceTimeZone() });
  const reminder = h("input", { type: "time", name: "reminder_time", value: profile.reminder_time || "" });
  const status = h("p", { class: "notice empty", role: "status" });
  const button = h("button", { type: "submit", class: "primary" }, first ? "Start" : "Save");
  const form = h("form", {
    class: "card",
    onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      status.textContent = "Saving…";
      try {
        const body = { display_name: name.value.trim(), timezone: zone.value.trim(),
          reminder_time: reminder.value || null };
        if (profile.quiet_hours !== undefined) body.quiet_hours = profile.quiet_hours;
        const saved = await writeProfile(body);
        await onSaved(saved);
      } catch (error) {
        button.disabled = false;
        if (error instanceof ApiError) showFieldErrors(form, error, status);
        else if (error instanceof Offline) status.textContent = "You are offline. Setting up needs a connection once.";
        else throw error;
      }
    },
  },
  field("display_name", "What should we call you?", name),
  field("timezone", "Your time zone", zone, "Sets when your day starts and ends. Found from this phone."),
  field("reminder_time", "A daily reminder at (optional)", reminder),
  status, button);
  show(h("h1", {}, first ? "Welcome" : "Your profile"),
    first ? notice("One step to begin: tell us what to call you. You can change it at any time.") : null,
    form);
  focusHeading();
}
