"""A review session as a state machine: the queue, same-day repeats, undo, suspend, bury
and flag, and the card reloaded after the student edits it.

No terminal here: the CLI renders `current` and feeds grades back. Every graded answer is
written to the store before `grade` returns, so a session that ends at any point (Ctrl-C,
EOF, a crash) has lost nothing that was graded. A grade is saved only if the card is still
as it was when `begin` put it on screen: another `quiz review` on the same database may
have graded it meanwhile.

With an exam ahead (schedule/examdate.py), every grade's due day is capped so that no
interval jumps past the exam, cards already scheduled past it come back in its last pass,
and each bank's new cards are paced so that all are introduced in time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from quiz.errors import StoreError
from quiz.model import Card, Diagnostic, Phrase, Question, QuestionList, Recorded, Tally
from quiz.schedule import answers, examdate, params, policy
from quiz.schedule.recall import last_review_day
from quiz.store import NOT_SHOWN, Action, Store

REPEAT_GAP = 3
"""A card graded below 4 comes back after this many other cards (or at the end)."""
MAX_VARIANT_ATTEMPTS = 5
CARD_SECONDS_CAP = 300.0
"""Time on one card counts up to this in the summary, as Anki caps it: a card left on screen
over lunch is not an hour of study."""


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
    shown: bool = False
    """Whether `Session.begin` put it on screen; `card` is then its card as stored then."""
    card: Card | None = None
    practice: bool = False
    """A drill of a card that is not due, chosen for its mistakes (`quiz review --mistakes`)."""

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
    on_card: float = 0.0
    """Time on the card, from showing it to the grade, capped at CARD_SECONDS_CAP."""


@dataclass
class SetAside:
    """A suspension or burial made in this session, and the copies of its card it took out
    of the queue (with their places), which an undo puts back."""

    item: Item
    kind: str  # "suspend" or "bury"
    action_id: int
    removed: list[tuple[int, Item]]


@dataclass(frozen=True)
class Undone:
    """What `Session.undo` took back: a grade, suspension or burial of `question_id`, made
    in this session or an earlier one of the same study day. `item` is its card, now first
    in the queue; None when the question is not among this session's."""

    kind: str  # "grade", "suspend" or "bury"
    question_id: str
    item: Item | None


@dataclass(frozen=True)
class Reloaded:
    """The current card's question read again from its file after an edit: every problem
    the file has, and the question as it now reads (None: not reloaded, because the file
    has errors, or holds the question no longer: `gone`, and it left the session)."""

    problems: list[Diagnostic]
    question: Question | None
    gone: bool = False


@dataclass
class Summary(Tally):
    """A session's answers (its tally) and what it leaves behind: leeches, cards due soon.

    Its `seconds` are the time on the cards (from showing each to its grade, at most
    CARD_SECONDS_CAP a card); the review log keeps each answer's time to answer, which
    `quiz stats` and the exported log read.
    """

    drills: int = 0
    leeches: list[str] = field(default_factory=list)
    due_tomorrow: int = 0
    due_week: int = 0


@dataclass(frozen=True)
class Outlook:
    """What a session's questions hold beyond its queue: enough to say why it is empty."""

    questions: int
    due: int
    new_waiting: int
    """Never-reviewed questions that today's new-card limits leave out."""
    new_limit: int
    """New cards a day per bank."""
    new_total: int | None
    """New cards a day in all banks together; None: no cap."""
    capped: bool
    """Whether the cap in all banks, rather than each bank's own limit, holds cards back."""
    paced: bool
    """Whether an exam's pace sets some bank's new cards a day (instead of `new_limit`)."""
    cards: int
    """The questions' cards that are not suspended."""
    suspended: int
    next_due: date | None
    """The soonest day one of those cards is due."""


BankOf = Callable[[str], str | None]


