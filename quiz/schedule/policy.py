"""What a grade does to a card: SM-2's interval, lapses and leeches, the due day; which
cards come back the same day; the grade a judged answer suggests.

Pure: the card, the grade, the time and the study day in, the next card out. The store
persists what `apply` returns; the session asks `comes_back_today`; the terminal shows
`suggest_grade`'s choice before the student confirms it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from quiz.clock import utc_text
from quiz.model import Card, CardState, Grade
from quiz.schedule import sm2

LEECH_LAPSES = 8
"""Failed this often, a card is a leech: suspended until the student rewrites it."""
SAME_DAY_PASS = 4
"""A card graded below this comes back later in the same session (SM-2's same-day rule)."""


def apply(before: Card | None, question_id: str, grade: int, now: datetime, day: date) -> Card:
    """The card after grading it `grade` on `day` (`before` None: a new card)."""
    previous = before or Card(question_id, CardState(), day)
    state = sm2.review(previous.state, grade)
    # A lapse is any scheduled review graded as a failure (below 3), new cards included:
    # a card failed eight times is costing the student time whatever its history.
    lapses = previous.lapses + (grade < sm2.PASSING_GRADE)
    leech = previous.leech or lapses >= LEECH_LAPSES
    return Card(
        question_id=question_id,
        state=state,
        due_day=day + timedelta(days=state.interval),
        lapses=lapses,
        suspended=previous.suspended or leech,
        leech=leech,
        reviews=previous.reviews + 1,
        introduced_day=previous.introduced_day or day,
        last_reviewed_at=utc_text(now),
        content_hash=previous.content_hash,
    )


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
