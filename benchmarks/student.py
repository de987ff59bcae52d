"""A simulated student whose memory is a known FSRS-6 model, studying on SM-2.

The student's recall of each card follows FSRS-6 with TRUE_PARAMETERS (not the defaults:
a faster first forgetting, a steeper curve, harder lapses), drawn with a seeded random
generator; the schedule is quiz's own SM-2 (policy.apply), as a student who never changed
the default would have it. New cards come in each day until all are introduced; every
card due is reviewed that day. The log written is the one `quiz review` writes (kind
'review', a study day, a grade 0-5), so `quiz scheduler compare` and `optimize` read it
as they read a real student's.

Used by benchmarks/scheduler.py and tests/test_fsrs.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from quiz.clock import utc_text
from quiz.model import Card
from quiz.schedule import policy
from quiz.schedule.fsrs import Fsrs, Memory
from quiz.schedule.recall import fsrs_recall

TRUE_PARAMETERS = (
    0.1,  # initial stability after Again (default 0.212)
    0.6,  # … Hard (1.2931)
    1.2,  # … Good (2.3065)
    4.0,  # … Easy (8.2956)
    6.8,
    0.6,
    2.2,
    0.01,
    1.5,
    0.25,
    0.9,
    1.9,
    0.09,
    0.35,
    1.9,
    0.45,
    2.2,
    0.5,
    0.2,
    0.1,
    0.45,  # decay w20 (default 0.1542): a steeper curve
)
FIRST_DAY = date(2025, 1, 6)


@dataclass(frozen=True)
class Review:
    question_id: str
    day: date
    grade: int


def grade_for(recalled: bool, rng: random.Random) -> int:
    """A grade 0-5 for a recall or a lapse: mostly 4 when recalled (3 and 5 now and then),
    0-2 evenly when not."""
    if not recalled:
        return rng.choice((0, 1, 2))
    roll = rng.random()
    return 3 if roll < 0.2 else 5 if roll > 0.9 else 4


def study(
    cards: int = 500,
    days: int = 365,
    new_per_day: int = 10,
    seed: int = 1,
    parameters: tuple[float, ...] = TRUE_PARAMETERS,
) -> list[Review]:
    """A year (`days`) of daily reviews of `cards` cards, `new_per_day` new ones a day."""
    rng = random.Random(seed)
    truth = Fsrs(parameters)
    schedule: dict[str, Card] = {}
    memory: dict[str, tuple[Memory, date]] = {}
    waiting = [f"card-{n:05d}" for n in range(cards)]
    log = []
    for offset in range(days):
        day = FIRST_DAY + timedelta(days=offset)
        now = datetime.combine(day, time(18), tzinfo=timezone.utc)
        due = sorted(qid for qid, card in schedule.items() if card.due_day <= day)
        fresh, waiting = waiting[:new_per_day], waiting[new_per_day:]
        for qid in due + fresh:
            known = memory.get(qid)
            if known is None:
                recalled = rng.random() < 0.6  # a first look: some cards the student knows
            else:
                chance = fsrs_recall(known[0].stability, (day - known[1]).days, truth.decay)
                recalled = rng.random() < chance
            grade = grade_for(recalled, rng)
            log.append(Review(qid, day, grade))
            schedule[qid] = policy.apply(schedule.get(qid), qid, grade, now, day)
            before = known[0] if known else None
            after = truth.review(
                before.stability if before else None,
                before.difficulty if before else None,
                known[1] if known else None,
                grade,
                day,
            )
            memory[qid] = (after, day)
    return log


def rows(log: list[Review]) -> list[dict[str, object]]:
    """The log as review rows for Store.import_rows."""
    return [
        {
            "at": utc_text(datetime.combine(r.day, time(18), tzinfo=timezone.utc)),
            "day": r.day.isoformat(),
            "question_id": r.question_id,
            "kind": "review",
            "grade": r.grade,
        }
        for r in log
    ]


def card_rows(log: list[Review]) -> list[dict[str, object]]:
    """The cards that log leaves under SM-2, as card rows for Store.import_rows."""
    cards: dict[str, Card] = {}
    for r in log:
        now = datetime.combine(r.day, time(18), tzinfo=timezone.utc)
        cards[r.question_id] = policy.apply(
            cards.get(r.question_id), r.question_id, r.grade, now, r.day
        )
    return [
        {
            "question_id": card.question_id,
            "easiness_x100": int(card.state.easiness * 100),
            "interval": card.state.interval,
            "repetitions": card.state.repetitions,
            "due_day": card.due_day.isoformat(),
            "lapses": card.lapses,
            "leech": int(card.leech),
            "suspended": int(card.suspended),
            "reviews": card.reviews,
            "introduced_day": card.introduced_day.isoformat() if card.introduced_day else None,
            "last_reviewed_at": card.last_reviewed_at,
            "reviewed_day": card.reviewed_day.isoformat() if card.reviewed_day else None,
        }
        for card in cards.values()
    ]


def histories(log: list[Review]) -> dict[str, list[tuple[date, int]]]:
    by_card: dict[str, list[tuple[date, int]]] = {}
    for r in log:
        by_card.setdefault(r.question_id, []).append((r.day, r.grade))
    return by_card
