// Firebase Auth: email and password, kept for this tab only (sessionStorage), never in a URL.
import { initializeApp } from "firebase/app";
import {
  browserSessionPersistence, connectAuthEmulator, initializeAuth, onIdTokenChanged,
  signInWithEmailAndPassword, signOut,
} from "firebase/auth";

let auth = null;

export class NotConfigured extends Error {}

export async function startAuth(onChange) {
  const response = await fetch("/firebase-config.json", { cache: "no-store" });
  const config = response.ok ? await response.json() : {};
  if (!config.apiKey || !config.projectId) {
    throw new NotConfigured("This page is not set up yet: fill in web/firebase-config.json (see the README).");
  }
  const { authEmulator, ...firebaseConfig } = config;
  const app = initializeApp(firebaseConfig);
  // No popup/redirect resolver: nothing loads an iframe or a script from another origin.
  auth = initializeAuth(app, { persistence: browserSessionPersistence });
  if (authEmulator) connectAuthEmulator(auth, authEmulator, { disableWarnings: true });
  onIdTokenChanged(auth, (user) => onChange(user));
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

export async function idToken() {
  if (!auth || !auth.currentUser) return null;
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
  if (code === "auth/user-disabled") return "This account has been switched off. Contact your practice.";
  return "Sign-in did not work. Please try again.";
}
