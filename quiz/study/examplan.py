"""The exam dates in force, and the plan `quiz stats` shows for each: the reviews a day until
the exam, the new cards a day, the recall predicted at the exam, and that prediction checked
against the mock exams the student sat.

The rules themselves (the cap, the last pass, the pace) are schedule/examdate.py's; the
settings they come from are config.py's; the probability of recall is schedule/recall.py's.
This module reads the store and the settings and puts them together. No terminal here: the
rendering is tui/stats.py's.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from statistics import fmean
from typing import Any

from quiz import clock
from quiz.bank.catalog import Catalog
from quiz.model import Card, Grade, Review
from quiz.schedule import examdate, policy
from quiz.schedule.examdate import Exam, ExamDates
from quiz.schedule.policy import Schedule
from quiz.schedule.recall import card_recall, last_review_day
from quiz.store import Store

PASSED = int(Grade.GOOD)
"""The grade the plan assumes for every review it simulates: the one a right answer
suggests."""


@dataclass
class BankRecall:
    bank: str
    studied: int
    """Cards reviewed at least once and not suspended: those `recall` is the mean of."""
    recall: float | None
    """Their mean predicted recall on the exam day if no review came before it (0..1)."""
    new: int
    """Cards never reviewed, not counted in `recall` (the model knows nothing of them)."""


@dataclass
class MockCheck:
    """Predicted against scored, on the mock exams' questions of one bank that the student
    had studied before the day of the mock."""

    bank: str
    answers: int
    predicted: float
    scored: float
    unstudied: int
    """Answers to questions not yet studied on the mock's day: left out of both figures."""


@dataclass
class ExamPlan:
    exam: Exam
    today: date
    banks: list[str]
    reviews: list[tuple[date, int]]
    """Reviews due each day from today to the exam day, if every one is passed."""
    introduced: list[tuple[date, int]]
    """New cards introduced each day at the exam's pace."""
    new_left: int
    """Cards of these banks never reviewed yet (today's introductions not included)."""
    new_today: int
    """Today's pace, all these banks together (introductions made today included)."""
    recall: list[BankRecall] = field(default_factory=list)
    mocks: list[MockCheck] = field(default_factory=list)

    @property
    def days_left(self) -> int:
        return (self.exam.day - self.today).days

    @property
    def introduce_until(self) -> date | None:
        """The last day a new card is introduced; None if none is left."""
        return max((day for day, n in self.introduced if n), default=None)

    @property
    def reviews_per_day(self) -> float:
        return round(fmean(n for _, n in self.reviews), 1) if self.reviews else 0.0

    @property
    def busiest(self) -> tuple[date, int] | None:
        return max(self.reviews, key=lambda entry: (entry[1], -entry[0].toordinal()), default=None)


def plans(
    store: Store,
    catalog: Catalog,
    today: date,
    exams: ExamDates,
    banks: Sequence[str] | None = None,
    *,
    scheduler: str = "sm2",
    schedule: Schedule = policy.apply,
) -> list[ExamPlan]:
    """A plan for each exam ahead, for the banks it is set for (of `banks`, when given):
    the day's reviews simulated under the exam's cap with `schedule` (every review passed),
    the new cards at its pace, the recall `scheduler`'s model predicts at the exam, and the
    same model checked against the mock exams sat so far."""
    ahead = exams.ahead(today)
    groups: dict[Exam, dict[str, list[str]]] = defaultdict(dict)
    for bank in catalog.banks:
        exam = ahead.of(bank.id)
        if exam is not None and (banks is None or bank.id in banks):
            groups[exam][bank.id] = list(bank.questions.ids)
    if not groups:
        return []
    mocks = [m for m in store.exams() if not m["interrupted"]]
    introduced = Counter(catalog.bank_of(qid) for qid in store.introduced_ids(today))
    result = []
    for exam, ids in sorted(groups.items(), key=lambda entry: entry[0].day):
        bank_ids = list(ids)
        cards = store.cards(qid for qid_list in ids.values() for qid in qid_list)
        waiting = {b: [q for q in qids if _new(cards.get(q))] for b, qids in ids.items()}
        studied = {
            qid: card for qid, card in cards.items() if card.reviews > 0 and not card.suspended
        }
        reviews, added = simulate(
            studied.values(),
            waiting,
            {b: introduced.get(b, 0) for b in bank_ids},
            today,
            exam,
            schedule,
        )
        new_today = sum(
            examdate.new_per_day(len(waiting[b]) + introduced.get(b, 0), today, exam)
            for b in bank_ids
        )
        result.append(
            ExamPlan(
                exam=exam,
                today=today,
                banks=bank_ids,
                reviews=reviews,
                introduced=added,
                new_left=sum(len(w) for w in waiting.values()),
                new_today=new_today,
                recall=[
                    _bank_recall(b, ids[b], studied, len(waiting[b]), exam.day, scheduler)
                    for b in bank_ids
                ],
                mocks=mock_checks(store, mocks, bank_ids, scheduler),
            )
        )
    return result


def _new(card: Card | None) -> bool:
    return card is None or (card.reviews == 0 and not card.suspended)


