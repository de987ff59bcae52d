"""FSRS-6 through py-fsrs (the `fsrs` package), set up for study days; and its optimizer.

What this module decides, and py-fsrs does not:
- Grades: SM-2's 0-5 become FSRS ratings as srs-benchmark maps SuperMemo's grades: 0-2
  Again, 3 Hard, 4 Good, 5 Easy. Recall (for fitting and scoring) is a grade of 3 or more.
- Days, not minutes: quiz schedules a card at most once a study day (same-day repeats are
  drills, which leave the schedule alone). So the scheduler has no learning or relearning
  steps (every review yields an interval of whole days) and no fuzz of its own (quiz's is
  deterministic, policy.py), and each review is dated at midnight UTC of its study day, so
  that py-fsrs's elapsed `.days` is exactly the number of study days between two reviews.
- Its optimizer is a loop over every review in torch, a few milliseconds each: a log
  longer than the fitting budget is fitted on whole card histories drawn at random (seeded,
  so the same log gives the same parameters).

`fsrs` is imported inside the functions, never at module level: `quiz --help`, and a review
under SM-2, never load it; the optimizer (torch, pandas) is loaded only to fit.
"""

from __future__ import annotations

import collections
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from quiz.errors import QuizError
from quiz.schedule import sm2

if TYPE_CHECKING:
    import fsrs

RATING_OF_GRADE = (1, 1, 1, 2, 3, 4)
"""The FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) of each SM-2 grade 0..5."""
MIN_FIT_REVIEWS = 512
"""Reviews the optimizer learns from (a card's reviews after its first, on a later day than
the one before) below which py-fsrs keeps the defaults: one of its mini-batches."""
FIT_SEQUENCE = 64
"""The optimizer reads at most the first 64 reviews of each card (py-fsrs `max_seq_len`)."""
FIT_BUDGET = 10_000
"""Reviews fitted at most. py-fsrs's optimizer takes 3-4 ms of CPU a review (5 passes of
scalar torch autograd, each followed by a pass to score it), so 10,000 fit in well under a
minute on 2 cores; it takes one Adam step per 512 reviews, and 100 steps bring FSRS-6's 21
parameters close to where the whole log would."""

History = Sequence[tuple[date, int]]
"""A card's scheduled reviews, oldest first: (study day, grade 0..5)."""


def rating(grade: int) -> int:
    """The FSRS rating of an SM-2 grade."""
    return RATING_OF_GRADE[grade]


def recalled(grade: int) -> bool:
    """Whether a grade counts as recalled: FSRS's Again is a failure, the rest recall."""
    return grade >= sm2.PASSING_GRADE


def moment(day: date) -> datetime:
    """A study day as py-fsrs wants a review time: midnight UTC of that day."""
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def default_parameters() -> tuple[float, ...]:
    """FSRS-6's 21 default parameters, as py-fsrs has them."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(DEFAULT_PARAMETERS)


@dataclass(frozen=True)
class Memory:
    """A card's FSRS memory after a review, and the interval it earns."""

    stability: float
    difficulty: float
    interval: int


