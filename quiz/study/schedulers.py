"""Two schedulers on one log: the rules in force, cards rebuilt from the log when they
change, FSRS fitted to the student's own log, the schedulers compared on it, and the
workload each would give over the next month.

The review log is the one truth. The cards table holds what the rules in force make of it
(and which rules those were, in the scheduler table): when the settings or the fitted
parameters change, every card is rebuilt by replaying the log under the new rules, so
switching back and forth loses nothing. No SQL here (store.py) and no scheduling maths
(schedule/); `fsrs` is imported only under FSRS, and torch only to fit.
"""

from __future__ import annotations

import math
import time as timer
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timezone
from typing import Any

from quiz.model import Card, Review, Scheduled
from quiz.schedule import policy
from quiz.schedule.policy import SM2, Rules, Schedule
from quiz.store import Store

PARAMETERS = "fsrs_parameters"
"""The scheduler value holding the fitted FSRS parameters (and when, and on what)."""
BUILT_FOR = "cards_built_for"
"""The scheduler value naming the rules the cards were last built under (none: SM-2's)."""
COMPARE_BUDGET = 3_000
"""Reviews `compare` fits FSRS on at most (10 s or so of py-fsrs's optimizer): enough to
show what fitting gains, within the 20 s the comparison may take on 100,000 reviews."""


def fitted_parameters(store: Store) -> tuple[float, ...] | None:
    """The FSRS parameters `quiz scheduler optimize` fitted; None: the defaults hold."""
    saved = store.scheduler_value(PARAMETERS)
    return tuple(saved["parameters"]) if saved else None


def rules(store: Store) -> Rules:
    """The rules in force: the `scheduler`, `desired_retention` and `fuzz` settings, and
    the fitted parameters. What does not apply to the scheduler is left at its default, so
    that changing it rebuilds nothing (a retention under SM-2, say)."""
    from quiz import config

    fuzz = bool(config.get("fuzz"))
    if config.get("scheduler") != "fsrs":
        return Rules(fuzz=fuzz)
    retention = float(config.get("desired_retention"))
    return Rules("fsrs", retention, fitted_parameters(store), fuzz)


def schedule(store: Store) -> Schedule:
    """The policy a grade goes through now (policy.apply under plain SM-2)."""
    return policy.scheduling(rules(store))


def keep_current(store: Store, renames: Mapping[str, str] | None = None) -> int | None:
    """Rebuild the cards if the rules changed since they were last built: how many cards
    changed, None if nothing needed rebuilding (or the database is read-only)."""
    current = rules(store)
    built = store.scheduler_value(BUILT_FOR) or SM2.to_json()
    if built == current.to_json() or store.read_only:
        return None
    return rebuild(store, current, renames)


def rebuild(store: Store, under: Rules, renames: Mapping[str, str] | None = None) -> int:
    """Replay the whole log under these rules into the cards; how many cards changed."""
    scheduled = policy.scheduling(under)

    def replay(reviews: list[Scheduled], cards: dict[str, Card]) -> list[Card]:
        return replayed_cards(reviews, cards, scheduled, renames or {})

    return store.rebuild_cards(replay, marker=(BUILT_FOR, under.to_json()))


def replayed_cards(
    reviews: Iterable[Scheduled],
    cards: Mapping[str, Card],
    schedule: Schedule,
    renames: Mapping[str, str],
) -> list[Card]:
    """The cards whose schedule the log, replayed under `schedule`, changes. A card keeps
    what is not the schedule's (suspension, leech mark, content hash); a card with no
    review in the log (made by `quiz suspend`) keeps everything."""
    by_card = _by_card(reviews, renames)
    changed = []
    for qid, card in cards.items():
        history = by_card.get(qid)
        if not history:
            continue
        after = _replay(qid, history, schedule)
        rebuilt = replace(
            card,
            state=after.state,
            due_day=after.due_day,
            reviewed_day=after.reviewed_day,
            stability=after.stability,
            difficulty=after.difficulty,
        )
        if rebuilt != card:
            changed.append(rebuilt)
    return changed


