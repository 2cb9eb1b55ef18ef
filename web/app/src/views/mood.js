// A mood entry: how the client feels (0-10), up to five named feelings, how strong, and a note. #/mood/ID corrects one.
import vocabulary from "contract:vocabulary";
import { paths } from "../../../shared/api.ts";
import { newId, uid } from "../session.js";
import { listRecords, saveRecord } from "../store.js";
import { field, flashOn, h, humanize, notice, scale, scaleValue, showFieldErrors } from "../ui.js";
import { errorSlot, keepIfEditing, present, saved, savingForm, statusLine, textOrNull } from "./kit.js";

const LOW = 1; // a rating of 0 or 1 gets a gentle pointer to help

function emotionChips(chosen, status) {
  const chips = vocabulary.emotions.map((emotion) => {
    const id = `emotion-${emotion}`;
    const input = h("input", { type: "checkbox", name: "emotions", value: emotion, id, checked: chosen.includes(emotion),
      onchange: () => {
        const picked = input.form.querySelectorAll('input[name="emotions"]:checked');
        if (picked.length > vocabulary.maxEmotions) {
          input.checked = false;
          status.textContent = `${vocabulary.maxEmotions} feelings is the most one entry holds. Unpick one to choose `
            + `${humanize(emotion).toLowerCase()} instead.`;
        } else {
          status.textContent = "";
        }
      } });
    return h("span", { class: "chip" }, input, h("label", { for: id }, humanize(emotion)));
  });
  return h("fieldset", { class: "emotions", "aria-describedby": "emotions-limit" },
    h("legend", {}, `What are you feeling? (up to ${vocabulary.maxEmotions})`),
    h("div", { class: "chips" }, chips),
    h("p", { class: "hint", id: "emotions-limit", role: "status" }, status),
    errorSlot("emotions"));
}

function moodForm(record, key) {
  const data = record ? record.data : {};
  const limit = h("span", {});
  const note = h("textarea", { name: "note", maxlength: 2000, rows: 3 }, data.note || "");
  const status = statusLine();
  const form = savingForm(key, { class: "card" }, {
    missing: () => [
      scaleValue(form, "rating") === null && ["rating", "Pick a number first: any number is fine."],
    ],
    save: async () => {
      const rating = scaleValue(form, "rating");
      const body = {
        at: data.at || new Date().toISOString(),
        rating,
        emotions: [...form.querySelectorAll('input[name="emotions"]:checked')].map((input) => input.value),
        intensity: scaleValue(form, "intensity"),
        note: textOrNull(note),
      };
      const id = record ? record.id : newId();
      await saveRecord(uid(), { kind: "mood", path: paths.mood(id), body });
      saved(form);
      flashOn("#/", () => (rating <= LOW
        ? h("p", { class: "notice", role: "status" }, "Thank you for noting how you feel. ",
          h("a", { href: "#/help" }, "If things feel very hard right now, help is here"), ".")
        : h("p", { class: "notice", role: "status" }, "Mood saved. Thank you for checking in with yourself.")));
      location.hash = "#/";
    },
  },
  scale("rating", "How do you feel, from 0 (very low) to 10 (very good)?", { value: data.rating ?? null,
    required: true, low: "Very low", high: "Very good" }),
  errorSlot("rating"),
  emotionChips(data.emotions || [], limit),
  scale("intensity", "How strong are these feelings? (optional)", { value: data.intensity ?? null,
    low: "Barely there", high: "Very strong" }),
  errorSlot("intensity"),
  field("note", "Note (optional)", note),
  errorSlot("at"),
  status,
  h("button", { type: "submit", class: "primary" }, record ? "Save changes" : "Save mood"));
  if (record && record.error) showFieldErrors(form, record.error, status);
  return form;
}

export async function showMood(_params, [id] = []) {
  const key = `mood:${id || "new"}`;
  if (keepIfEditing(key)) return;
  const record = id ? (await listRecords(uid(), "mood")).find((item) => item.id === id) : null;
  if (id && !record) {
    present(key, h("h1", {}, "Log a mood"), notice("That mood entry is not on this phone any more."),
      h("p", {}, h("a", { href: "#/" }, "Back to today")));
    return;
  }
  present(key, h("h1", {}, record ? "Change a mood entry" : "Log a mood"), moodForm(record, key));
}
