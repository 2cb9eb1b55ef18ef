"""Repair: rebuild a client's summary document from every stored record."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..domain import summary_state as facts
from ..domain import wins as win_rules
from ..errors import ProfileRequired
from ..storage import Store
from .summary import win_doc


def recompute_client(store: Store, uid: str, now: datetime) -> dict:
    """Rebuild a client's summary document from every stored record (repair, or after a rule change).

    Wins derivable now within the wins horizon are written; wins earned before and no longer
    derivable stay earned, as after any correction. A summary of an older format is rewritten in
    today's. Returns counts of what changed.
    """
    summary = store.get_summary(uid)
    if summary is None:
        raise ProfileRequired("This client has no profile, so there is nothing to recompute.")
    today = summary.today(now)
    horizon = win_rules.horizon_start(today, summary.wins_through)
    state = facts.recompute(
        store.all_entries(uid), store.all_goals(uid), store.list_away(uid),
        as_of=max(d for d in (today, summary.wins_through) if d),
    )
    derived = win_rules.derive_wins_since(state, horizon, today)
    changed = {k: w for k, w in derived.items() if summary.earned.get(k) != win_rules.stamp(w)}
    earned = win_rules.within(summary.earned, horizon, lambda stamp: stamp[0])
    earned.update((win_id, win_rules.stamp(win)) for win_id, win in derived.items())
    notified = win_rules.within(summary.notified, horizon, lambda occurred_on: occurred_on)
    fresh = replace(summary, state=state, earned=earned, notified=notified,
                    wins_through=max(d for d in (today, summary.wins_through) if d))
    store.write_in_batches(
        uid, wins=[win_doc(w, now if k not in summary.earned else None) for k, w in changed.items()],
        summary=fresh,
    )
    return {"state_changed": state != facts.prune(summary.state, fresh.wins_through), "wins_written": len(changed)}