def replayed(
    reviews: Iterable[Scheduled], schedule: Schedule, renames: Mapping[str, str]
) -> dict[str, Card]:
    """Every card the log's scheduled reviews make, each replayed from new under `schedule`
    (its lapses, leech mark and first day too), by its question's id now: what `quiz sync`
    makes of a log merged from several machines."""
    return {
        qid: _replay(qid, history, schedule) for qid, history in _by_card(reviews, renames).items()
    }


def _replay(qid: str, history: Iterable[Scheduled], schedule: Schedule) -> Card:
    after: Card | None = None
    for review in history:
        after = schedule(after, qid, review.grade, _moment(review), review.day)
    assert after is not None
    return after


def _by_card(
    reviews: Iterable[Scheduled], renames: Mapping[str, str]
) -> dict[str, list[Scheduled]]:
    by_card: dict[str, list[Scheduled]] = defaultdict(list)
    for review in reviews:
        by_card[renames.get(review.question_id, review.question_id)].append(review)
    return by_card


def _moment(review: Scheduled | Review) -> datetime:
    """When a logged review was made; its study day's noon if the time cannot be read (the
    policy keeps the time as the card's last review, and decides nothing by it)."""
    try:
        return datetime.fromisoformat(review.at.replace("Z", "+00:00"))
    except ValueError:
        return datetime.combine(review.day, time(12), tzinfo=timezone.utc)


def histories(
    store: Store, renames: Mapping[str, str] | None = None
) -> dict[str, list[tuple[date, int]]]:
    """Each card's scheduled reviews (study day, grade), oldest first, from the log."""
    return _histories(store.scheduled_reviews(), renames or {})


def _histories(
    reviews: Iterable[Scheduled], renames: Mapping[str, str]
) -> dict[str, list[tuple[date, int]]]:
    return {
        qid: [(review.day, review.grade) for review in reviews]
        for qid, reviews in _by_card(reviews, renames).items()
    }


# -- fitting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Optimized:
    """What `quiz scheduler optimize` did."""

    learnable: int
    """Reviews the optimizer can learn from in the log."""
    needed: int
    """More such reviews needed before fitting (0: it fitted)."""
    parameters: tuple[float, ...] | None = None
    cards: int = 0
    reviews: int = 0
    sampled: bool = False
    log_loss_default: float = math.nan
    log_loss_fitted: float = math.nan
    seconds: float = 0.0
    rebuilt: int | None = None


def optimize(
    store: Store,
    *,
    now: datetime,
    renames: Mapping[str, str] | None = None,
    progress: bool = False,
    budget: int | None = None,
) -> Optimized:
    """Fit FSRS-6 to the student's log with py-fsrs's optimizer, save the parameters and,
    under FSRS, rebuild the cards with them. With too few reviews nothing is fitted (nor
    torch imported), and the defaults stay."""
    from quiz.schedule import fsrs
    from quiz.schedule.evaluate import fsrs_predictor, metrics, score

    logs = histories(store, renames)
    learnable = fsrs.learnable_reviews(logs.values())
    if learnable < fsrs.MIN_FIT_REVIEWS:
        return Optimized(learnable, fsrs.MIN_FIT_REVIEWS - learnable)
    started = timer.perf_counter()
    fit = fsrs.fit(logs, budget=budget or fsrs.FIT_BUDGET, progress=progress)
    seconds = timer.perf_counter() - started
    before = metrics(score(fsrs_predictor(fsrs.Fsrs()), logs)).log_loss
    after = metrics(score(fsrs_predictor(fsrs.Fsrs(fit.parameters)), logs)).log_loss
    store.set_scheduler_value(
        PARAMETERS,
        {
            "parameters": list(fit.parameters),
            "fitted_at": now.isoformat(),
            "reviews": fit.reviews,
            "cards": fit.cards,
        },
    )
    rebuilt = keep_current(store, renames)
    return Optimized(
        learnable,
        0,
        fit.parameters,
        fit.cards,
        fit.reviews,
        fit.sampled,
        before,
        after,
        seconds,
        rebuilt,
    )


def forget_fit(store: Store, renames: Mapping[str, str] | None = None) -> int | None:
    """Drop the fitted parameters: FSRS-6's defaults hold again (cards rebuilt under FSRS)."""
    store.set_scheduler_value(PARAMETERS, None)
    return keep_current(store, renames)


