"""Every answer a caller can read: each GET route open to their role, filled with real ids, and (for a client) the
whole export. For tests that prove something never leaves the therapist's own record."""
from __future__ import annotations

import re

from tests.support.export_check import download

READ_ROLES = {"client": ("client", "any", None), "therapist": ("therapist", "any", None)}


def _get_rules(app, role: str) -> list[str]:
    rules = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        contract = getattr(view, "__contract__", None)
        if rule.rule.startswith("/v1") and "GET" in rule.methods and contract and contract.role in READ_ROLES[role]:
            rules.append(rule.rule)
    return sorted(rules)


def _fill(rule: str, values: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "x1"), rule)


def every_answer(app, user, values: dict) -> str:
    """The text of every GET route `user`'s role may call, and of their export when a client."""
    texts = []
    for rule in _get_rules(app, user.role):
        response = user.get(_fill(rule, values))
        assert response.status_code < 500, (rule, response.status_code)
        texts.append(response.get_data(as_text=True))
    if user.role == "client":
        texts += [page.decode() for page in download(user)]
    return "\n".join(texts)


def every_client_answer(app, client, therapist) -> str:
    return every_answer(app, client, {"therapist_uid": therapist.uid, "day": "2026-03-09"})


def every_therapist_answer(app, therapist, client) -> str:
    return every_answer(app, therapist, {"client_uid": client.uid, "day": "2026-03-09"})
