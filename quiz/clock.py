"""The one place that reads the time, and the study-day calendar built on it.

Everything else takes `now` as an argument. `QUIZ_NOW` (ISO 8601) pins the clock, so a test
can move a student's week forward one day at a time.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

from quiz.errors import QuizError

DEFAULT_ROLLOVER_HOUR = 4


def now() -> datetime:
    """The current moment as an aware datetime; `QUIZ_NOW` overrides the system clock."""
    pinned = os.environ.get("QUIZ_NOW")
    if not pinned:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    except ValueError:
        raise QuizError(f"QUIZ_NOW={pinned!r} is not an ISO 8601 date or time") from None
    if moment.tzinfo is None:
        # A naive QUIZ_NOW means the student's wall clock, like the rollover hour does.
        moment = moment.astimezone()
    return moment


def rollover_hour() -> int:
    """The hour a new study day starts: `QUIZ_ROLLOVER_HOUR`, else the `rollover_hour`
    setting, else 4 (am)."""
    value = os.environ.get("QUIZ_ROLLOVER_HOUR", "")
    if not value:
        from quiz import config

        return config.load().get("rollover_hour", DEFAULT_ROLLOVER_HOUR)
    if not value.isdigit() or not 0 <= int(value) <= 23:
        raise QuizError(f"QUIZ_ROLLOVER_HOUR={value!r} must be an hour from 0 to 23")
    return int(value)


def today() -> date:
    """The current study day."""
    return study_day(now(), rollover_hour())


def study_day(moment: datetime, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """The local calendar day a moment counts towards: 2 am still belongs to yesterday."""
    local = moment.astimezone()
    return (local - timedelta(hours=rollover_hour)).date()


def utc_text(moment: datetime) -> str:
    """A moment as stored in the database: ISO 8601 in UTC."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
