"""When content is due for a check: one rule for services and answers (12 months since the last check)."""

from __future__ import annotations

from datetime import date, timedelta

STALE_AFTER = timedelta(days=365)


def stale_before(today: date | None = None) -> date:
    """Checks older than this day are due again."""
    return (today or date.today()) - STALE_AFTER


def check_due(last_checked: date | None, today: date | None = None) -> bool:
    """Never checked, or not for 12 months: staff see it flagged."""
    return last_checked is None or last_checked < stale_before(today)
