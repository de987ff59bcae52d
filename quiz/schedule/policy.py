"""What a grade does to a card: SM-2's interval, lapses and leeches, the due day; which
cards come back the same day; the grade a judged answer suggests.

Pure: the card, the grade, the time and the study day in, the next card out. The store
persists what `apply` returns; the session asks `comes_back_today`; the terminal shows
`suggest_grade`'s choice before the student confirms it.

SM-2's state is kept under either scheduler (it is exact and cheap, and `quiz show` shows
it); under FSRS (`scheduling(Rules(scheduler="fsrs"))`) the card also carries its FSRS
memory, and FSRS's interval sets the due day. The fuzz, when on, moves only the due day:
SM-2's next interval still multiplies the exact one before it.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from quiz.clock import utc_text
from quiz.model import Card, CardState, Grade
from quiz.schedule import sm2

if TYPE_CHECKING:
    from quiz.schedule.fsrs import Fsrs

LEECH_LAPSES = 8
"""Failed this often, a card is a leech: suspended until the student rewrites it."""
SAME_DAY_PASS = 4
"""A card graded below this comes back later in the same session (SM-2's same-day rule)."""
FUZZ = 0.05
"""The fuzz spreads a due day over ±5% of the interval…"""
FUZZ_FROM = 4
"""…for intervals of 4 days and more, and by at least a day either way: 5% of an interval
under 10 days is less than half a day, which would move no card at all."""

Schedule = Callable[[Card | None, str, int, datetime, date], Card]
"""A card's next state from the one before (None: new), the question id, the grade, the
time and the study day: `apply`, or what `scheduling` makes."""


@dataclass(frozen=True)
class Rules:
    """Which scheduler sets the due days, and how: the settings `scheduler`,
    `desired_retention` and `fuzz`, and the FSRS parameters (None: FSRS-6's defaults)."""

    scheduler: str = "sm2"
    desired_retention: float = 0.9
    parameters: tuple[float, ...] | None = None
    fuzz: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "scheduler": self.scheduler,
            "desired_retention": self.desired_retention,
            "parameters": list(self.parameters) if self.parameters else None,
            "fuzz": self.fuzz,
        }


SM2 = Rules()
"""The default: SM-2 alone, no fuzz (what `apply` does)."""


def apply(
    before: Card | None,
    question_id: str,
    grade: int,
    now: datetime,
    day: date,
    *,
    fsrs: Fsrs | None = None,
    fuzz: bool = False,
) -> Card:
    """The card after grading it `grade` on `day` (`before` None: a new card): by SM-2, or
    by `fsrs` when given; its due day fuzzed if `fuzz`."""
    previous = before or Card(question_id, CardState(), day)
    state = sm2.review(previous.state, grade)
    interval = state.interval
    stability = difficulty = None
    if fsrs is not None:
        last = previous.reviewed_day if previous.stability is not None else None
        memory = fsrs.review(previous.stability, previous.difficulty, last, grade, day)
        interval, stability, difficulty = memory.interval, memory.stability, memory.difficulty
    if fuzz:
        interval = fuzzed(interval, question_id, day)
    # A lapse is any scheduled review graded as a failure (below 3), new cards included:
    # a card failed eight times is costing the student time whatever its history.
    lapses = previous.lapses + (grade < sm2.PASSING_GRADE)
    leech = previous.leech or lapses >= LEECH_LAPSES
    return Card(
        question_id=question_id,
        state=state,
        due_day=day + timedelta(days=interval),
        lapses=lapses,
        suspended=previous.suspended or leech,
        leech=leech,
        reviews=previous.reviews + 1,
        introduced_day=previous.introduced_day or day,
        last_reviewed_at=utc_text(now),
        content_hash=previous.content_hash,
        reviewed_day=day,
        stability=stability,
        difficulty=difficulty,
    )


def scheduling(rules: Rules) -> Schedule:
    """The policy these rules make: `apply` itself for SM-2 without fuzz, else `apply`
    with py-fsrs's scheduler (imported here, only for FSRS) and the fuzz."""
    if rules == SM2:
        return apply
    model = None
    if rules.scheduler == "fsrs":
        from quiz.schedule.fsrs import Fsrs

        model = Fsrs(rules.parameters, rules.desired_retention)

    def scheduled(
        before: Card | None, question_id: str, grade: int, now: datetime, day: date
    ) -> Card:
        return apply(before, question_id, grade, now, day, fsrs=model, fuzz=rules.fuzz)

    return scheduled


def fuzzed(interval: int, question_id: str, day: date) -> int:
    """`interval` moved by up to ±5% (at least a day) when over 3 days, by a hash of the
    card and the day (CRC-32: the same on every run and machine, so a replay of the log
    gives the same due days)."""
    if interval < FUZZ_FROM:
        return interval
    spread = max(1, round(interval * FUZZ))
    draw = zlib.crc32(f"{question_id}/{day.isoformat()}".encode())
    return min(sm2.MAX_INTERVAL, interval + draw % (2 * spread + 1) - spread)


def comes_back_today(grade: int) -> bool:
    """Whether a card graded `grade` is asked again later in the same session."""
    return grade < SAME_DAY_PASS


def suggest_grade(correct: bool) -> Grade:
    """Wrong -> 1, right -> 4; the student may change it.

    Never 5: the grade Enter keeps is the one a student gives out of habit, and 5 raises the
    easiness at every review (2.5, 2.6, 2.7 …) until a card comes back too rarely. Easy is
    the student's call.
    """
    return Grade.GOOD if correct else Grade.WRONG
