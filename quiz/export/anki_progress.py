"""A quiz card's schedule and review history in Anki's terms (`quiz export anki --progress`).

Owns the mapping; which notes a question's card goes to is anki.py's, and writing the values
into the package is apkg.py's. The mapping:

- A card never reviewed stays new (queue 0, or -1 when suspended).
- A reviewed card is a review card (type 2; queue 2, or -1 when suspended). `ivl` is the
  days it was scheduled to wait: its due day less the day of its last review (SM-2's
  interval, or FSRS's, or what the fuzz or an exam date made of it), as Anki reads `ivl`.
  `due` is its due day, counted in days from the collection's creation day (`created_day`).
  `factor` is SM-2's EF in Anki's permille (2.5 -> 2500), `reps` its scheduled reviews and
  `lapses` its lapses as quiz counts them (a failed first review is one; Anki's own count
  would not include it).
- Under FSRS the interval and due day are FSRS's (the cards table holds what the rules in
  force make), and the card's memory (stability, difficulty) goes into its `data` as Anki's
  FSRS reads it ({"s": …, "d": …}); the factor is still SM-2's EF, which quiz keeps under
  either scheduler. A leech gets Anki's `leech` tag.
- Each scheduled review (not a same-day drill, not one undone) is a revlog row: its time in
  ms, the button pressed (`ease`) as the grade's FSRS rating (0-2 Again, 3 Hard, 4 Good,
  5 Easy: schedule/fsrs.py's map, srs-benchmark's), the scheduled interval after and before
  it, the EF after it, the time to answer, and its type: 0 (learn) for a card's first
  review, 2 (relearn) for one after a failure (SM-2's repetitions start again at 0), else 1
  (review).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from quiz.apkg import CardSchedule, NoteProgress, RevlogEntry
from quiz.model import Card, Review
from quiz.schedule.fsrs import rating

NEW, REVIEW = 0, 2
"""Anki's card types (and, for an unsuspended card, queues) of a new and a review card."""
SUSPENDED = -1
LEARN, REVIEWED, RELEARN = 0, 1, 2
"""Anki's revlog types."""
FACTOR_PER_EF = 1000
"""Anki keeps the ease factor in permille: EF 2.5 is 2500."""


def note_progress(
    card: Card | None,
    history: Sequence[Review],
    created_day: date,
    *,
    with_history: bool = True,
) -> NoteProgress | None:
    """What the Anki card of a question carries; None when there is nothing to carry (a
    new, unsuspended card). `with_history` False leaves the revlog out (a variant that is
    not the question's first: the history is written once)."""
    if card is None or card.reviews == 0:
        if card is None or not card.suspended:
            return None
        return NoteProgress(CardSchedule(type=NEW, queue=SUSPENDED, due=None))
    memory = ""
    if card.stability is not None and card.difficulty is not None:
        memory = json.dumps({"s": card.stability, "d": card.difficulty}, separators=(",", ":"))
    schedule = CardSchedule(
        type=REVIEW,
        queue=SUSPENDED if card.suspended else REVIEW,
        due=(card.due_day - created_day).days,
        ivl=scheduled_interval(card),
        factor=ease_factor(card),
        reps=card.reviews,
        lapses=card.lapses,
        data=memory,
    )
    reviews = revlog(history) if with_history else ()
    return NoteProgress(schedule, ("leech",) if card.leech else (), reviews)


def scheduled_interval(card: Card) -> int:
    """The days between the card's last scheduled review and its due day (at least 1)."""
    if card.reviewed_day is None:
        return max(1, card.state.interval)
    return max(1, (card.due_day - card.reviewed_day).days)


def ease_factor(card: Card) -> int:
    return int(card.state.easiness * FACTOR_PER_EF)


def graded(history: Sequence[Review]) -> list[Review]:
    """The reviews that moved the schedule: no drill, no undo, none undone."""
    undone = {review.undoes for review in history if review.undoes is not None}
    return [
        review
        for review in history
        if review.kind == "review" and review.grade is not None and review.id not in undone
    ]


def revlog(history: Sequence[Review]) -> tuple[RevlogEntry, ...]:
    """One revlog row per scheduled review of `history`, oldest first."""
    rows = []
    for review in graded(history):
        before, after = review.before, review.after
        if review.grade is None or after is None:
            continue
        if before is None or before.reviews == 0:
            kind = LEARN
        elif before.state.repetitions == 0:
            kind = RELEARN
        else:
            kind = REVIEWED
        rows.append(
            RevlogEntry(
                at_ms=int(datetime.fromisoformat(review.at).timestamp() * 1000),
                ease=rating(review.grade),
                ivl=max(1, (after.due_day - review.day).days),
                last_ivl=0 if kind == LEARN or before is None else scheduled_interval(before),
                factor=ease_factor(after),
                time_ms=round((review.seconds or 0.0) * 1000),
                type=kind,
            )
        )
    return tuple(rows)


def created_day(today: date, cards: Iterable[Card], histories: Iterable[Sequence[Review]]) -> date:
    """The collection's creation day: the earliest of today, every due day and every review
    day, so that no `due` is negative."""
    days = [today]
    days += [card.due_day for card in cards]
    days += [review.day for history in histories for review in history]
    return min(days)
