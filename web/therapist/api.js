// The API on the same origin, with the ID token in the Authorization header (Hosting forwards no other cookie).
import { idToken } from "../shared/auth.js";

export class ApiError extends Error {
  constructor(status, code, message, fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields || {};
  }
}

export class SessionEnded extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const token = await idToken();
  if (!token) throw new SessionEnded(401, "Your session has ended. Please sign in again.");
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
  } catch {
    throw new ApiError(0, "offline", "The server could not be reached. Check your connection and try again.");
  }
  if (response.status === 204) return null;
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (response.status === 401) {
    throw new SessionEnded(401, "Your session has ended. Please sign in again.");
  }
  if (response.status === 403) {
    throw new SessionEnded(403, "This account cannot use the therapist page. Sign in with a therapist account.");
  }
  if (!response.ok) {
    const error = (payload && payload.error) || {};
    throw new ApiError(response.status, error.code || "error",
      error.message || "Something went wrong on our side. Please try again.", error.fields);
  }
  return payload;
}

export const clientPath = (uid) => `/v1/clients/${encodeURIComponent(uid)}`;
