"""`make role EMAIL=... ROLE=therapist|client`: give a person their role and end their current sign-in.

Against the Auth emulator when FIREBASE_AUTH_EMULATOR_HOST is set (`make run`'s is 127.0.0.1:9099);
otherwise against the real project (PROJECT=..., or GOOGLE_CLOUD_PROJECT) with application-default
credentials (`gcloud auth application-default login` as someone allowed to manage users).
"""
from __future__ import annotations

import argparse
import os
import sys

import firebase_admin
from firebase_admin import auth, credentials
from firebase_admin import exceptions as firebase_exceptions

from stepping_stones.auth import ROLE_CLAIM, ROLES, offline_credential
from tools.emulator import PROJECT_ID

APP_NAME = "make-role"


def set_role(email: str, role: str, project_id: str, *, emulator_host: str | None) -> auth.UserRecord:
    """Set the `role` claim of the account with this email (other claims are kept) and revoke its
    refresh tokens, so a therapist token it holds stops working at once; returns the account as it was."""
    if role not in ROLES:
        raise ValueError(f"ROLE must be one of {', '.join(sorted(ROLES))}, not {role!r}.")
    credential = offline_credential() if emulator_host else credentials.ApplicationDefault()
    app = firebase_admin.initialize_app(credential, {"projectId": project_id}, name=f"{APP_NAME}:{project_id}")
    try:
        user = auth.get_user_by_email(email, app=app)
        auth.set_custom_user_claims(user.uid, {**(user.custom_claims or {}), ROLE_CLAIM: role}, app=app)
        auth.revoke_refresh_tokens(user.uid, app=app)
        return user
    finally:
        firebase_admin.delete_app(app)


def main(argv: list[str] | None = None) -> int:
    """Set a person's role (therapist or client) by their sign-in email; they must sign in again."""
    env = os.environ  # firebase-admin reads FIREBASE_AUTH_EMULATOR_HOST from it too
    parser = argparse.ArgumentParser(prog="make role", description=main.__doc__)
    parser.add_argument("--email", required=True, help="the email address the person signs in with")
    parser.add_argument("--role", required=True, help="therapist or client")
    parser.add_argument("--project", default="", help="the Firebase project id (default: GOOGLE_CLOUD_PROJECT)")
    args = parser.parse_args(argv)
    emulator_host = env.get("FIREBASE_AUTH_EMULATOR_HOST") or None
    project_id = args.project or env.get("GOOGLE_CLOUD_PROJECT") or env.get("GCLOUD_PROJECT") or (
        PROJECT_ID if emulator_host else "")
    if not args.email.strip():
        print("EMAIL=... is required: the address the person signs in with.", file=sys.stderr)
        return 2
    if args.role not in ROLES:
        print(f"ROLE={args.role!r} is not one of {', '.join(sorted(ROLES))}.", file=sys.stderr)
        return 2
    if not project_id:
        print("Name the project: make role EMAIL=... ROLE=... PROJECT=your-firebase-project "
              "(or set FIREBASE_AUTH_EMULATOR_HOST for the local Auth emulator).", file=sys.stderr)
        return 2
    where = f"the Auth emulator at {emulator_host}" if emulator_host else f"project {project_id}"
    try:
        user = set_role(args.email.strip(), args.role, project_id, emulator_host=emulator_host)
    except auth.UserNotFoundError:
        print(f"No account signs in with {args.email} in {where}: they must sign up first.", file=sys.stderr)
        return 1
    except (firebase_exceptions.FirebaseError, ValueError) as problem:
        print(f"Could not set the role in {where}: {problem}", file=sys.stderr)
        return 1
    before = (user.custom_claims or {}).get(ROLE_CLAIM) or "client (no role claim)"
    print(f"{args.email} ({user.uid}) in {where}: role {before} -> {args.role}.")
    print("Their sign-in has been revoked: they must sign in again for the new role to apply"
          + (" (therapist routes refuse their old sign-in at once)." if before == "therapist" else "."))
    if args.role == "therapist" and not user.email_verified:
        print("Their email address is not verified yet: the deployed API refuses client data to a "
              "therapist until they verify it.")
    if user.disabled:
        print("Note: this account is disabled; enable it in the Firebase console for them to sign in.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