# -- comparing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    key: str
    log_loss: float | None
    rmse_bins: float | None
    note: str = ""


@dataclass(frozen=True)
class Comparison:
    rows: list[Row]
    train_reviews: int
    test_reviews: int
    first_test_day: date
    fitted_on: int
    """Reviews the fitted FSRS was fitted on (0: too few to fit)."""
    verdict: str

    def to_json(self) -> dict[str, Any]:
        return {
            "split": {
                "train_reviews": self.train_reviews,
                "test_reviews": self.test_reviews,
                "first_test_day": self.first_test_day.isoformat(),
                "fitted_on": self.fitted_on,
            },
            "schedulers": [
                {
                    "key": row.key,
                    "name": row.name,
                    "log_loss": row.log_loss,
                    "rmse_bins": row.rmse_bins,
                    "note": row.note or None,
                }
                for row in self.rows
            ],
            "verdict": self.verdict,
        }


def compare(
    store: Store,
    *,
    renames: Mapping[str, str] | None = None,
    budget: int = COMPARE_BUDGET,
    progress: bool = False,
) -> Comparison:
    """SM-2, FSRS-6 with its defaults and FSRS-6 fitted on the earlier part of the log,
    scored on the later part (evaluate.py). QuizError for a log too short to split."""
    from quiz.errors import QuizError
    from quiz.schedule import fsrs
    from quiz.schedule.evaluate import (
        fsrs_predictor,
        metrics,
        score,
        sm2_predictor,
        time_split,
    )

    logs = histories(store, renames)
    try:
        train, first_test = time_split(logs)
    except ValueError:
        raise QuizError(
            "too few reviews to compare the schedulers: the log needs reviews on two days or more"
        ) from None
    sm2_metrics = metrics(score(sm2_predictor, logs, since=first_test))
    if not sm2_metrics.reviews:
        raise QuizError(
            "too few reviews to compare the schedulers: no card was reviewed again after"
            f" {first_test.isoformat()}, where the later part of the log starts"
        )
    default = metrics(score(fsrs_predictor(fsrs.Fsrs()), logs, since=first_test))
    rows = [
        Row("SM-2", "sm2", sm2_metrics.log_loss, sm2_metrics.rmse_bins),
        Row("FSRS-6, default parameters", "fsrs_default", default.log_loss, default.rmse_bins),
    ]
    learnable = fsrs.learnable_reviews(train.values())
    fitted_on = 0
    if learnable >= fsrs.MIN_FIT_REVIEWS:
        fit = fsrs.fit(train, budget=budget, progress=progress)
        fitted = metrics(score(fsrs_predictor(fsrs.Fsrs(fit.parameters)), logs, since=first_test))
        fitted_on = fit.reviews
        rows.append(
            Row("FSRS-6, fitted to your log", "fsrs_fitted", fitted.log_loss, fitted.rmse_bins)
        )
    else:
        missing = fsrs.MIN_FIT_REVIEWS - learnable
        rows.append(
            Row(
                "FSRS-6, fitted to your log",
                "fsrs_fitted",
                None,
                None,
                f"needs {missing} more reviews in the earlier part to fit",
            )
        )
    train_reviews = sum(len(history) for history in train.values())
    return Comparison(
        rows,
        train_reviews,
        sm2_metrics.reviews,
        first_test,
        fitted_on,
        verdict(rows),
    )


def verdict(rows: list[Row]) -> str:
    """One line: which scheduler predicts the student's recall best, and what to do."""
    scored = [row for row in rows if row.log_loss is not None]
    best = min(scored, key=lambda row: row.log_loss or 0.0)
    others = ", ".join(f"{row.name} {row.log_loss:.4f}" for row in scored if row is not best)
    advice = {
        "sm2": "SM-2 suits you: keep `quiz config scheduler sm2`.",
        "fsrs_default": "use it: `quiz config scheduler fsrs`.",
        "fsrs_fitted": "use it: `quiz scheduler optimize`, then `quiz config scheduler fsrs`.",
    }[best.key]
    return (
        f"{best.name} predicts your recall best (log loss {best.log_loss:.4f}; {others}); {advice}"
    )


