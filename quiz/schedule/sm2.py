"""SM-2 (Wozniak, SuperMemo 2, 1990): a card's next interval from its state and a grade.

Pure functions, no clock and no I/O. Where the published text leaves a choice open, the choice
is written next to the code. EF is kept as a Decimal in hundredths, so 6 × 1.5 is exactly 9
and never 10 after a float rounding up.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from quiz.model import HUNDREDTH, CardState

MIN_EASINESS = Decimal("1.30")
PASSING_GRADE = 3
FIRST_INTERVAL = 1
SECOND_INTERVAL = 6
MAX_INTERVAL = 36_500
"""Intervals stop growing at 100 years: SM-2 sets no ceiling, but calendar dates have one."""


def next_easiness(easiness: Decimal, quality: int) -> Decimal:
    """EF' = EF + (0.1 − (5−q)(0.08 + (5−q)·0.02)), never below 1.3."""
    miss = 5 - quality
    changed = easiness + Decimal("0.1") - miss * (Decimal("0.08") + miss * Decimal("0.02"))
    # The floor applies after every grade, failures included, as SuperMemo 2 states it.
    return max(MIN_EASINESS, changed.quantize(HUNDREDTH))


def review(state: CardState, quality: int) -> CardState:
    """The state after grading a card `quality` (0..5)."""
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be an integer from 0 to 5, got {quality!r}")
    easiness = next_easiness(state.easiness, quality)
    if quality < PASSING_GRADE:
        return CardState(easiness, FIRST_INTERVAL, 0)
    repetitions = state.repetitions + 1
    if repetitions == 1:
        interval = FIRST_INTERVAL
    elif repetitions == 2:
        interval = SECOND_INTERVAL
    else:
        # I(n) = I(n−1) × EF uses the EF from before this review's update (SM-2 step 4
        # multiplies by the factor the card had when it came up), rounded up to a whole day.
        exact = state.interval * state.easiness
        interval = min(MAX_INTERVAL, int(exact.to_integral_value(rounding=ROUND_CEILING)))
    return CardState(easiness, interval, repetitions)
