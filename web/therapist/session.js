// Errors from click handlers reach the same place as errors from page loads (an ended session → sign-in).
import { SessionEnded } from "../shared/api.ts";

let handler = null;

export function onSessionEnded(fn) {
  handler = fn;
}

// Returns true when the error ended the session (the caller shows nothing more).
export function endedSession(error) {
  if (error instanceof SessionEnded && handler) {
    handler(error);
    return true;
  }
  return false;
}
