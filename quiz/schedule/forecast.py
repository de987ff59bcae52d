"""The workload ahead: a simulated month of reviews under a scheduler, from today's cards.

Pure. The student is modelled by FSRS (the fitted parameters when there are some): each
card due on a day is reviewed that day, recalled with the chance that model gives it
(grade 4) or not (grade 1), and rescheduled by the scheduler under test, while the model's
own memory of the card moves on as the student's would. Draws come from a hash of the card
and the day, so every scheduler meets the same luck and a forecast is the same on every run.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from quiz.model import Card, Grade
from quiz.schedule.fsrs import Fsrs, Memory
from quiz.schedule.policy import Schedule
from quiz.schedule.recall import fsrs_recall

DAYS = 30


@dataclass(frozen=True)
class Workload:
    """Reviews a day, from the first simulated day on."""

    daily: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.daily)

    @property
    def peak(self) -> int:
        return max(self.daily, default=0)


def draw(question_id: str, day: date) -> float:
    """A number in [0, 1) fixed by the card and the day."""
    return zlib.crc32(f"{question_id}@{day.isoformat()}".encode()) / 2**32


def simulate(
    cards: Mapping[str, Card],
    student: Mapping[str, tuple[Memory, date]],
    schedule: Schedule,
    model: Fsrs,
    today: date,
    days: int = DAYS,
) -> Workload:
    """Reviews a day for `days` days from `today`, of these (unsuspended) cards under
    `schedule`; `student` holds the model's memory of each card and the day it was last
    reviewed (a card it lacks is left out: it has no past to forecast from)."""
    queue = {qid: card for qid, card in cards.items() if qid in student and not card.suspended}
    memory = dict(student)
    daily = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        now = datetime.combine(day, time(12), tzinfo=timezone.utc)
        due = sorted(qid for qid, card in queue.items() if card.due_day <= day)
        for qid in due:
            known, last = memory[qid]
            chance = fsrs_recall(known.stability, (day - last).days, model.decay)
            grade = Grade.GOOD if draw(qid, day) < chance else Grade.WRONG
            queue[qid] = schedule(queue[qid], qid, int(grade), now, day)
            after = model.review(known.stability, known.difficulty, last, int(grade), day)
            memory[qid] = (after, day)
        daily.append(len(due))
    return Workload(tuple(daily))
