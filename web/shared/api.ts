// Both pages' one door to the API: typed by the contract (contract.d.ts, generated from schemas/openapi.json by
// openapi-typescript), same origin, the ID token as a Bearer header. The companion's calls come first, then the
// therapist page's; each page words an ended session and a lost connection for its own people (useMessages).
import type { components } from "./contract";

export type Schemas = components["schemas"];
export type CheckInInput = Schemas["CheckInInput"];
export type MoodInput = Schemas["MoodInput"];
export type BreathingInput = Schemas["BreathingInput"];
export type ExperimentInput = Schemas["ExperimentInput"];
export type OutcomeInput = Schemas["OutcomeInput"];
export type GoalInput = Schemas["GoalInput"];
export type StepInput = Schemas["StepInput"];
export type StepDone = Schemas["StepDone"];
export type AwayInput = Schemas["AwayInput"];
export type AnswerInput = Schemas["AnswerInput"];
export type SafetyPlanInput = Schemas["SafetyPlanInput"];
export type ProfileInput = Schemas["ProfileInput"];
export type SyncOperation = Schemas["SyncOperation"];
export type SyncResult = Schemas["SyncResult"];
export type ErrorDetail = Schemas["ErrorDetail"];

export class ApiError extends Error {
  status: number;
  code: string;
  fields: Record<string, unknown>;
  retryAfterSeconds: number | null;

  constructor(status: number, detail: Partial<ErrorDetail>, retryAfterSeconds: number | null = null) {
    super(detail.message || "Something went wrong on our side. Please try again.");
    this.status = status;
    this.code = detail.code || "error";
    this.fields = (detail.fields as Record<string, unknown>) || {};
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// The server could not be reached: the phone keeps everything and tries again later.
export class Offline extends Error {}

// 401, 403 or 410: this sign-in can no longer use the API.
export class SessionEnded extends Error {
  status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

type TokenSource = () => Promise<string | null>;
let tokenSource: TokenSource = async () => null;

export function useTokens(source: TokenSource): void {
  tokenSource = source;
}

const SESSION_MESSAGES: Record<number, string> = {
  401: "Your session has ended. Please sign in again.",
  403: "This account cannot use the companion app. Sign in with your own account.",
  410: "This account has been erased.",
};
let offlineMessage = "You are offline. Everything is kept on this phone.";

// A page's own words for a refused account (403) and for a server it cannot reach.
export function useMessages(words: { forbidden?: string; offline?: string }): void {
  if (words.forbidden) SESSION_MESSAGES[403] = words.forbidden;
  if (words.offline) offlineMessage = words.offline;
}

function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const when = Date.parse(header);
  return Number.isNaN(when) ? null : Math.max(0, (when - Date.now()) / 1000);
}

const KEEPALIVE_LIMIT = 60_000; // browsers refuse keepalive bodies over 64 KiB

type CallOptions = { accept?: "json" | "text"; anonymous?: boolean; keepalive?: boolean; signal?: AbortSignal };

// `anonymous`: a public route (help), called without a token so it works signed out too. `keepalive`: the
// request must outlive the page (the app is being left).
async function call<T>(method: string, path: string, body?: unknown,
  { accept = "json", anonymous = false, keepalive = false, signal }: CallOptions = {}): Promise<T> {
  const token = anonymous ? null : await tokenSource();
  if (!token && !anonymous) throw new SessionEnded(401, SESSION_MESSAGES[401]);
  let response: Response;
  const text = body === undefined ? undefined : JSON.stringify(body);
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: text,
      cache: "no-store",
      credentials: "omit",
      keepalive: keepalive && text !== undefined && text.length < KEEPALIVE_LIMIT,
      signal,
    });
  } catch {
    throw new Offline(offlineMessage);
  }
  if (response.status === 204) return null as T;
  if (response.ok && accept === "text") return (await response.text()) as T;
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  const failure = (payload as { error?: ErrorDetail } | null)?.error;
  // A 410 about something else (an expired invite code, `gone`) is an answer, not the end of the session.
  const otherGone = response.status === 410 && failure !== undefined && failure.code !== "account_erased";
  if (response.status in SESSION_MESSAGES && !otherGone && !anonymous) {
    throw new SessionEnded(response.status, response.status === 410 && failure ? failure.message
      : SESSION_MESSAGES[response.status]);
  }
  if (!response.ok) {
    const detail = (payload as { error?: ErrorDetail } | null)?.error || {};
    throw new ApiError(response.status, detail, retryAfter(response.headers.get("Retry-After")));
  }
  return payload as T;
}

