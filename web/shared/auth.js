// Firebase Auth: email and password, never in a URL. The therapist page keeps the sign-in for its tab only
// (sessionStorage); the companion app keeps it on the phone (IndexedDB), as a phone app stays signed in.
import { initializeApp } from "firebase/app";
import {
  browserSessionPersistence, connectAuthEmulator, createUserWithEmailAndPassword, initializeAuth,
  onIdTokenChanged, signInWithEmailAndPassword, signOut,
} from "firebase/auth";

let auth = null;

export class NotConfigured extends Error {}

export async function readFirebaseConfig() {
  const response = await fetch("/firebase-config.json", { cache: "no-store" });
  return response.ok ? response.json() : {};
}

export async function startAuth(onChange, options = {}) {
  await beginAuth(onChange, options);
  await auth.authStateReady();
  return auth.currentUser;
}

// Starts Firebase Auth without waiting for the kept sign-in to be confirmed: the SDK confirms it with the server
// (accounts:lookup) before it reports a user, a whole round trip. `signedIn()` resolves with the user (or null)
// once it has; until then `idToken()` waits for it, so no request leaves without a token.
export async function beginAuth(onChange, { persistence = browserSessionPersistence, config = null } = {}) {
  if (!config) config = await readFirebaseConfig();
  if (!config.apiKey || !config.projectId) {
    throw new NotConfigured("This page is not set up yet: fill in web/firebase-config.json (see docs/deploying.md).");
  }
  const { authEmulator, ...firebaseConfig } = config;
  const app = initializeApp(firebaseConfig);
  // No popup/redirect resolver: nothing loads an iframe or a script from another origin.
  auth = initializeAuth(app, { persistence });
  if (authEmulator) connectAuthEmulator(auth, authEmulator, { disableWarnings: true });
  onIdTokenChanged(auth, (user) => onChange(user));
}

export async function signedIn() {
  await auth.authStateReady();
  return auth.currentUser;
}

export async function roleOf(user) {
  const result = await user.getIdTokenResult();
  return result.claims.role;
}

export async function signIn(email, password) {
  return signInWithEmailAndPassword(auth, email, password);
}

export async function signUp(email, password) {
  return createUserWithEmailAndPassword(auth, email, password);
}

export async function idToken() {
  if (!auth) return null;
  await auth.authStateReady();
  if (!auth.currentUser) return null;
  return auth.currentUser.getIdToken();
}

export async function leave() {
  if (auth) await signOut(auth);
}

export function currentUser() {
  return auth ? auth.currentUser : null;
}

export function signInMessage(error) {
  const code = (error && error.code) || "";
  if (["auth/invalid-credential", "auth/wrong-password", "auth/user-not-found", "auth/invalid-email"].includes(code)) {
    return "That email and password do not match an account. Check them and try again.";
  }
  if (code === "auth/too-many-requests") return "Too many attempts. Wait a minute, then try again.";
  if (code === "auth/network-request-failed") return "Sign-in could not be reached. Check your connection and try again.";
  if (code === "auth/email-already-in-use") return "There is already an account with this email. Sign in instead.";
  if (code === "auth/weak-password") return "Choose a password of at least 6 characters.";
  if (code === "auth/user-disabled") return "This account has been switched off. Contact your practice.";
  return "Sign-in did not work. Please try again.";
}
