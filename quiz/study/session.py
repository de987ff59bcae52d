"""A review session as a state machine: the queue, same-day repeats, undo and suspend.

No terminal here: the CLI renders `current` and feeds grades back. Every graded answer is
written to the store before `grade` returns, so a session that ends at any point (Ctrl-C,
EOF, a crash) has lost nothing that was graded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from quiz.errors import StoreError
from quiz.model import Card, Question, QuestionList, Recorded, Tally
from quiz.schedule import answers, params, policy
from quiz.store import Store

REPEAT_GAP = 3
"""A card graded below 4 comes back after this many other cards (or at the end)."""
MAX_VARIANT_ATTEMPTS = 5


@dataclass
class Item:
    """One appearance of a question in the session."""

    question: Question
    kind: str  # "review" (moves the schedule) or "drill" (a same-day repeat)
    review_number: int
    repeat: int = 0
    attempt: int = 0
    variant_index: int | None = None
    variant: dict[str, Any] | None = None
    edited: bool = False
    """The question changed (prompt, answer or choices) since this card was last reviewed."""

    def __post_init__(self) -> None:
        self.draw()

    def draw(self) -> None:
        if self.question.parametric:
            self.variant_index = params.draw_index(
                self.question, self.review_number, self.repeat * MAX_VARIANT_ATTEMPTS + self.attempt
            )
            self.variant = params.variant_at(self.question, self.variant_index)


@dataclass
class Graded:
    item: Item
    recorded: Recorded
    correct: bool | None
    seconds: float
    requeued: Item | None


@dataclass
class Summary(Tally):
    """A session's answers (its tally) and what it leaves behind: leeches, cards due soon."""

    drills: int = 0
    leeches: list[str] = field(default_factory=list)
    due_tomorrow: int = 0
    due_week: int = 0


def plan(
    questions: Iterable[Question],
    cards: dict[str, Card],
    due: list[tuple[str, date]],
    *,
    new_limit: int,
    introduced_today: int,
    limit: int | None = None,
) -> list[Item]:
    """Due cards first (most overdue first), then new ones up to the day's new-card limit."""
    # Questions are built only for the cards queued: a bank may hold thousands.
    questions = QuestionList.of(questions)
    by_id = {qid: index for index, qid in enumerate(questions.ids)}
    queue = []
    for qid, _ in due:
        if qid in by_id:
            card, question = cards[qid], questions[by_id[qid]]
            edited = bool(card.content_hash) and card.content_hash != question.content_hash
            queue.append(Item(question, "review", card.reviews, edited=edited))
    room = max(0, new_limit - introduced_today)
    for qid, index in by_id.items():
        if room <= 0:
            break
        if qid not in cards:
            queue.append(Item(questions[index], "review", 0))
            room -= 1
    return queue[:limit] if limit is not None else queue


