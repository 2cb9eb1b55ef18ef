// A small phone-style client over the generated types: it must type-check with `tsc --noEmit --strict`
// and the contract's generated types, with no casts. Written as a phone developer would.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/api";

type Schemas = components["schemas"];
const api = createClient<paths>({ baseUrl: "http://127.0.0.1:8080", headers: { Authorization: "Bearer token" } });

export async function setUp(): Promise<void> {
  await api.PUT("/v1/me", { body: { display_name: "Sam", timezone: "Europe/Berlin" } });
  await api.PUT("/v1/me", {
    body: {
      display_name: "Sam", timezone: "Pacific/Honolulu", reminder_time: "20:30",
      quiet_hours: { start: "22:00", end: "07:00" }, notifications: { max_per_day: 3 },
    },
  });
  await api.PUT("/v1/devices/{device_id}", {
    params: { path: { device_id: "phone-1" } }, body: { fcm_token: "token:abc", platform: "ios" },
  });
}

export async function writeEveryKind(): Promise<void> {
  await api.PUT("/v1/checkins/{entry_id}", {
    params: { path: { entry_id: "c1" } }, body: { local_date: "2026-03-02", mood: 6 },
  });
  await api.PUT("/v1/checkins/{entry_id}", {
    params: { path: { entry_id: "c2" } },
    body: { local_date: "2026-03-03", mood: 7, energy: 5, sleep_hours: 7.5, went_well: "A walk", note: null },
  });
  await api.PUT("/v1/moods/{entry_id}", {
    params: { path: { entry_id: "m1" } }, body: { at: "2026-03-02T09:30:00+01:00", rating: 5 },
  });
  await api.PUT("/v1/moods/{entry_id}", {
    params: { path: { entry_id: "m2" } },
    body: { at: "2026-03-02T19:30:00+01:00", rating: 7, emotions: ["calm", "hopeful"], intensity: 4 },
  });
  await api.PUT("/v1/breathing/{entry_id}", {
    params: { path: { entry_id: "b1" } },
    body: { started_at: "2026-03-02T08:00:00+01:00", duration_seconds: 300, technique: "box" },
  });
  await api.PUT("/v1/breathing/{entry_id}", {
    params: { path: { entry_id: "b2" } },
    body: { started_at: "2026-03-02T21:00:00+01:00", duration_seconds: 120, technique: "4-7-8", stress_before: 7, stress_after: 4 },
  });
  await api.PUT("/v1/experiments/{entry_id}", {
    params: { path: { entry_id: "x1" } },
    body: { strength: "curiosity", plan: "Ask a colleague", prediction: "Awkward", prediction_rating: 4,
      planned_for: "2026-03-03" },
  });
  await api.PUT("/v1/experiments/{entry_id}/outcome", {
    params: { path: { entry_id: "x1" } },
    body: { done_on: "2026-03-03", what_happened: "We talked", outcome_rating: 7, learned: "It was fine" },
  });
  await api.PUT("/v1/goals/{goal_id}", {
    params: { path: { goal_id: "g1" } }, body: { title: "Walk more", why: "Energy", target_date: "2026-04-01" },
  });
  await api.PUT("/v1/goals/{goal_id}/steps/{step_id}", {
    params: { path: { goal_id: "g1", step_id: "s1" } }, body: { title: "Around the block", done_when: "Back home" },
  });
  await api.POST("/v1/goals/{goal_id}/steps/{step_id}/done", {
    params: { path: { goal_id: "g1", step_id: "s1" } }, body: { done_on: "2026-03-03" },
  });
  await api.PUT("/v1/me/away/{period_id}", {
    params: { path: { period_id: "a1" } }, body: { from: "2026-03-10", to: "2026-03-12" },
  });
  await api.PUT("/v1/me/measures/answers/{answer_id}", {
    params: { path: { answer_id: "q1" } }, body: { measure: "gad7", answers: { "69725-0": 2, "68509-9": null } },
  });
  await api.PUT("/v1/me/measures/answers/{answer_id}", {
    params: { path: { answer_id: "q2" } }, body: { measure: "phq9", skipped: true },
  });
  await api.PUT("/v1/me/safety-plan", {
    body: { warning_signs: ["Nights without sleep"], people_to_ask: [{ name: "Sam", phone: "+44 7700 900123" }],
      distractions: [{ name: "The park" }], reason_for_living: "Biscuit" },
  });
}