def simulate(
    studied: Iterable[Card],
    waiting: dict[str, list[str]],
    introduced: dict[str, int],
    today: date,
    exam: Exam,
    schedule: Schedule = policy.apply,
) -> tuple[list[tuple[date, int]], list[tuple[date, int]]]:
    """The reviews due on each day from `today` to the exam day, and the new cards
    introduced on each, if the student keeps the plan and passes every review.

    `studied` are the cards already reviewed (one overdue counts on today); `waiting` each
    bank's never-reviewed question ids in the order the review introduces them;
    `introduced` what each bank introduced today already. Each day, each bank introduces
    its pace (examdate.new_per_day of what it has left, today's introductions included);
    every card, new or not, is scheduled by `schedule` with the exam's cap.
    """
    capped = examdate.before_exams(schedule, lambda _: exam)
    queue: list[tuple[date, str, Card]] = []
    for card in studied:
        due = examdate.effective_due(card, last_review_day(card), exam)
        if due <= exam.day:
            queue.append((max(due, today), card.question_id, card))
    heapq.heapify(queue)
    left = {bank: list(ids) for bank, ids in waiting.items()}
    reviews, added = [], []
    day = today
    while day <= exam.day:
        now = datetime.combine(day, time(12), tzinfo=timezone.utc)
        due_today = 0
        while queue and queue[0][0] <= day:
            _, qid, card = heapq.heappop(queue)
            due_today += 1
            _push(queue, capped(card, qid, PASSED, now, day), exam)
        new_today = 0
        for bank, ids in left.items():
            already = introduced.get(bank, 0) if day == today else 0
            take = max(0, examdate.new_per_day(len(ids) + already, day, exam) - already)
            chosen = ids[:take]
            for qid in chosen:
                _push(queue, capped(None, qid, PASSED, now, day), exam)
            del ids[:take]
            new_today += len(chosen)
        reviews.append((day, due_today))
        added.append((day, new_today))
        day += timedelta(days=1)
    return reviews, added


def _push(queue: list[tuple[date, str, Card]], card: Card, exam: Exam) -> None:
    if card.due_day <= exam.day:
        heapq.heappush(queue, (card.due_day, card.question_id, card))


def _bank_recall(
    bank: str,
    ids: list[str],
    studied: dict[str, Card],
    new: int,
    exam_day: date,
    scheduler: str,
) -> BankRecall:
    chances = [_recall(studied[qid], exam_day, scheduler) for qid in ids if qid in studied]
    known = [chance for chance in chances if chance is not None]
    return BankRecall(bank, len(known), round(fmean(known), 3) if known else None, new)


def _recall(card: Card | None, day: date, scheduler: str) -> float | None:
    """The model's chance of recall; None for a card it has no state for (never reviewed,
    or not yet replayed under FSRS)."""
    if card is None or card.reviews == 0:
        return None
    try:
        return card_recall(card, day, scheduler)
    except ValueError:
        return None


def mock_checks(
    store: Store, mocks: list[dict[str, Any]], banks: Sequence[str], scheduler: str
) -> list[MockCheck]:
    """For each of `banks` on the mock exams sat: the recall the model predicted for the
    questions studied before the mock's day, against the share of them answered right.

    A question's card is taken as it stood at the start of the mock's day (the state after
    its last review of an earlier day), so that an exam counted as reviews (`--record`)
    does not predict its own answers."""
    histories: dict[str, list[Review]] = {}
    seen: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    unstudied: Counter[str] = Counter()
    rollover = clock.rollover_hour()
    for mock in mocks:
        day = clock.study_day(datetime.fromisoformat(mock["started_at"]), rollover)
        for answer in mock["answers"]:
            if answer["bank"] not in banks:
                continue
            qid = answer["id"]
            if qid not in histories:
                histories[qid] = store.history(qid)
            chance = _recall(_card_before(histories[qid], day), day, scheduler)
            if chance is None:
                unstudied[answer["bank"]] += 1
            else:
                seen[answer["bank"]].append((chance, bool(answer["correct"])))
    return [
        MockCheck(
            bank=bank,
            answers=len(seen[bank]),
            predicted=round(fmean(p for p, _ in seen[bank]), 3),
            scored=round(fmean(float(right) for _, right in seen[bank]), 3),
            unstudied=unstudied[bank],
        )
        for bank in banks
        if seen[bank]
    ]


def _card_before(history: list[Review], day: date) -> Card | None:
    """The card as the log left it before `day`: the state after its last row of an earlier
    day (an undo's row holds the state it restored)."""
    earlier = [row for row in history if row.day < day]
    return earlier[-1].after if earlier else None


def to_json(plan: ExamPlan) -> dict[str, Any]:
    busiest = plan.busiest
    until = plan.introduce_until
    return {
        "exam_day": plan.exam.day.isoformat(),
        "last_pass": plan.exam.last_pass,
        "last_pass_start": plan.exam.last_pass_start.isoformat(),
        "banks": plan.banks,
        "days_left": plan.days_left,
        "assumes": "every review passed (grade 4)",
        "reviews_per_day": plan.reviews_per_day,
        "busiest": None
        if busiest is None
        else {"day": busiest[0].isoformat(), "reviews": busiest[1]},
        "new_per_day": plan.new_today,
        "new_left": plan.new_left,
        "introduce_until": None if until is None else until.isoformat(),
        "days": [
            {"day": day.isoformat(), "reviews": reviews, "new": new}
            for (day, reviews), (_, new) in zip(plan.reviews, plan.introduced, strict=True)
        ],
        "recall_at_exam": [
            {"bank": r.bank, "studied": r.studied, "recall": r.recall, "new": r.new}
            for r in plan.recall
        ],
        "mock_exams": [
            {
                "bank": m.bank,
                "answers": m.answers,
                "predicted": m.predicted,
                "scored": m.scored,
                "unstudied": m.unstudied,
            }
            for m in plan.mocks
        ],
    }
