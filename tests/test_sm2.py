from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.schedule.policy import suggest_grade
from quiz.schedule.sm2 import MAX_INTERVAL, MIN_EASINESS, CardState, next_easiness, review


def run(grades, state=None):
    state = state or CardState()
    history = []
    for grade in grades:
        state = review(state, grade)
        history.append((state.interval, str(state.easiness), state.repetitions))
    return history


# Each row worked out by hand from DESIGN.md's rules:
#   EF' = EF + 0.1 - (5-q)(0.08 + (5-q)*0.02), floor 1.3; q>=3: I1=1, I2=6, In=ceil(I(n-1)*EF_old);
#   q<3: repetitions restart, interval 1.
@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        # Perfect recall: EF climbs 0.1 a time; I3 = ceil(6*2.7=16.2) = 17 (EF before the
        # third update is 2.7); I4 = ceil(17*2.8=47.6) = 48.
        ([5, 5, 5, 5], [(1, "2.60", 1), (6, "2.70", 2), (17, "2.80", 3), (48, "2.90", 4)]),
        # Grade 4 leaves EF at 2.5: 6*2.5 = 15 exactly; 15*2.5 = 37.5 -> 38.
        ([4, 4, 4, 4], [(1, "2.50", 1), (6, "2.50", 2), (15, "2.50", 3), (38, "2.50", 4)]),
        # Grade 3 costs 0.14 each time: 2.36, 2.22, 2.08; I3 = ceil(6*2.22) = ceil(13.32) = 14.
        ([3, 3, 3], [(1, "2.36", 1), (6, "2.22", 2), (14, "2.08", 3)]),
        # A failure restarts the repetitions but keeps the lowered EF: 2.5-0.54 = 1.96.
        (
            [4, 4, 1, 4, 4, 4],
            [
                (1, "2.50", 1),
                (6, "2.50", 2),
                (1, "1.96", 0),
                (1, "1.96", 1),
                (6, "1.96", 2),
                (12, "1.96", 3),  # ceil(6*1.96=11.76) = 12
            ],
        ),
        # Blackouts hit the floor: 2.5-0.8 = 1.7, then 0.9 -> 1.3, and it stays there.
        ([0, 0, 0], [(1, "1.70", 0), (1, "1.30", 0), (1, "1.30", 0)]),
        # From the floor, grade 5 raises EF again: 1.3 -> 1.4; I3 uses EF before the update.
        (
            [0, 0, 5, 5, 5],
            [
                (1, "1.70", 0),
                (1, "1.30", 0),
                (1, "1.40", 1),
                (6, "1.50", 2),
                (9, "1.60", 3),
            ],
        ),  # ceil(6 * 1.5) = 9: with a float EF of 1.5000000000000002 it would be 10
        # Grade 2 is a failure too: -0.32 each, repetitions back to 0.
        ([5, 2], [(1, "2.60", 1), (1, "2.28", 0)]),
    ],
)
def test_grade_sequences(grades, expected):
    assert run(grades) == expected


def test_keeping_the_suggested_grade_of_right_answers_leaves_the_easiness_alone():
    # The issue: Enter out of habit on a quick right answer kept a suggested 5, and the
    # easiness of one card climbed 2.5 -> 2.6 -> 2.7 at every review.
    right = int(suggest_grade(True))
    assert run([right] * 4) == [(1, "2.50", 1), (6, "2.50", 2), (15, "2.50", 3), (38, "2.50", 4)]


def test_float_drift_would_round_one_day_too_far():
    # 1.3 + 0.1 + 0.1 in floats is 1.5000000000000002, and 6 * that rounds up to 10.
    assert 6 * (1.3 + 0.1 + 0.1) > 9
    state = CardState(easiness=1.5, interval=6, repetitions=2)
    assert review(state, 4).interval == 9


def test_float_easiness_is_taken_exactly():
    assert CardState(easiness=1.3 + 0.1 + 0.1).easiness == Decimal("1.50")
    assert CardState().easiness == Decimal("2.50")


def test_interval_is_capped_at_a_hundred_years():
    state = CardState()
    for _ in range(60):
        state = review(state, 5)
    assert state.interval == MAX_INTERVAL == 36_500


@pytest.mark.parametrize("quality", [-1, 6, 2.5, "4", None, True])
def test_invalid_quality_is_refused(quality):
    with pytest.raises(ValueError, match="quality must be an integer from 0 to 5"):
        review(CardState(), quality)


def test_state_is_frozen():
    with pytest.raises(AttributeError):
        CardState().interval = 3


@pytest.mark.parametrize(
    ("quality", "delta"),
    [(5, "0.10"), (4, "0.00"), (3, "-0.14"), (2, "-0.32"), (1, "-0.54"), (0, "-0.80")],
)
def test_easiness_change_per_grade(quality, delta):
    assert next_easiness(Decimal("2.50"), quality) == Decimal("2.50") + Decimal(delta)


grades = st.lists(st.integers(0, 5), min_size=1, max_size=40)


@given(grades)
def test_easiness_never_below_floor(sequence):
    state = CardState()
    for grade in sequence:
        state = review(state, grade)
        assert state.easiness >= MIN_EASINESS
        assert state.easiness == state.easiness.quantize(Decimal("0.01"))


@given(grades, st.integers(3, 5))
def test_passing_never_shrinks_interval_once_learned(sequence, passing):
    state = CardState()
    for grade in sequence:
        state = review(state, grade)
    after = review(state, passing)
    assert after.repetitions == state.repetitions + 1
    if state.repetitions >= 1:
        assert after.interval >= state.interval


@given(grades)
def test_failure_always_restarts(sequence):
    state = CardState()
    for grade in sequence:
        state = review(state, grade)
    failed = review(state, 1)
    assert (failed.interval, failed.repetitions) == (1, 0)