def new_cards(
    waiting: Iterable[tuple[str, str | None]],
    *,
    per_bank: int,
    introduced: Mapping[str | None, int],
    total: int | None = None,
    limits: Mapping[str | None, int] | None = None,
) -> list[str]:
    """Of the never-reviewed questions (id, bank) in bank order, those to introduce today.

    Each bank takes up to `per_bank` (or its own in `limits`: an exam's pace) less what it
    introduced today, so that a bank late in the list is not starved by those before it.
    `total` caps all banks together (less all introduced today); when it is the shorter, it
    is shared out a card from each bank in turn, for the same reason.
    """
    offered: dict[str | None, list[str]] = {}
    order = []
    own = limits or {}
    for qid, bank in waiting:
        chosen = offered.setdefault(bank, [])
        if len(chosen) < own.get(bank, per_bank) - introduced.get(bank, 0):
            chosen.append(qid)
            order.append(qid)
    if total is None:
        return order
    room = max(0, total - sum(introduced.values()))
    if len(order) <= room:
        return order
    longest = max(len(ids) for ids in offered.values())
    turns = [ids[turn] for turn in range(longest) for ids in offered.values() if turn < len(ids)]
    taken = set(turns[:room])
    return [qid for qid in order if qid in taken]


def plan(
    questions: Iterable[Question],
    cards: dict[str, Card],
    due: list[tuple[str, date]],
    *,
    new_limit: int,
    introduced_today: Mapping[str | None, int],
    new_total: int | None = None,
    bank_of: BankOf | None = None,
    limit: int | None = None,
    new_limits: Mapping[str | None, int] | None = None,
) -> list[Item]:
    """Due cards first (most overdue first), then new ones up to the day's new-card limits:
    `new_limit` per bank, or a bank's own in `new_limits` (`introduced_today` counts by bank
    what today already took), and `new_total` in all. Without `bank_of`, the questions count
    as one bank."""
    # Questions are built only for the cards queued: a bank may hold thousands.
    questions = QuestionList.of(questions)
    by_id = {qid: index for index, qid in enumerate(questions.ids)}
    queue = []
    # A card never reviewed is new even when it has a row (suspended, then unsuspended; a
    # burial that has run out): it waits with the new cards and counts against their limit.
    fresh = {qid for qid, _ in due if qid in by_id and cards[qid].reviews == 0}
    for qid, _ in due:
        if qid in by_id and qid not in fresh:
            card, question = cards[qid], questions[by_id[qid]]
            edited = bool(card.content_hash) and card.content_hash != question.content_hash
            queue.append(Item(question, "review", card.reviews, edited=edited))
    bank = bank_of or (lambda _: None)
    waiting = ((qid, bank(qid)) for qid in by_id if qid not in cards or qid in fresh)
    chosen = new_cards(
        waiting,
        per_bank=new_limit,
        introduced=introduced_today,
        total=new_total,
        limits=new_limits,
    )
    for qid in chosen:
        queue.append(Item(questions[by_id[qid]], "review", 0))
    return queue[:limit] if limit is not None else queue


