"""The probability that a student recalls a card after some days, under either scheduler.

Pure functions of numbers and cards: no clock, no database, and no `fsrs` import (FSRS-6's
forgetting curve is one line, and start-up must not pay for the package). The scheduling
itself lives in sm2.py and fsrs.py; this module only turns their state into a probability,
for `quiz scheduler compare`, the workload forecast and the exam plan.
"""

from __future__ import annotations

from datetime import date

from quiz.model import Card

SM2_RETENTION = 0.9
"""SM-2 names no probability; the benchmark reads its interval as the day recall reaches
90%."""

FSRS6_DEFAULT_DECAY = 0.1542
"""FSRS-6's default w20, the forgetting curve's decay (py-fsrs `FSRS_DEFAULT_DECAY`)."""

SCHEDULERS = ("sm2", "fsrs")


def sm2_recall(elapsed_days: float, interval_days: float) -> float:
    """Recall after `elapsed_days` of a card SM-2 gave `interval_days`: 0.9 ** (t / I).

    SM-2 predicts no probability, so we take the one srs-benchmark chose for it
    (open-spaced-repetition/srs-benchmark, models/sm_2.py: `forgetting_curve(t, s) =
    0.9 ** (t / s)` with s the SM-2 interval; fsrs-optimizer's `compare_with_sm2` writes
    the same as exp(ln 0.9 · t / ivl)): an exponential curve through 90% at the due day.
    """
    if interval_days <= 0:
        raise ValueError(f"interval must be positive, got {interval_days!r}")
    return float(SM2_RETENTION ** (max(elapsed_days, 0.0) / interval_days))


def fsrs_recall(stability: float, elapsed_days: float, decay: float = FSRS6_DEFAULT_DECAY) -> float:
    """FSRS-6's power forgetting curve: R = (1 + F · t / S) ** −w20, F = 0.9 ** (−1/w20) − 1,
    so that R = 90% when t = S (py-fsrs `Scheduler.get_card_retrievability`)."""
    if stability <= 0:
        raise ValueError(f"stability must be positive, got {stability!r}")
    factor = SM2_RETENTION ** (-1 / decay) - 1
    return float((1 + factor * max(elapsed_days, 0.0) / stability) ** -decay)


def last_review_day(card: Card) -> date:
    """The study day the card's schedule last moved; a state logged before that day was kept
    is read back from its due day and interval."""
    if card.reviewed_day is not None:
        return card.reviewed_day
    return date.fromordinal(card.due_day.toordinal() - card.state.interval)


def card_recall(card: Card, day: date, scheduler: str, decay: float = FSRS6_DEFAULT_DECAY) -> float:
    """The chance the student recalls `card` on `day` as `scheduler` ("sm2" or "fsrs") sees
    it. Under FSRS a card whose memory state was never replayed has none: ValueError, like a
    card never reviewed (interval 0) under SM-2."""
    elapsed = (day - last_review_day(card)).days
    if scheduler == "sm2":
        return sm2_recall(elapsed, card.state.interval)
    if scheduler == "fsrs":
        if card.stability is None:
            raise ValueError(f"{card.question_id} has no FSRS memory state")
        return fsrs_recall(card.stability, elapsed, decay)
    raise ValueError(f"scheduler must be one of {', '.join(SCHEDULERS)}, got {scheduler!r}")