class Session:
    """The cards of one sitting and what has been done with them."""

    def __init__(
        self,
        store: Store,
        questions: Iterable[Question],
        *,
        today: date,
        clock: Callable[[], datetime],
        new_limit: int = 20,
        limit: int | None = None,
    ) -> None:
        self.store = store
        self.today = today
        self.clock = clock
        self.questions = QuestionList.of(questions)
        ids = self.questions.ids
        cards = store.cards(ids)
        self.queue: list[Item] = plan(
            self.questions,
            cards,
            store.due(today, ids),
            new_limit=new_limit,
            introduced_today=store.introduced_on(today),
            limit=limit,
        )
        self.done: list[Graded] = []
        self.summary = Summary()
        self.position = 0

    @property
    def current(self) -> Item | None:
        return self.queue[0] if self.queue else None

    @property
    def total(self) -> int:
        """Cards in this sitting so far: those done plus those still queued."""
        return self.position + len(self.queue)

    def grade(
        self,
        grade: int,
        *,
        answer: str | None = None,
        correct: bool | None = None,
        seconds: float = 0.0,
    ) -> Graded:
        """Save the grade for the current card and move on.

        StoreError, and the card still current, when the store refuses it (a repeat of a
        card whose history a `quiz restore` took away, a database busy for too long).
        """
        item = self._require_current()
        recorded = self.store.record(
            item.question.id,
            grade,
            now=self.clock(),
            day=self.today,
            kind=item.kind,
            answer=None if answer is None else answers.storable(answer),
            correct=correct,
            seconds=round(seconds, 3),
            variant=item.variant,
            content_hash=item.question.content_hash or None,
            schedule=policy.apply,
        )
        self.queue.pop(0)
        self.position += 1
        requeued = None
        if policy.comes_back_today(grade) and not recorded.after.suspended:
            requeued = Item(item.question, "drill", item.review_number, repeat=item.repeat + 1)
            self.queue.insert(min(REPEAT_GAP, len(self.queue)), requeued)
        graded = Graded(item, recorded, correct, seconds, requeued)
        self.done.append(graded)
        self._count(graded, +1)
        return graded

    def undo(self) -> Graded | None:
        """Take back the last grade of this session; its card comes up again next.

        StoreError, and the session left as it was, when the grade must stand: another
        session graded the card since, or the log no longer holds the answer (a `quiz
        restore` replaced the database meanwhile).
        """
        if not self.done:
            return None
        last = self.done[-1]
        if not self._still_logged(last):
            raise StoreError(
                f"the database no longer holds that answer to {last.item.question.id}"
                " (it was restored or changed since)"
            )
        self.store.undo(last.recorded.review_id, now=self.clock(), day=self.today)
        self.done.pop()
        if last.requeued is not None and last.requeued in self.queue:
            self.queue.remove(last.requeued)
        self.queue.insert(0, last.item)
        self.position -= 1
        self._count(last, -1)
        return last

    def suspend(self) -> Item:
        """Keep the current card out of every queue until it is unsuspended."""
        item = self._require_current()
        self.store.set_suspended(item.question.id, True, day=self.today)
        self.queue = [i for i in self.queue if i.question.id != item.question.id]
        return item

    def skip_variant(self) -> bool:
        """Draw another variant for the current card; False (and the card dropped) if none."""
        item = self._require_current()
        if item.attempt + 1 < MAX_VARIANT_ATTEMPTS:
            item.attempt += 1
            item.draw()
            return True
        self.queue.pop(0)
        return False

    def bring_forward(self, ready: Callable[[Item], bool]) -> None:
        """Put a card that is ready to show first, if the first one is not (it would wait)."""
        if not self.queue or ready(self.queue[0]):
            return
        for index, item in enumerate(self.queue):
            if ready(item):
                self.queue.insert(0, self.queue.pop(index))
                return

    def drop_current(self) -> Item:
        """Leave the current card out of this sitting without grading it."""
        return self.queue.pop(0)

    def finish(self) -> Summary:
        """The summary, with what is due tomorrow and within the week."""
        self.summary.due_tomorrow = self.store.due_by(self.today + timedelta(days=1))
        self.summary.due_week = self.store.due_by(self.today + timedelta(days=7))
        return self.summary

    def _still_logged(self, graded: Graded) -> bool:
        """Whether the log still holds this answer under its id. A restored database has
        another log, whose ids the next answers reuse: undoing by id alone would take back
        someone else's answer."""
        row = self.store.review(graded.recorded.review_id)
        return (
            row is not None
            and row.question_id == graded.item.question.id
            and row.after == graded.recorded.after
        )

    def _require_current(self) -> Item:
        if not self.queue:
            raise IndexError("the session has no card left")
        return self.queue[0]

    def _count(self, graded: Graded, sign: int) -> None:
        s = self.summary
        s.reviewed += sign
        s.seconds += sign * graded.seconds
        if graded.correct is not None:
            s.judged += sign
            s.correct += sign * int(graded.correct)
        if graded.item.kind == "drill":
            s.drills += sign
        elif graded.recorded.before is None:
            s.new += sign
        if graded.recorded.became_leech:
            qid = graded.item.question.id
            if sign > 0:
                s.leeches.append(qid)
            elif qid in s.leeches:
                s.leeches.remove(qid)