def practice_plan(
    questions: Iterable[Question],
    cards: dict[str, Card],
    due: list[tuple[str, date]],
    focus: Iterable[str],
    *,
    buried: Iterable[str] = (),
    limit: int | None = None,
) -> list[Item]:
    """The `focus` questions in that order (`quiz review --mistakes`): a due card is its
    scheduled review, any other a practice drill that leaves its schedule as it is. Cards
    never reviewed, suspended or buried are left out, as a drill of them would not be one."""
    questions = QuestionList.of(questions)
    by_id = {qid: index for index, qid in enumerate(questions.ids)}
    due_ids = {qid for qid, _ in due}
    set_aside = set(buried)
    queue = []
    for qid in focus:
        card = cards.get(qid)
        if qid not in by_id or card is None or card.reviews == 0 or card.suspended:
            continue
        question = questions[by_id[qid]]
        edited = bool(card.content_hash) and card.content_hash != question.content_hash
        if qid in due_ids:
            queue.append(Item(question, "review", card.reviews, edited=edited))
        elif qid not in set_aside:
            # repeat 1: the variant of a same-day repeat, not the one the next review shows.
            drill = Item(question, "drill", card.reviews, 1, edited=edited, practice=True)
            queue.append(drill)
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
        new_total: int | None = None,
        bank_of: BankOf | None = None,
        limit: int | None = None,
        exams: examdate.ExamDates | None = None,
        pace_new: bool = True,
        schedule: policy.Schedule = policy.apply,
        focus: Iterable[str] | None = None,
    ) -> None:
        """The day's queue of `questions`: `new_limit` new cards a day per bank, `new_total`
        in all (None: no cap); `bank_of` (Catalog.bank_of) tells each question's bank,
        without which they count as one.

        `exams` are the banks' exam dates (those over by `today` are left out: the normal
        schedule resumes). A bank with one ahead takes the exam's pace of new cards instead
        of `new_limit`, unless `pace_new` is False (the student's own `--new`).

        `schedule` is the scheduler's policy (SM-2's `policy.apply`, or the one
        `policy.scheduling` makes for FSRS and fuzz); the exam caps wrap it.

        `focus` replaces the day's plan with these questions (practice_plan): no new cards.
        """
        self.store = store
        self.today = today
        self.clock = clock
        self.questions = QuestionList.of(questions)
        ids = self.questions.ids
        cards = store.cards(ids)
        bank = bank_of or (lambda _: None)
        self.exams = (exams or examdate.ExamDates()).ahead(today)
        exam_dates = self.exams

        def exam_of(qid: str) -> examdate.Exam | None:
            return exam_dates.of(bank(qid))

        self._schedule = examdate.before_exams(schedule, exam_of)
        due = exam_due(store.due(today, ids), cards, today, exam_of, store.buried_ids(today))
        introduced = Counter(bank(qid) for qid in store.introduced_ids(today))
        self.paces = exam_paces(ids, cards, bank, introduced, today, exam_of)
        self.paced = pace_new and bool(self.paces)
        self.queue: list[Item] = (
            plan(
                self.questions,
                cards,
                due,
                new_limit=new_limit,
                introduced_today=introduced,
                new_total=new_total,
                bank_of=bank_of,
                limit=limit,
                new_limits=self.paces if pace_new else None,
            )
            if focus is None
            else practice_plan(
                self.questions, cards, due, focus, buried=store.buried_ids(today), limit=limit
            )
        )
        self.outlook = _outlook(
            self.questions,
            cards,
            due,
            self.queue,
            introduced,
            new_limit,
            new_total,
            exam_of,
            paced=self.paced,
        )
        self.done: list[Graded | SetAside] = []
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
        on_card: float | None = None,
        mistake: str | None = None,
    ) -> Graded:
        """Save the grade for the current card and move on. `seconds` is the time to answer
        (logged), `on_card` the time from showing the card to this grade (counted in the
        summary; `seconds` when not given); `mistake` the name of the question's mistake the
        answer was, as the judge recognised it (logged).

        StoreError, and the card still current, when the store refuses it (the card changed
        in another session since `begin` showed it, a repeat of a card whose history a
        `quiz restore` took away, a database busy for too long).
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
            schedule=self._schedule,
            shown=item.card if item.shown else NOT_SHOWN,
            mistake=mistake,
        )
        self.queue.pop(0)
        self.position += 1
        requeued = None
        if policy.comes_back_today(grade) and not recorded.after.suspended:
            requeued = Item(item.question, "drill", item.review_number, repeat=item.repeat + 1)
            self.queue.insert(min(REPEAT_GAP, len(self.queue)), requeued)
        counted = min(seconds if on_card is None else on_card, CARD_SECONDS_CAP)
        graded = Graded(item, recorded, correct, seconds, requeued, counted)
        self.done.append(graded)
        self._count(graded, +1)
        return graded

    def undo(self) -> Undone | None:
        """Take back the last grade, suspension or burial: this session's own first, then,
        once it has none left, the latest of the same study day made by an earlier session
        (the store's journal keeps them). Its card comes up again next. None: nothing of
        today is left to undo.

        StoreError, and the session left as it was, when it must stand: the card was
        reviewed, suspended or buried since (in another session too), or the database no
        longer holds it (a `quiz restore` replaced it meanwhile).
        """
        if self.done:
            last = self.done[-1]
            if isinstance(last, SetAside):
                return self._undo_set_aside(last)
            return self._undo_grade(last)
        action = self.store.last_action(self.today)
        return None if action is None else self._undo_earlier(action)

    def pending_undo(self) -> str | None:
        """What `undo` would take back now: "grade", "suspend", "bury", or None."""
        if self.done:
            last = self.done[-1]
            return last.kind if isinstance(last, SetAside) else "grade"
        action = self.store.last_action(self.today)
        return None if action is None else action.kind

    def suspend(self) -> Item:
        """Keep the current card out of every queue until it is unsuspended (undoable)."""
        return self._set_aside("suspend")

    def bury(self) -> Item:
        """Keep the current card out of the queue until the next study day, its schedule
        untouched (undoable)."""
        return self._set_aside("bury")

    def flag(self) -> bool:
        """Flag the current card's question (`quiz list --flagged`), or take its flag off;
        whether it is flagged now. The card stays current."""
        item = self._require_current()
        return self.store.toggle_flag(item.question.id, now=self.clock())

    def last_answer(self, question_id: str) -> str | None:
        """What the student last answered to this question (a code card's previous attempt,
        which their editor opens on when the card comes back)."""
        for review in reversed(self.store.history(question_id)):
            if review.answer and review.answer != "?":
                return review.answer
        return None

    def begin(self) -> Item:
        """The current card goes on screen: its card as stored now is what a grade must
        still find when it is saved (another `quiz review` may be open on the database)."""
        item = self._require_current()
        item.card = self.store.card(item.question.id)
        item.shown = True
        return item

    def next_intervals(self, grades: Iterable[int]) -> dict[int, int] | None:
        """For each grade, the days until the current card would be due again: the
        scheduler's own answer (policy.apply on the card as shown, its due day capped by an
        exam ahead). None for a same-day repeat, whose grade leaves the schedule as it is."""
        item = self._require_current()
        if item.kind == "drill":
            return None
        card = item.card if item.shown else self.store.card(item.question.id)
        now, qid, today = self.clock(), item.question.id, self.today
        return {g: (self._schedule(card, qid, g, now, today).due_day - today).days for g in grades}

    def reload_current(self) -> Reloaded:
        """Read the current card's question again from its file, after the student edited
        it. The file is checked first, as `quiz check` would: with errors nothing changes
        (the file keeps the edit). A question no longer in the file leaves the session."""
        from quiz.bank.catalog import load_file
        from quiz.bank.lint import lint

        item = self._require_current()
        old = item.question
        checked = lint([old.file])
        if checked.errors:
            return Reloaded(checked.diagnostics, None)
        questions = load_file(old.file).questions
        if old.id not in questions.ids:
            self.queue = [i for i in self.queue if i.question.id != old.id]
            return Reloaded(checked.diagnostics, None, gone=True)
        new = questions[questions.ids.index(old.id)]
        for queued in self.queue:
            if queued.question.id == old.id:
                queued.question, queued.edited, queued.attempt = new, False, 0
                queued.draw()
        return Reloaded(checked.diagnostics, new)

    def marked_open(self) -> AbstractContextManager[int | None]:
        """Mark this session open on its database while the block runs; it gives the pid of
        another review already open there (None if none)."""
        return self.store.review_marker()

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
        """The summary, with what of this session's questions (its banks and tags) is due
        tomorrow and within the week."""
        ids = self.questions.ids
        self.summary.due_tomorrow = self.store.due_by(self.today + timedelta(days=1), ids)
        self.summary.due_week = self.store.due_by(self.today + timedelta(days=7), ids)
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

    def _set_aside(self, kind: str) -> Item:
        item = self._require_current()
        qid = item.question.id
        action_id = self.store.set_aside(qid, kind, now=self.clock(), day=self.today)
        removed = [(n, i) for n, i in enumerate(self.queue) if i.question.id == qid]
        self.queue = [i for i in self.queue if i.question.id != qid]
        self.done.append(SetAside(item, kind, action_id, removed))
        return item

    def _undo_grade(self, last: Graded) -> Undone:
        if not self._still_logged(last):
            raise StoreError(
                Phrase(
                    "cannot undo: the database no longer holds that answer to {id}"
                    " (it was restored or changed since)",
                    id=last.item.question.id,
                )
            )
        self.store.undo(last.recorded.review_id, now=self.clock(), day=self.today)
        self.done.pop()
        if last.requeued is not None and last.requeued in self.queue:
            self.queue.remove(last.requeued)
        self.queue.insert(0, last.item)
        self.position -= 1
        self._count(last, -1)
        return Undone("grade", last.item.question.id, last.item)

    def _undo_set_aside(self, last: SetAside) -> Undone:
        qid = last.item.question.id
        self.store.undo_action(last.action_id, now=self.clock(), day=self.today, question_id=qid)
        self.done.pop()
        for place, item in last.removed:
            self.queue.insert(min(place, len(self.queue)), item)
        return Undone(last.kind, qid, last.item)

    def _undo_earlier(self, action: Action) -> Undone:
        """Undo an action of an earlier session today: its card, if its question is among
        this session's, comes back first, as it would have been planned."""
        qid = action.question_id
        kind = "review"
        if action.review_id is not None:
            row = self.store.review(action.review_id)
            kind = row.kind if row is not None and row.kind == "drill" else kind
        restored = self.store.undo_action(action.id, now=self.clock(), day=self.today)
        if qid not in self.questions.ids:
            return Undone(action.kind, qid, None)
        question = self.questions[self.questions.ids.index(qid)]
        card = self.store.card(qid) if kind == "drill" else restored
        edited = card is not None and bool(card.content_hash)
        edited = edited and card is not None and card.content_hash != question.content_hash
        item = Item(question, kind, card.reviews if card else 0, repeat=int(kind == "drill"))
        item.edited = edited
        self.queue = [i for i in self.queue if i.question.id != qid]
        self.queue.insert(0, item)
        return Undone(action.kind, qid, item)

    def _count(self, graded: Graded, sign: int) -> None:
        s = self.summary
        s.reviewed += sign
        s.seconds += sign * graded.on_card
        if graded.correct is not None:
            s.judged += sign
            s.correct += sign * int(graded.correct)
        if graded.item.kind == "drill":
            s.drills += sign
        elif graded.recorded.before is None or graded.recorded.before.reviews == 0:
            s.new += sign
        if graded.recorded.became_leech:
            qid = graded.item.question.id
            if sign > 0:
                s.leeches.append(qid)
            elif qid in s.leeches:
                s.leeches.remove(qid)


