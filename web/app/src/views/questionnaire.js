// A short questionnaire (PHQ-9 or GAD-7) a therapist asked for: a card on Today while it is due, answered here even
// offline (a half-answered one is kept as a draft on this phone), sent through the sync queue, or skipped. Skipping
// is always fine. An item-9 answer above 0 shows, at once and offline, the client's own safety plan (or a gentle
// offer to write one) and the crisis lines, both from the phone's copy; never in a push.
import { Offline, paths, readMeasures } from "../../../shared/api.ts";
import { readCache, writeCache } from "../db.js";
import { formSaved, keepDraft } from "../drafts.js";
import { newId, today, uid } from "../session.js";
import { saveRecord } from "../store.js";
import { focusHeading, h, notice, show } from "../ui.js";
import { crisisLinesNow, keepCrisisLines } from "./help.js";
import { localPlan, renderPlan } from "./safety-plan.js";

const DUE = "measures due"; // the server's due cards, kept so they open offline
const SETTLED = "measures settled"; // measure -> the due_since this phone answered or skipped
const ITEM9 = "44260-8";
let justSent = null; // {measure, item9}: what the screen shows after sending, across the redraws that follow

async function dueHere() {
  const due = (await readCache(uid(), DUE)) || [];
  const settled = (await readCache(uid(), SETTLED)) || {};
  return due.filter((card) => settled[card.measure] !== card.due_since);
}

function asksItem9(card) {
  return card.questionnaire.items.some((item) => item.code === ITEM9);
}

const CHECKED = "measures checked"; // the local day the phone last asked what is due

// Reads what is due at most once a local day (a reopened app calls the API not at all) and after a new link,
// when there is a connection, and keeps it; answers whether it changed.
async function refresh() {
  if (!navigator.onLine || (await readCache(uid(), CHECKED)) === today()) return false;
  try {
    const answer = await readMeasures();
    const before = JSON.stringify((await readCache(uid(), DUE)) || []);
    await writeCache(uid(), DUE, answer.due);
    await writeCache(uid(), CHECKED, today());
    if (answer.due.some(asksItem9)) keepCrisisLines(); // the phone may be offline when it is answered
    return before !== JSON.stringify(answer.due);
  } catch (error) {
    if (error instanceof Offline) return false;
    throw error;
  }
}

function cardFor(card) {
  return h("section", { class: "card questionnaire-card", "aria-labelledby": `due-${card.measure}` },
    h("h2", { id: `due-${card.measure}` }, card.title),
    h("p", {}, "A few minutes, whenever suits you. Skipping it is fine too."),
    h("p", {}, h("a", { class: "button primary", href: `#/questionnaire/${card.measure}` }, `Open the ${card.name}`)));
}

// Today's cards: drawn from what the phone keeps, then refreshed in the background (Today never waits for it).
export async function questionnaireCards() {
  const slot = h("div", { class: "questionnaires" }, (await dueHere()).map(cardFor));
  refresh().then(async (changed) => {
    if (changed && slot.isConnected) slot.replaceChildren(...(await dueHere()).map(cardFor));
  }).catch(() => {});
  return slot;
}

function answersOf(form, items) {
  const answers = {};
  for (const item of items) {
    const checked = form.querySelector(`input[name="${CSS.escape(item.code)}"]:checked`);
    if (checked) answers[item.code] = Number(checked.value);
  }
  return answers;
}

async function send(card, body) {
  await saveRecord(uid(), { kind: "measure_answer", path: paths.measureAnswer(newId()),
    body: { measure: card.measure, answered_at: new Date().toISOString(), ...body } });
  const settled = (await readCache(uid(), SETTLED)) || {};
  await writeCache(uid(), SETTLED, { ...settled, [card.measure]: card.due_since });
}

