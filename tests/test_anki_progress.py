"""export/anki_progress.py: a card's schedule and history in Anki's columns, value by value."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from quiz.apkg import CardSchedule
from quiz.export.anki_progress import created_day, graded, note_progress, revlog
from quiz.model import Card, CardState
from quiz.schedule import policy
from quiz.store import Store

DAY = date(2026, 11, 2)


def graded_on(store: Store, question_id: str, grades: list[int]) -> None:
    """One scheduled review a day from DAY, at noon UTC, `seconds` 2.5 each."""
    for offset, grade in enumerate(grades):
        day = DAY + timedelta(days=offset)
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
        store.record(question_id, grade, now=moment, day=day, seconds=2.5, schedule=policy.apply)


def test_a_new_card_stays_new_and_a_suspended_one_stays_out_of_the_queue():
    assert note_progress(None, [], DAY) is None
    suspended = Card("q", CardState(), DAY, suspended=True)
    assert note_progress(suspended, [], DAY).card == CardSchedule(type=0, queue=-1, due=None)


def test_a_reviewed_card_is_a_review_card_with_its_interval_due_and_ease(store):
    graded_on(store, "q", [4, 4, 3])  # intervals 1, 6, then 6 × 2.5 = 15; EF 2.36 after
    card = store.card("q")
    assert (card.state.interval, card.due_day) == (15, DAY + timedelta(days=2 + 15))

    carried = note_progress(card, store.history("q"), DAY - timedelta(days=3))

    assert carried.card == CardSchedule(
        type=2,
        queue=2,
        due=3 + 2 + 15,
        ivl=15,
        factor=2360,
        reps=3,
        lapses=0,
        data="",
    )
    assert carried.tags == ()


def test_the_interval_is_the_scheduled_wait_not_sm2s_when_they_differ():
    """Under FSRS (or a fuzz, or an exam date) the due day is not SM-2's interval away."""
    card = Card(
        "q",
        CardState("2.5", 15, 3),
        due_day=DAY + timedelta(days=23),
        reviews=3,
        reviewed_day=DAY,
        stability=23.4,
        difficulty=5.5,
    )
    carried = note_progress(card, [], DAY)
    assert (carried.card.ivl, carried.card.due) == (23, 23)
    assert json.loads(carried.card.data) == {"s": 23.4, "d": 5.5}


def test_a_leech_is_suspended_and_tagged():
    card = Card("q", CardState("1.3", 1, 0), DAY, lapses=8, reviews=9, leech=True, suspended=True)
    carried = note_progress(card, [], DAY)
    assert (carried.card.queue, carried.card.lapses, carried.tags) == (-1, 8, ("leech",))


def test_each_graded_review_is_a_revlog_row_with_anki_buttons_and_types(store):
    graded_on(store, "q", [4, 5, 1, 2, 3, 0])
    moment = datetime(2026, 11, 8, 13, tzinfo=timezone.utc)
    drill = store.record(
        "q", 4, now=moment, day=date(2026, 11, 7), kind="drill", schedule=policy.apply
    )
    assert drill.review_id
    undone = store.record("q", 5, now=moment, day=date(2026, 11, 8), schedule=policy.apply)
    store.undo(undone.review_id, now=moment, day=date(2026, 11, 8))
    history = store.history("q")

    rows = revlog(history)

    assert [r.ease for r in rows] == [3, 4, 1, 1, 2, 1]  # 0-2 Again, 3 Hard, 4 Good, 5 Easy
    # Learn, review, review (the lapse), relearn twice (repetitions start again after a
    # failure; 2 is a failure too), then a review of a relearnt card.
    assert [r.type for r in rows] == [0, 1, 1, 2, 2, 1]
    assert [(r.last_ivl, r.ivl) for r in rows] == [(0, 1), (1, 6), (6, 1), (1, 1), (1, 1), (1, 1)]
    assert rows[0].factor == 2500 and rows[1].factor == 2600
    assert rows[0].at_ms == int(datetime(2026, 11, 2, 12, tzinfo=timezone.utc).timestamp()) * 1000
    assert {r.time_ms for r in rows} == {2500}
    assert len(graded(history)) == len(rows) == store.card("q").reviews


def test_the_collection_is_created_no_later_than_any_day_it_counts_from():
    card = Card("q", CardState(), DAY + timedelta(days=4))
    assert created_day(DAY + timedelta(days=10), [card], []) == DAY + timedelta(days=4)
    assert created_day(DAY, [card], []) == DAY