export async function sharePlanAsRead(): Promise<void> {
  // The plan read back, with sharing turned on: the write form is the read form without its dates.
  const { data } = await api.GET("/v1/me/safety-plan");
  if (!data) return;
  const { created_at, updated_at, ...fields } = data;
  const input: Schemas["SafetyPlanInput"] = { ...fields, share_with_therapists: true };
  await api.PUT("/v1/me/safety-plan", { body: input });
  console.log(created_at, updated_at);
}

export async function correctWhatWasRead(): Promise<void> {
  // Read, change one field, write back: the write form is the read form without the server's fields.
  const { data } = await api.GET("/v1/checkins/{entry_id}", { params: { path: { entry_id: "c1" } } });
  if (!data) return;
  const { id, kind, created_at, updated_at, notes_hidden, ...fields } = data;
  const input: Schemas["CheckInInput"] = { ...fields, mood: 8 };
  await api.PUT("/v1/checkins/{entry_id}", { params: { path: { entry_id: id } }, body: input });
  console.log(kind, created_at, updated_at, notes_hidden);
}

function describe(item: Schemas["TimelineItem"]): string {
  switch (item.kind) {
    case "checkin":
      return `check-in ${item.local_date}: mood ${item.mood}, energy ${item.energy ?? "-"}`;
    case "mood":
      return `mood ${item.rating} at ${item.at} (${item.emotions.join(", ")})`;
    case "breathing":
      return `${item.technique} for ${item.duration_seconds}s`;
    case "experiment": {
      const outcome: Schemas["Outcome"] | null = item.outcome;
      const expected: number | null | undefined = item.prediction_rating;
      const went = outcome ? outcome.outcome_rating : "-";
      return `${item.strength} (${item.status}) expected ${expected ?? "-"}, went ${went}`;
    }
  }
}

export async function readEverything(): Promise<string[]> {
  const lines: string[] = [];
  const summary = (await api.GET("/v1/summary")).data;
  if (summary) {
    const streak: number = summary.checkin_streak.current;
    const adherence: number | null = summary.checkin_adherence.last_7_days;
    const lastActive: string | null = summary.last_active;
    lines.push(`streak ${streak}, adherence ${adherence ?? "-"}, last active ${lastActive ?? "never"}`);
  }
  const timeline = (await api.GET("/v1/timeline", { params: { query: { from: "2026-03-01", kinds: "checkin,mood", limit: 20 } } })).data;
  for (const item of timeline?.items ?? []) lines.push(describe(item));
  const cursor: string | null | undefined = timeline?.next_cursor;
  if (cursor) await api.GET("/v1/timeline", { params: { query: { cursor } } });
  const wins = (await api.GET("/v1/wins", { params: { query: { since: "2026-03-01" } } })).data;
  for (const win of wins?.items ?? []) {
    const rule: Schemas["Win"]["rule"] = win.rule;
    lines.push(`${win.occurred_on} ${rule}: ${win.message}`);
  }
  const links = (await api.GET("/v1/links")).data;
  for (const link of links?.items ?? []) lines.push(`${link.therapist_uid} sees notes: ${link.share_notes}`);
  const goals = (await api.GET("/v1/goals")).data;
  for (const goal of goals?.items ?? []) lines.push(`${goal.title}: ${goal.steps_done}/${goal.steps_total} ${goal.next_step?.title ?? ""}`);
  const measures = (await api.GET("/v1/me/measures")).data;
  for (const card of measures?.due ?? []) lines.push(`${card.title} (${card.name}) since ${card.due_since}`);
  for (const answer of measures?.answers ?? []) {
    const total: number | null | undefined = answer.total;
    lines.push(`${answer.measure} ${answer.status}: ${answer.complete ? total : "incomplete"}`);
  }
  const profile = (await api.GET("/v1/me")).data;
  if (profile) lines.push(`${profile.display_name}, pushes a day: ${profile.notifications.max_per_day}`);
  return lines;
}
