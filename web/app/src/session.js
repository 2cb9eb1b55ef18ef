// Who is signed in on this phone, their profile, and their own today (local dates follow the profile's zone).
let current = { uid: null, profile: null };

export function setSession(uid, profile) {
  current = { uid, profile };
}

export function session() {
  return current;
}

export function uid() {
  return current.uid;
}

// Whom this phone was last signed in for (a uid, nothing more), so that the app opens on their own copy at once;
// forgotten at sign-out with everything else.
const KEPT_SIGN_IN = "stepping-stones:signed-in";

export function keepSignIn(signedInUid) {
  localStorage.setItem(KEPT_SIGN_IN, signedInUid);
}

export function keptSignIn() {
  return localStorage.getItem(KEPT_SIGN_IN);
}

export function forgetKeptSignIn() {
  localStorage.removeItem(KEPT_SIGN_IN);
}

// The deployer's /firebase-config.json as loaded at start (push is offered only when it names a VAPID key).
let loadedConfig = null;

export function setFirebaseConfig(config) {
  loadedConfig = config;
}

export function firebaseConfig() {
  return loadedConfig;
}

export function deviceTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function timeZone() {
  return (current.profile && current.profile.timezone) || deviceTimeZone();
}

// The local date (YYYY-MM-DD) of `when` in the client's time zone.
export function localDate(when = new Date(), zone = timeZone()) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(when);
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

export function today() {
  return localDate(new Date());
}

// A phone-chosen id: the same change sent twice is the same entry, never a duplicate.
export function newId() {
  return crypto.randomUUID();
}