def exam_due(
    due: list[tuple[str, date]],
    cards: Mapping[str, Card],
    today: date,
    exam_of: Callable[[str], examdate.Exam | None],
    buried: Iterable[str] = (),
) -> list[tuple[str, date]]:
    """The store's due cards (id, due day) and those an exam brings forward: scheduled
    before the exam date was set to come back after it, they are due in its last pass.
    Most overdue first; `buried` cards wait for the next day as they would anyway."""
    listed = {qid for qid, _ in due} | set(buried)
    more = []
    for qid, card in cards.items():
        exam = exam_of(qid)
        if exam is None or qid in listed or card.suspended or card.reviews == 0:
            continue
        day = examdate.effective_due(card, last_review_day(card), exam)
        if day <= today:
            more.append((qid, day))
    return sorted(due + more, key=lambda entry: (entry[1], entry[0])) if more else due


def exam_paces(
    ids: Iterable[str],
    cards: Mapping[str, Card],
    bank_of: Callable[[str], str | None],
    introduced: Mapping[str | None, int],
    today: date,
    exam_of: Callable[[str], examdate.Exam | None],
) -> dict[str | None, int]:
    """New cards a day for each bank with an exam ahead: its never-reviewed cards (and those
    it introduced today, so that the pace holds all day) over the days left to introduce
    them (examdate.new_per_day)."""
    remaining: Counter[str | None] = Counter()
    exams: dict[str | None, examdate.Exam] = {}
    for qid in ids:
        exam = exam_of(qid)
        if exam is None:
            continue
        bank = bank_of(qid)
        exams[bank] = exam
        card = cards.get(qid)
        remaining[bank] += card is None or (card.reviews == 0 and not card.suspended)
    return {
        bank: examdate.new_per_day(remaining[bank] + introduced.get(bank, 0), today, exam)
        for bank, exam in exams.items()
    }


def _outlook(
    questions: QuestionList,
    cards: dict[str, Card],
    due: list[tuple[str, date]],
    queue: list[Item],
    introduced: Mapping[str | None, int],
    new_limit: int,
    new_total: int | None,
    exam_of: Callable[[str], examdate.Exam | None],
    paced: bool,
) -> Outlook:
    waiting = sum(qid not in cards for qid in questions.ids)
    queued_new = sum(item.question.id not in cards for item in queue)
    kept = [card for card in cards.values() if not card.suspended]
    capped = new_total is not None and sum(introduced.values()) + queued_new >= new_total
    return Outlook(
        questions=len(questions),
        due=len(due),
        new_waiting=waiting - queued_new,
        new_limit=new_limit,
        new_total=new_total,
        capped=capped,
        paced=paced,
        cards=len(kept),
        suspended=len(cards) - len(kept),
        # A card scheduled past an exam ahead comes back in its last pass.
        next_due=min(
            (examdate.effective_due(c, last_review_day(c), exam_of(c.question_id)) for c in kept),
            default=None,
        ),
    )
