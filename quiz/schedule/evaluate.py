"""How well a scheduler predicts a student's recall: srs-benchmark's metrics on their log.

Pure: card histories in, figures out. A model predicts each review after a card's first
(on a later day than the one before: a same-day review tests nothing) from the history
before it, and is scored on whether the grade was a recall (3 or more):
- log loss: the mean of −ln p for a recall and −ln(1 − p) for a lapse;
- RMSE(bins): srs-benchmark's calibration figure (open-spaced-repetition/srs-benchmark,
  `rmse_matrix` in its utils): reviews binned by elapsed days, review number and lapses
  on log scales, and the root mean squared gap between the mean prediction and the mean
  outcome of each bin, weighted by its reviews;
- the split is by time, as the benchmark's TimeSeriesSplit: parameters are fitted on the
  reviews before a day and scored on those from that day on, so a score never rests on
  what the fit saw.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from quiz.model import CardState
from quiz.schedule import sm2
from quiz.schedule.fsrs import Fsrs, History, recalled
from quiz.schedule.recall import fsrs_recall, sm2_recall

EPSILON = 1e-7
"""Predictions are kept this far from 0 and 1, so a sure miss costs a finite log loss."""
TEST_SHARE = 1 / 3
"""The later share of the log that `time_split` keeps for scoring."""


@dataclass(frozen=True)
class Scored:
    """One prediction and what happened."""

    p: float
    recalled: bool
    elapsed: int
    number: int
    """Which review of the card this is: 2 for the first one predicted."""
    lapses: int
    """The card's failed reviews before this one (on days after the one before each)."""


@dataclass(frozen=True)
class Metrics:
    log_loss: float
    rmse_bins: float
    reviews: int


Predictor = Callable[[History], Iterator[float | None]]
"""A model: for each review of a history, its chance of recall from the reviews before
(None for a review it does not predict: a card's first, a same-day one)."""


def sm2_predictor(history: History) -> Iterator[float | None]:
    """SM-2's prediction: its interval read as srs-benchmark reads it (recall.sm2_recall)."""
    state = CardState()
    last: date | None = None
    for day, grade in history:
        if last is not None and day > last and state.interval > 0:
            yield sm2_recall((day - last).days, state.interval)
        else:
            yield None
        state = sm2.review(state, grade)
        last = day


def fsrs_predictor(model: Fsrs) -> Predictor:
    """An FSRS model's prediction: its forgetting curve at the card's stability."""

    def predict(history: History) -> Iterator[float | None]:
        last: date | None = None
        for (day, _), stability in zip(history, model.stabilities(history), strict=True):
            if stability is not None and last is not None and day > last:
                yield fsrs_recall(stability, (day - last).days, model.decay)
            else:
                yield None
            last = day

    return predict


def score(
    predictor: Predictor, histories: Mapping[str, History], since: date | None = None
) -> list[Scored]:
    """Every prediction of `predictor` over these histories, of reviews on `since` or
    later (all of them: None); each from the card's whole history before it."""
    scored = []
    for history in histories.values():
        lapses = 0
        last: date | None = None
        for number, ((day, grade), p) in enumerate(
            zip(history, predictor(history), strict=True), start=1
        ):
            if p is not None and last is not None and (since is None or day >= since):
                scored.append(Scored(p, recalled(grade), (day - last).days, number, lapses))
            if last is not None and day > last and not recalled(grade):
                lapses += 1
            last = day
    return scored


def metrics(scored: list[Scored]) -> Metrics:
    """Log loss and RMSE(bins) of these predictions."""
    if not scored:
        return Metrics(math.nan, math.nan, 0)
    loss = 0.0
    for item in scored:
        p = min(max(item.p, EPSILON), 1 - EPSILON)
        loss -= math.log(p if item.recalled else 1 - p)
    return Metrics(loss / len(scored), rmse_bins(scored), len(scored))


def rmse_bins(scored: list[Scored]) -> float:
    """srs-benchmark's RMSE(bins): bins of elapsed days (×3.62), review number (×1.89) and
    lapses (×1.73), each bin's mean prediction against its mean outcome, weighted by size."""
    bins: dict[tuple[float, float, float], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for item in scored:
        key = (
            _log_bin(item.elapsed, 2.48, 3.62, 2),
            _log_bin(item.number, 1.99, 1.89, 0),
            _log_bin(item.lapses, 1.65, 1.73, 0) if item.lapses else 0.0,
        )
        totals = bins[key]
        totals[0] += item.p
        totals[1] += item.recalled
        totals[2] += 1
    squared = sum((p - y) ** 2 / n for p, y, n in bins.values())
    return math.sqrt(squared / len(scored))


def _log_bin(value: int, scale: float, base: float, digits: int) -> float:
    return round(scale * base ** math.floor(math.log(value) / math.log(base)), digits)


def time_split(
    histories: Mapping[str, History], test_share: float = TEST_SHARE
) -> tuple[dict[str, History], date]:
    """The histories as they stood before the first test day, and that day: the day of the
    review at the start of the log's last `test_share` (by time). ValueError when the log
    is too short in days to split (all of it on one day)."""
    days = sorted(day for history in histories.values() for day, _ in history)
    if not days or days[0] == days[-1]:
        raise ValueError("the log spans a single day: nothing to split")
    first_test = days[min(len(days) - 1, math.floor(len(days) * (1 - test_share)))]
    if first_test == days[0]:
        first_test = next(day for day in days if day > days[0])
    train = {
        card: [(day, grade) for day, grade in history if day < first_test]
        for card, history in histories.items()
    }
    return {card: history for card, history in train.items() if history}, first_test
