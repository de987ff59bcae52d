"""The one place that reads the time, and the study-day calendar built on it.

Everything else takes `now` as an argument. `QUIZ_NOW` (ISO 8601) pins the clock, so a test
can move a student's week forward one day at a time; a date alone pins the start of that
study day, its rollover hour. A pinned time must lie between EARLIEST and LATEST, where every
date the tool computes from it (the study day, a due date a hundred years on) stays inside
what datetime can hold.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone

from quiz.errors import QuizError

DEFAULT_ROLLOVER_HOUR = 4
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)


def now() -> datetime:
    """The current moment as an aware datetime; `QUIZ_NOW` overrides the system clock."""
    pinned = os.environ.get("QUIZ_NOW")
    if not pinned:
        return datetime.now(timezone.utc)
    try:
        moment = _pinned_moment(pinned)
    except ValueError:
        raise QuizError(f"QUIZ_NOW={_shown(pinned)} is not an ISO 8601 date or time") from None
    try:
        if moment.tzinfo is None:
            # A naive QUIZ_NOW means the student's wall clock, like the rollover hour does.
            moment = moment.astimezone()
        in_range = EARLIEST <= moment < LATEST
    except (ValueError, OverflowError):  # year 1 in local time is year 0, which is none
        in_range = False
    if not in_range:
        raise QuizError(
            f"QUIZ_NOW={_shown(pinned)} is out of range: pin a time from"
            f" {EARLIEST.year} to {LATEST.year - 1}"
        )
    return moment


def _pinned_moment(pinned: str) -> datetime:
    """QUIZ_NOW as a datetime; ValueError if it is neither a date nor a date and time."""
    try:
        day = date.fromisoformat(pinned)
    except ValueError:
        return datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    # Midnight would still count towards the day before, whose cards are not the ones a
    # student who names a day means to see.
    return datetime.combine(day, time(rollover_hour()))


def rollover_hour() -> int:
    """The hour a new study day starts: `QUIZ_ROLLOVER_HOUR`, else the `rollover_hour`
    setting, else 4 (am)."""
    from quiz import config

    value = os.environ.get("QUIZ_ROLLOVER_HOUR", "")
    if not value:
        stored: int = config.load().get("rollover_hour", DEFAULT_ROLLOVER_HOUR)  # checked by load
        return stored
    hour = config.read_whole_number(value, 0, 23)
    if hour is None:
        raise QuizError(f"QUIZ_ROLLOVER_HOUR={config.shown(value)} must be an hour from 0 to 23")
    return hour


def _shown(value: str) -> str:
    from quiz.config import shown

    return shown(value)


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