// 404 as "not there", and 409 `profile_required` (what the API answers before a profile is made) too;
// every other failure as an error.
async function maybe<T>(path: string): Promise<T | null> {
  try {
    return await call<T>("GET", path);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.code === "profile_required")) return null;
    throw error;
  }
}

const id = encodeURIComponent;

export const paths = {
  checkin: (entryId: string) => `/v1/checkins/${id(entryId)}`,
  mood: (entryId: string) => `/v1/moods/${id(entryId)}`,
  breathing: (entryId: string) => `/v1/breathing/${id(entryId)}`,
  experiment: (entryId: string) => `/v1/experiments/${id(entryId)}`,
  outcome: (entryId: string) => `/v1/experiments/${id(entryId)}/outcome`,
  goal: (goalId: string) => `/v1/goals/${id(goalId)}`,
  step: (goalId: string, stepId: string) => `/v1/goals/${id(goalId)}/steps/${id(stepId)}`,
  stepDone: (goalId: string, stepId: string) => `/v1/goals/${id(goalId)}/steps/${id(stepId)}/done`,
  away: (periodId: string) => `/v1/me/away/${id(periodId)}`,
  measureAnswer: (answerId: string) => `/v1/me/measures/answers/${id(answerId)}`,
  safetyPlan: "/v1/me/safety-plan",
  suggestion: (suggestionId: string) => `/v1/me/suggestions/${id(suggestionId)}`,
  takeSuggestion: (suggestionId: string) => `/v1/me/suggestions/${id(suggestionId)}/take`,
  letGoSuggestion: (suggestionId: string) => `/v1/me/suggestions/${id(suggestionId)}/let-go`,
  notificationRead: (notificationId: string) => `/v1/notifications/${id(notificationId)}/read`,
  agendaItem: (itemId: string) => `/v1/me/agenda/${id(itemId)}`,
};

// The bodies a queued operation may carry, by the route it goes to.
export type QueuedBody = CheckInInput | MoodInput | BreathingInput | ExperimentInput | OutcomeInput | GoalInput
  | StepInput | StepDone | AwayInput | AnswerInput | SafetyPlanInput | Schemas["TakeSuggestion"]
  | Schemas["AgendaItemInput"] | null;

// `leaving`: the app is being closed or hidden, so the request is sent with keepalive to finish without it.
// `signal`: aborts the request (it then fails as Offline; a batch the server took meanwhile is recognised on resend).
export async function sync(operations: SyncOperation[], leaving = false, signal?: AbortSignal): Promise<SyncResult[]> {
  const answer = await call<Schemas["SyncResponse"]>("POST", "/v1/sync", { operations },
    { keepalive: leaving, signal });
  return answer.results;
}