class Fsrs:
    """py-fsrs's Scheduler with quiz's setup: days, no steps, no fuzz of its own."""

    def __init__(
        self, parameters: Sequence[float] | None = None, desired_retention: float = 0.9
    ) -> None:
        import fsrs

        self.parameters = tuple(parameters) if parameters else default_parameters()
        self.desired_retention = desired_retention
        self._fsrs = fsrs
        self.scheduler = fsrs.Scheduler(
            parameters=self.parameters,
            desired_retention=desired_retention,
            learning_steps=(),
            relearning_steps=(),
            maximum_interval=sm2.MAX_INTERVAL,
            enable_fuzzing=False,
        )

    @property
    def decay(self) -> float:
        """w20, the forgetting curve's decay."""
        return self.parameters[20]

    def review(
        self,
        stability: float | None,
        difficulty: float | None,
        last: date | None,
        grade: int,
        day: date,
    ) -> Memory:
        """The memory after grading on `day` a card last reviewed on `last` with this
        memory (None: a card FSRS has not seen)."""
        fsrs = self._fsrs
        if stability is None or difficulty is None or last is None:
            card = fsrs.Card(card_id=0, due=moment(day))
        else:
            card = fsrs.Card(
                card_id=0,
                state=fsrs.State.Review,
                stability=stability,
                difficulty=difficulty,
                due=moment(day),
                last_review=moment(last),
            )
        after, _ = self.scheduler.review_card(card, fsrs.Rating(rating(grade)), moment(day))
        assert after.stability is not None and after.difficulty is not None
        interval = (after.due - moment(day)).days
        return Memory(float(after.stability), float(after.difficulty), interval)

    def replay(self, history: History) -> Memory | None:
        """The memory a card's whole history leaves; None for no history."""
        card = collections.deque(self._cards(history), maxlen=1)[0] if history else None
        if card is None or card.stability is None or card.difficulty is None:
            return None
        last = card.last_review
        assert last is not None
        return Memory(float(card.stability), float(card.difficulty), (card.due - last).days)

    def stabilities(self, history: History) -> Iterator[float | None]:
        """The stability each review of a history finds the card with (None: its first)."""
        yield None
        for card in self._cards(history[:-1]):
            yield None if card.stability is None else float(card.stability)

    def _cards(self, history: History) -> Iterator[fsrs.Card]:
        """py-fsrs's card after each review of a history (one object carried through, not
        one rebuilt from the memory each time: replaying a log is 2-3 times faster)."""
        ratings = [self._fsrs.Rating(r) for r in (1, 2, 3, 4)]
        card = self._fsrs.Card(card_id=0)
        for day, grade in history:
            card, _ = self.scheduler.review_card(card, ratings[rating(grade) - 1], moment(day))
            yield card


def learnable_reviews(histories: Iterable[History]) -> int:
    """The reviews the optimizer learns from: each after a card's first, on a later day than
    the one before it, among the first FIT_SEQUENCE of each card."""
    count = 0
    for history in histories:
        days = [day for day, _ in history[:FIT_SEQUENCE]]
        count += sum(later > earlier for earlier, later in zip(days, days[1:], strict=False))
    return count


@dataclass(frozen=True)
class Fit:
    """What fitting gave: the parameters, and how much of the log they were fitted on."""

    parameters: tuple[float, ...]
    cards: int
    reviews: int
    """Reviews handed to the optimizer (at most FIT_SEQUENCE a card)."""
    sampled: bool
    """Whether the log was longer than the budget, and cards were drawn from it."""


def fit(
    histories: Mapping[str, History],
    *,
    budget: int = FIT_BUDGET,
    seed: int = 0,
    progress: bool = False,
) -> Fit:
    """FSRS-6 parameters fitted to these card histories by py-fsrs's Optimizer.

    ValueError when fewer than MIN_FIT_REVIEWS reviews can be learned from (the caller says
    how many more are needed). `progress` shows the optimizer's own bar (tqdm, on stderr).
    """
    if learnable_reviews(histories.values()) < MIN_FIT_REVIEWS:
        raise ValueError("too few reviews to fit")
    chosen = _within_budget(histories, budget, seed)
    import fsrs

    logs = [
        fsrs.ReviewLog(
            card_id=number,
            rating=fsrs.Rating(rating(grade)),
            review_datetime=moment(day),
            review_duration=None,
        )
        for number, card in enumerate(chosen, start=1)
        for day, grade in histories[card][:FIT_SEQUENCE]
    ]
    try:
        optimizer = fsrs.Optimizer(logs)
    except ImportError:  # py-fsrs's stand-in when pandas, tqdm or torch is missing
        raise QuizError(
            "fitting FSRS needs py-fsrs's optimizer: pip install 'fsrs[optimizer]>=6,<7'"
        ) from None
    parameters = optimizer.compute_optimal_parameters(verbose=progress)
    return Fit(
        tuple(float(p) for p in parameters), len(chosen), len(logs), chosen != list(histories)
    )


def _within_budget(histories: Mapping[str, History], budget: int, seed: int) -> list[str]:
    """The cards to fit on: all of them if their reviews fit the budget, else whole
    histories drawn at random until it is spent (in the log's order)."""
    sizes = {card: min(len(history), FIT_SEQUENCE) for card, history in histories.items()}
    if sum(sizes.values()) <= budget:
        return list(histories)
    order = list(histories)
    random.Random(seed).shuffle(order)
    chosen: set[str] = set()
    spent = 0
    for card in order:
        if spent + sizes[card] > budget:
            continue
        chosen.add(card)
        spent += sizes[card]
    return [card for card in histories if card in chosen]
