"""Recall probabilities: SM-2's interval read as srs-benchmark reads it, FSRS-6's curve
equal to py-fsrs's own."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from quiz.model import Card, CardState
from quiz.schedule.recall import card_recall, fsrs_recall, last_review_day, sm2_recall


@pytest.mark.parametrize(
    ("elapsed", "interval", "expected"),
    [(0, 6, 1.0), (6, 6, 0.9), (12, 6, 0.81), (3, 1, 0.729), (-2, 6, 1.0)],
)
def test_sm2_recall_is_ninety_percent_at_the_interval(elapsed, interval, expected):
    assert sm2_recall(elapsed, interval) == pytest.approx(expected)


def test_sm2_recall_needs_an_interval():
    with pytest.raises(ValueError, match="interval must be positive"):
        sm2_recall(1, 0)


@pytest.mark.parametrize("grades", [[3], [3, 3, 1, 3], [4, 2, 2], [1, 1, 3, 4]])
@pytest.mark.parametrize("days", [0, 1, 5, 40, 365])
def test_fsrs_recall_equals_py_fsrs(grades, days):
    fsrs = pytest.importorskip("fsrs")
    scheduler = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = fsrs.Card()
    moment = datetime(2024, 3, 1, 12, tzinfo=timezone.utc)
    for rating in grades:
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), moment)
        moment = card.due
    later = card.last_review + timedelta(days=days)
    assert fsrs_recall(card.stability, days) == pytest.approx(
        scheduler.get_card_retrievability(card, later), abs=1e-12
    )


def test_fsrs_recall_with_another_decay_equals_py_fsrs():
    fsrs = pytest.importorskip("fsrs")
    parameters = list(fsrs.Scheduler().parameters)
    parameters[20] = 0.5
    scheduler = fsrs.Scheduler(parameters=parameters)
    moment = datetime(2024, 3, 1, tzinfo=timezone.utc)
    card, _ = scheduler.review_card(fsrs.Card(), fsrs.Rating.Good, moment)
    later = moment + timedelta(days=10)
    assert fsrs_recall(card.stability, 10, decay=0.5) == pytest.approx(
        scheduler.get_card_retrievability(card, later), abs=1e-12
    )


def test_fsrs_recall_is_ninety_percent_at_the_stability():
    assert fsrs_recall(17.5, 17.5) == pytest.approx(0.9)
    assert fsrs_recall(17.5, 0) == 1.0


def test_card_recall_under_each_scheduler():
    card = Card(
        "q",
        CardState("2.5", 6, 2),
        due_day=date(2024, 1, 7),
        reviewed_day=date(2024, 1, 1),
        stability=6.0,
        difficulty=5.0,
    )
    assert card_recall(card, date(2024, 1, 7), "sm2") == pytest.approx(0.9)
    assert card_recall(card, date(2024, 1, 7), "fsrs") == pytest.approx(0.9)
    assert card_recall(card, date(2024, 1, 13), "fsrs") > card_recall(
        card, date(2024, 1, 13), "sm2"
    )


def test_card_recall_reads_an_old_state_from_its_due_day():
    old = Card("q", CardState("2.5", 6, 2), due_day=date(2024, 1, 7))
    assert last_review_day(old) == date(2024, 1, 1)
    assert card_recall(old, date(2024, 1, 13), "sm2") == pytest.approx(0.81)


def test_card_recall_errors():
    card = Card("q", CardState("2.5", 6, 2), due_day=date(2024, 1, 7))
    with pytest.raises(ValueError, match="q has no FSRS memory state"):
        card_recall(card, date(2024, 1, 7), "fsrs")
    with pytest.raises(ValueError, match="scheduler must be one of sm2, fsrs"):
        card_recall(card, date(2024, 1, 7), "anki")