// No profile yet: GET /v1/me answers 409 profile_required (not 404).
export async function readProfile(): Promise<Schemas["Profile"] | null> {
  try {
    return await maybe<Schemas["Profile"]>("/v1/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && error.code === "profile_required") return null;
    throw error;
  }
}
export const writeProfile = (body: ProfileInput) => call<Schemas["Profile"]>("PUT", "/v1/me", body);
export const readSummary = () => call<Schemas["Summary"]>("GET", "/v1/summary");
export const readWhatHelps = () => call<Schemas["WhatHelps"]>("GET", "/v1/me/what-helps");
export const readWins = (cursor?: string) =>
  call<Schemas["WinPage"]>("GET", `/v1/wins${cursor ? `?cursor=${id(cursor)}` : ""}`);
export const readNotifications = (cursor?: string) =>
  call<Schemas["NotificationPage"]>("GET", `/v1/notifications${cursor ? `?cursor=${id(cursor)}` : ""}`);
export const markNotificationRead = (notificationId: string) =>
  call<Schemas["Notification"]>("POST", `/v1/notifications/${id(notificationId)}/read`);
export const readTimeline = (cursor?: string) =>
  call<Schemas["TimelinePage"]>("GET", `/v1/timeline${cursor ? `?cursor=${id(cursor)}` : ""}`);
// The timeline from `day` (YYYY-MM-DD, included) back: History reads again from where the phone let go.
export const readTimelineUpTo = (day: string) =>
  call<Schemas["TimelinePage"]>("GET", `/v1/timeline?${new URLSearchParams({ to: day })}`);
// Every item of a paged list, page by page (each answer is bounded: 10 goals, or 50 experiments, a page).
async function readAllPages<T>(path: string): Promise<{ items: T[] }> {
  const items: T[] = [];
  let cursor: string | null | undefined;
  do {
    const page: { items: T[]; next_cursor?: string | null } = await call<{ items: T[]; next_cursor?: string | null }>(
      "GET", `${path}${cursor ? `?cursor=${id(cursor)}` : ""}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return { items };
}
export const readExperiments = () => readAllPages<Schemas["Experiment"]>("/v1/experiments");
export const readGoals = () => readAllPages<Schemas["Goal"]>("/v1/goals");
export const readAway = () => call<Schemas["AwayList"]>("GET", "/v1/me/away");
export const readMeasures = () => call<Schemas["ClientMeasures"]>("GET", "/v1/me/measures");
// The client's safety plan, or null before they write one (404).
export const readSafetyPlan = () => maybe<Schemas["SafetyPlan"]>(paths.safetyPlan);
export const readAgenda = () => call<Schemas["AgendaList"]>("GET", "/v1/me/agenda");
export const readHelp = () => call<Schemas["Help"]>("GET", "/v1/help");
// The same crisis lines without a token: the help screen opens signed out too, and never ends a session.
// The client's time zone and the phone's language put their own country's lines first. Only values the API's
// query accepts are sent: an odd locale must never keep the crisis lines from loading.
export const readPublicHelp = (zone: string, language: string) => {
  const query = new URLSearchParams();
  if (/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) query.set("zone", zone);
  if (language.length <= 35 && /^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$/.test(language)) query.set("language", language);
  const search = query.toString();
  return call<Schemas["Help"]>("GET", `/v1/help${search ? `?${search}` : ""}`, undefined, { anonymous: true });
};
export const readMySuggestions = () => call<Schemas["SuggestionList"]>("GET", "/v1/me/suggestions");
export const readLinks = () => call<Schemas["LinkList"]>("GET", "/v1/links");
export const previewInvite = (code: string) => call<Schemas["InvitePreview"]>("GET", `/v1/invites/${id(code)}`);
export const link = (body: Schemas["LinkRequest"]) => call<Schemas["Link"]>("POST", "/v1/links", body);
export const changeSharing = (therapistUid: string, body: Schemas["SharingChange"]) =>
  call<Schemas["Link"]>("PATCH", `/v1/links/${id(therapistUid)}`, body);
export const unlink = (therapistUid: string) => call<null>("DELETE", `/v1/links/${id(therapistUid)}`);
export const readAccessLog = (cursor?: string) =>
  call<Schemas["AccessLogPage"]>("GET", `/v1/me/access-log${cursor ? `?cursor=${id(cursor)}` : ""}`);
export const readExportPage = (cursor?: string) =>
  call<string>("GET", `/v1/me/export${cursor ? `?cursor=${id(cursor)}` : ""}`, undefined, { accept: "text" });
export const erase = (body: Schemas["Erase"]) => call<Schemas["Erasure"]>("DELETE", "/v1/me", body);
export const readErasure = () => call<Schemas["Erasure"]>("GET", "/v1/me/erasure");
export const registerDevice = (deviceId: string, body: Schemas["DeviceRegistration"]) =>
  call<Schemas["Device"]>("PUT", `/v1/devices/${id(deviceId)}`, body);
export const forgetDevice = (deviceId: string) => call<null>("DELETE", `/v1/devices/${id(deviceId)}`);

// The therapist page: its clients, one client's review, sessions, wins and moments, former clients' kept notes,
// invites, and its own profile.
export const clientPath = (clientUid: string) => `/v1/clients/${id(clientUid)}`;
export const readClients = () => call<Schemas["ClientList"]>("GET", "/v1/clients");
export const createInvite = () => call<Schemas["Invite"]>("POST", "/v1/invites");
export const readReview = (clientUid: string, query: URLSearchParams) =>
  call<Schemas["Review"]>("GET", `${clientPath(clientUid)}/review${query.size ? `?${query}` : ""}`);
export const readSessions = (clientUid: string) => call<Schemas["SessionList"]>("GET", `${clientPath(clientUid)}/sessions`);
export const writeSession = (clientUid: string, day: string, body: Schemas["SessionBody"]) =>
  call<Schemas["Session"]>("PUT", `${clientPath(clientUid)}/sessions/${id(day)}`, body);
// A note (optional) reaches the client's inbox as "A note from <your name>".
export const markWinReviewed = (clientUid: string, winId: string, note: string | null = null) =>
  call<Schemas["WinReview"]>("POST", `${clientPath(clientUid)}/wins/${id(winId)}/review`, { note });
export const acknowledgeMoment = (clientUid: string, day: string, note: string | null = null) =>
  call<Schemas["MomentAcknowledged"]>("POST", `${clientPath(clientUid)}/moments/${id(day)}/acknowledge`, { note });
export const offerSuggestion = (clientUid: string, suggestionId: string, body: Schemas["SuggestionInput"]) =>
  call<Schemas["Suggestion"]>("PUT", `${clientPath(clientUid)}/suggestions/${id(suggestionId)}`, body);
export const readClientSuggestions = (clientUid: string) =>
  call<Schemas["SuggestionList"]>("GET", `${clientPath(clientUid)}/suggestions`);
export const writeNextSession = (clientUid: string, body: Schemas["NextSessionBody"]) =>
  call<Schemas["NextSession"]>("PUT", `${clientPath(clientUid)}/next-session`, body);
export const clearNextSession = (clientUid: string) => call<null>("DELETE", `${clientPath(clientUid)}/next-session`);
// A private reflection beside a session or a moment (`kind`): every prompt empty deletes it (204, null).
export const writeReflection = (clientUid: string, kind: "sessions" | "moments", day: string,
  body: Schemas["ReflectionBody"]) =>
  call<Schemas["Reflection"] | null>("PUT", `${clientPath(clientUid)}/${kind}/${id(day)}/reflection`, body);
export const readReflections = (clientUid: string) =>
  call<Schemas["ReflectionList"]>("GET", `${clientPath(clientUid)}/reflections`);
export const readFormerClients = () => call<Schemas["FormerClientList"]>("GET", "/v1/former-clients");
export const readClientEntries = (clientUid: string, from: string, to: string, limit: number) =>
  call<Schemas["TimelinePage"]>("GET", `${clientPath(clientUid)}/entries?${new URLSearchParams({ from, to,
    limit: String(limit) })}`);
export const readClientGoals = (clientUid: string, cursor: string | null) =>
  call<Schemas["ClientGoalList"]>("GET", `${clientPath(clientUid)}/goals${cursor ? `?${new URLSearchParams({ cursor })}` : ""}`);
export const readTherapistProfile = () => call<Schemas["TherapistProfile"]>("GET", "/v1/therapist/profile");
export const writeTherapistProfile = (body: Schemas["TherapistProfileInput"]) =>
  call<Schemas["TherapistProfile"]>("PUT", "/v1/therapist/profile", body);