# -- the workload ahead ----------------------------------------------------------------------


@dataclass(frozen=True)
class Forecast:
    first_day: date
    workloads: dict[str, Any]
    """Scheduler key ("sm2", "fsrs") -> forecast.Workload."""
    cards: int
    student: str
    """Which model plays the student: "fitted" or "default" FSRS parameters."""

    def to_json(self) -> dict[str, Any]:
        return {
            "first_day": self.first_day.isoformat(),
            "days": len(next(iter(self.workloads.values())).daily),
            "cards": self.cards,
            "student_model": f"FSRS-6, {self.student} parameters",
            "schedulers": {
                key: {"daily": list(w.daily), "total": w.total, "peak": w.peak}
                for key, w in self.workloads.items()
            },
        }


def forecast(
    store: Store,
    today: date,
    *,
    question_ids: Iterable[str] | None = None,
    renames: Mapping[str, str] | None = None,
    days: int | None = None,
) -> Forecast:
    """The next `days` (30) days of reviews under SM-2 and under FSRS, from today's cards
    (those of `question_ids`, if given): each scheduler's cards rebuilt from the log, and
    the student played by FSRS with the fitted parameters (or the defaults)."""
    from quiz import config
    from quiz.schedule import forecast as simulation
    from quiz.schedule.fsrs import Fsrs, Memory

    wanted = None if question_ids is None else set(question_ids)
    stored = {
        qid: card
        for qid, card in store.cards().items()
        if (wanted is None or qid in wanted) and card.reviews > 0
    }
    reviews = store.scheduled_reviews()
    fitted = fitted_parameters(store)
    student = Fsrs(fitted)
    fuzz = bool(config.get("fuzz"))
    retention = float(config.get("desired_retention"))
    memory: dict[str, tuple[Memory, date]] = {}
    for qid, history in _histories(reviews, renames or {}).items():
        if qid in stored and history:
            known = student.replay(history)
            assert known is not None
            memory[qid] = (known, history[-1][0])
    workloads = {}
    for key, rules_of in (
        ("sm2", Rules(fuzz=fuzz)),
        ("fsrs", Rules("fsrs", retention, fitted, fuzz)),
    ):
        scheduled = policy.scheduling(rules_of)
        rebuilt = {
            card.question_id: card
            for card in replayed_cards(reviews, stored, scheduled, renames or {})
        }
        cards = {qid: rebuilt.get(qid, card) for qid, card in stored.items()}
        workloads[key] = simulation.simulate(
            cards, memory, scheduled, student, today, days or simulation.DAYS
        )
    return Forecast(today, workloads, len(memory), "fitted" if fitted else "default")


# -- one card under both ---------------------------------------------------------------------


def card_under_both(
    store: Store, question_id: str, earlier_ids: Iterable[str], today: date
) -> dict[str, Any]:
    """The card as SM-2 and as FSRS would have it now, each from its log replayed (the
    rules in force for the rest: fuzz, retention, fitted parameters), with the chance of
    recall each gives today. Empty for a card never reviewed."""
    from quiz import config
    from quiz.schedule.fsrs import default_parameters
    from quiz.schedule.recall import card_recall

    log = store.history(question_id, earlier_ids)
    undone = {review.undoes for review in log if review.undoes is not None}
    history = [review for review in log if review.kind == "review" and review.id not in undone]
    if not history or any(review.grade is None for review in history):
        return {}
    current = rules(store)
    fitted = fitted_parameters(store)
    retention = float(config.get("desired_retention"))
    both: dict[str, Any] = {"active": current.scheduler}
    for key, rules_of in (
        ("sm2", Rules(fuzz=current.fuzz)),
        ("fsrs", Rules("fsrs", retention, fitted, current.fuzz)),
    ):
        scheduled = policy.scheduling(rules_of)
        card: Card | None = None
        for review in history:
            assert review.grade is not None
            card = scheduled(card, question_id, review.grade, _moment(review), review.day)
        assert card is not None
        both[key] = card
        decay = (fitted or default_parameters())[20]
        both[f"{key}_recall"] = card_recall(card, today, key, decay)
    return both
