"""An exam date's rules: no interval jumps past the exam, every learned card comes back in
the last pass before it, and new cards are paced so that all of them are introduced in time.

Pure: days in, days out; no clock, no settings, no database. Where the exam dates come from
(the settings, `quiz review --until`) is study/examplan.py's business; the session and the
stats apply these rules to the cards the store holds.

The last pass is the `last_pass` days before the exam and the exam day itself:
[exam − last_pass, exam]. A card reviewed before the last pass whose next due day would fall
after the exam comes back inside the last pass instead; a card reviewed inside it has had
its last-pass review and may go past the exam. Once the exam day is over, none of this
applies: the normal schedule resumes.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from quiz import config
from quiz.errors import QuizError
from quiz.model import Card

if TYPE_CHECKING:
    from quiz.schedule.policy import Schedule

DEFAULT_LAST_PASS = 7
"""Days before the exam in which every learned card is reviewed once more."""


@dataclass(frozen=True)
class Exam:
    """An exam on `day`, with a last pass of `last_pass` days before it."""

    day: date
    last_pass: int = DEFAULT_LAST_PASS

    @property
    def last_pass_start(self) -> date:
        return self.day - timedelta(days=self.last_pass)

    def ahead(self, today: date) -> bool:
        """Whether the exam is still to come (the exam day counts): its rules apply."""
        return today <= self.day


@dataclass(frozen=True)
class ExamDates:
    """The exam of each bank: its own (`banks`; None: it has none), else the one for every
    bank (`overall`)."""

    overall: Exam | None = None
    banks: Mapping[str, Exam | None] = field(default_factory=dict)

    def of(self, bank: str | None) -> Exam | None:
        if bank is not None and bank in self.banks:
            return self.banks[bank]
        return self.overall

    def ahead(self, today: date) -> ExamDates:
        """Only the exams still to come on `today`. A bank whose own exam is over does not
        fall back to the overall one: its exam was the one set for it, and it has been sat."""
        return ExamDates(
            _if_ahead(self.overall, today),
            {bank: _if_ahead(exam, today) for bank, exam in self.banks.items()},
        )

    def days(self) -> list[date]:
        """Every exam day set, earliest first."""
        return sorted({e.day for e in [self.overall, *self.banks.values()] if e is not None})


def _if_ahead(exam: Exam | None, today: date) -> Exam | None:
    return exam if exam is not None and exam.ahead(today) else None


def last_pass_day(question_id: str, exam: Exam) -> date:
    """The day of the last pass a card that would otherwise come back after the exam is
    due instead. The cards are spread over the pass by a stable hash of their id (CRC-32,
    the same on every run and machine), so the last pass is a steady load and not a pile
    of every card on one day."""
    slot = zlib.crc32(question_id.encode("utf-8")) % (exam.last_pass + 1)
    return exam.last_pass_start + timedelta(days=slot)


def capped_due(question_id: str, due: date, reviewed: date, exam: Exam | None) -> date:
    """The day a card reviewed on `reviewed`, and due on `due` by its scheduler, comes back.

    Unchanged without an exam, when it is due by the exam day anyway, and when it was
    reviewed in the last pass or after the exam; otherwise its day in the last pass.
    """
    if exam is None or due <= exam.day or reviewed >= exam.last_pass_start:
        return due
    return min(due, last_pass_day(question_id, exam))


def capped_card(card: Card, reviewed: date, exam: Exam | None) -> Card:
    """`card`, just reviewed on `reviewed`, with its due day capped for `exam`. Its interval
    becomes the days it really waits: SM-2's next interval multiplies the last one, which
    must be the one the card had, not one the exam cut short."""
    due = capped_due(card.question_id, card.due_day, reviewed, exam)
    if due == card.due_day:
        return card
    interval = (due - reviewed).days
    return replace(card, state=replace(card.state, interval=interval), due_day=due)


def effective_due(card: Card, reviewed: date, exam: Exam | None) -> date:
    """When a stored card comes up under `exam`: a card scheduled before the exam date was
    set may be due after it, and comes back in the last pass all the same."""
    return capped_due(card.question_id, card.due_day, reviewed, exam)


def before_exams(schedule: Schedule, exam_of: Callable[[str], Exam | None]) -> Schedule:
    """`schedule` with the due day of each graded card capped by the exam of its question
    (`exam_of`: None for a question with no exam ahead)."""

    def scheduled(
        before: Card | None, question_id: str, grade: int, now: datetime, day: date
    ) -> Card:
        after = schedule(before, question_id, grade, now, day)
        return capped_card(after, day, exam_of(question_id))

    return scheduled


def introduction_days(today: date, exam: Exam) -> int:
    """The study days from `today` on that new cards can still be introduced: those before
    the last pass starts; once it has, those left until the exam (late, but in time to be
    seen once). 0 once the exam is over."""
    if today < exam.last_pass_start:
        return (exam.last_pass_start - today).days
    return max(0, (exam.day - today).days + 1)


def new_per_day(remaining: int, today: date, exam: Exam) -> int:
    """New cards a day so that `remaining` never-seen cards (counted at the start of
    `today`, today's introductions included) are all introduced in time:
    ceil(remaining / introduction days)."""
    days = introduction_days(today, exam)
    return math.ceil(remaining / days) if days else 0


# -- the settings' exam days ------------------------------------------------------------------


def exam_dates(until: date | None = None) -> ExamDates:
    """The exam dates the settings hold: `exam_date` for every bank, a bank's own from
    `quiz config exam_date DAY --bank ID`, each with a last pass of `last_pass` days.
    `until` (`quiz review --until`) stands in for all of them."""
    last_pass = config.get("last_pass")
    if until is not None:
        return ExamDates(Exam(until, last_pass))
    overall = config.get("exam_date")
    return ExamDates(
        Exam(overall, last_pass) if overall is not None else None,
        {bank: Exam(day, last_pass) for bank, day in config.bank_exam_dates().items()},
    )


def until_day(text: str, today: date) -> date:
    """`quiz review --until DAY`: the day, which must be today or later."""
    day = config.calendar_day("--until", text)
    if day < today:
        raise QuizError(f"--until {day.isoformat()} is over: give the exam's day, today or later")
    return day


def over(exams: ExamDates, today: date) -> list[date]:
    """The exam days set that are over on `today` (their banks' normal schedule resumed)."""
    return [day for day in exams.days() if day < today]


def capped_schedule(
    exams: ExamDates,
    bank_of: Callable[[str], str | None],
    today: date,
    schedule: Schedule | None = None,
) -> Schedule:
    """`schedule` (SM-2's policy.apply by default) with each card's due day capped by its
    bank's exam, if one is ahead."""
    from quiz.schedule.policy import apply

    ahead = exams.ahead(today)
    return before_exams(schedule or apply, lambda qid: ahead.of(bank_of(qid)))