// The client's own plan from this phone, with one tap to call; without one, a gentle offer to write it.
async function planCard() {
  const record = await localPlan();
  if (!record) {
    return h("section", { class: "card safety-plan", "aria-labelledby": "plan-now" },
      h("h2", { id: "plan-now" }, "A safety plan, when you feel ready"),
      h("p", {}, "A safety plan is a short note to yourself for a hard moment: the signs to notice, what helps, and "
        + "whom to call. It stays on this phone, so it opens without a connection."),
      h("p", {}, h("a", { class: "button", href: "#/safety-plan" }, "Write my safety plan")));
  }
  return h("section", { class: "card safety-plan", "aria-labelledby": "plan-now" },
    h("h2", { id: "plan-now" }, "My safety plan"),
    renderPlan(record.data, "h3"));
}

async function afterSending(sent) {
  if (sent.item9) {
    const [plan, lines] = await Promise.all([planCard(), crisisLinesNow()]);
    show(h("h1", {}, "Thank you for your answers"),
      h("section", { class: "card", "aria-labelledby": "help-now" },
        h("h2", { id: "help-now" }, "If things feel very hard right now"),
        h("p", {}, "Thank you for answering honestly. Nobody watches this app in real time: your therapist will see "
          + "your answers when they next look, not before. If you feel unsafe or need someone now, your own plan "
          + "and the people below are here for you, even without a connection.")),
      plan,
      lines,
      h("p", {}, h("a", { href: "#/" }, "Back to today")));
  } else {
    show(h("h1", {}, sent.skipped ? "Skipped for now" : "Thank you"),
      notice(sent.skipped ? "That is fine: nothing is lost by skipping." : "Your answers are saved on this phone and "
        + "go to your therapist when you are online."),
      h("p", {}, h("a", { href: "#/" }, "Back to today")));
  }
  focusHeading();
}

// #/questionnaire/<measure>
export async function showQuestionnaire(_params, [measure] = []) {
  if (justSent && justSent.measure === measure) { await afterSending(justSent); return; }
  const card = (await dueHere()).find((item) => item.measure === measure);
  if (!card) {
    show(h("h1", {}, "Questionnaire"), notice("There is no questionnaire to answer here just now."),
      h("p", {}, h("a", { href: "#/" }, "Back to today")));
    return;
  }
  const { items, stem, notice: freeUse, title } = card.questionnaire;
  const status = h("p", { class: "notice empty", role: "status" });
  const done = async (sent) => { justSent = { measure, ...sent }; await formSaved(form); await afterSending(justSent); };
  const form = h("form", {
    class: "card questionnaire", "aria-label": title, novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const answers = answersOf(form, items);
      if (Object.keys(answers).length === 0) {
        status.textContent = "Answer any of the questions, or skip the questionnaire: both are fine.";
        return;
      }
      await send(card, { answers });
      await done({ item9: (answers[ITEM9] || 0) > 0 });
    },
  },
  h("p", { class: "stem" }, stem),
  items.map((item, index) => h("fieldset", { class: "question" },
    h("legend", {}, `${index + 1}. ${item.text}`),
    item.answers.map((text, value) => h("div", { class: "choice" },
      h("input", { type: "radio", name: item.code, value: String(value), id: `q-${item.code}-${value}` }),
      h("label", { for: `q-${item.code}-${value}` }, text))))),
  status,
  h("button", { type: "submit", class: "primary" }, "Send my answers"),
  h("button", { type: "button", onclick: async () => { await send(card, { skipped: true }); await done({ skipped: true }); } },
    "Skip this time"),
  h("p", { class: "subtle" }, freeUse));
  keepDraft(form, `questionnaire ${measure}`);
  if (asksItem9(card)) keepCrisisLines(); // so an item-9 answer shows them offline too
  show(h("h1", {}, card.title), h("p", { class: "subtle" }, title), form);
  focusHeading();
}

// Leaving the screen forgets what was just sent, so the next due one opens as a form.
export function forgetSent() { justSent = null; }

// A new therapist may ask for a questionnaire: the next Today asks the server again.
export function checkQuestionnairesAgain() { return writeCache(uid(), CHECKED, null); }
