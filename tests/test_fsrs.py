"""Two schedulers on one log: FSRS-6 through py-fsrs in study days, the fuzz, cards rebuilt
from the log, fitting, comparing and the forecast, and the commands that show them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import REPO, quiz
from quiz.model import Card, CardState
from quiz.schedule import evaluate, policy, sm2
from quiz.schedule.evaluate import Scored
from quiz.schedule.fsrs import (
    MIN_FIT_REVIEWS,
    Fsrs,
    Memory,
    learnable_reviews,
    moment,
    rating,
)
from quiz.schedule.policy import Rules
from quiz.schedule.recall import FSRS6_DEFAULT_DECAY
from quiz.study import schedulers

fsrs = pytest.importorskip("fsrs")

DAY = date(2025, 3, 3)
NOW = datetime(2025, 3, 3, 18, tzinfo=timezone.utc)


def grade_days(store, question_id: str, grades: list[int], start: date = DAY, schedule=None):
    """Grade a card on each day it falls due, as a student would; the days graded."""
    days = []
    day = start
    for grade in grades:
        now = datetime.combine(day, NOW.timetz())
        recorded = store.record(
            question_id, grade, now=now, day=day, schedule=schedule or policy.apply
        )
        days.append(day)
        day = recorded.after.due_day
    return days


# -- the mapping and py-fsrs's setup ------------------------------------------------------------


def test_grades_map_to_ratings_as_srs_benchmark_maps_supermemo():
    assert [rating(g) for g in range(6)] == [1, 1, 1, 2, 3, 4]
    assert [fsrs.Rating(rating(g)).name for g in (0, 2, 3, 4, 5)] == [
        "Again",
        "Again",
        "Hard",
        "Good",
        "Easy",
    ]


def test_constants_agree_with_py_fsrs():
    from fsrs.optimizer import max_seq_len, mini_batch_size
    from fsrs.scheduler import DEFAULT_PARAMETERS, FSRS_DEFAULT_DECAY

    from quiz.schedule.fsrs import FIT_SEQUENCE

    assert FSRS6_DEFAULT_DECAY == FSRS_DEFAULT_DECAY == DEFAULT_PARAMETERS[20]
    assert MIN_FIT_REVIEWS == mini_batch_size
    assert FIT_SEQUENCE == max_seq_len


def test_every_review_gives_whole_days_with_no_learning_steps():
    model = Fsrs()
    first = model.review(None, None, None, 4, DAY)
    assert first.stability == pytest.approx(fsrs.Scheduler().parameters[2])
    assert first.interval >= 1
    # A failure comes back the next day or later, never in minutes: no relearning steps.
    failed = model.review(first.stability, first.difficulty, DAY, 1, DAY + timedelta(days=2))
    assert failed.interval >= 1
    assert failed.stability < first.stability


def test_review_equals_py_fsrs_review_card_at_midnight_of_each_day():
    model = Fsrs(desired_retention=0.85)
    reference = fsrs.Scheduler(
        desired_retention=0.85, learning_steps=(), relearning_steps=(), enable_fuzzing=False
    )
    card = fsrs.Card()
    memory: Memory | None = None
    last = None
    day = DAY
    for grade in (4, 3, 5, 0, 4, 4):
        card, _ = reference.review_card(card, fsrs.Rating(rating(grade)), moment(day))
        memory = model.review(
            memory.stability if memory else None,
            memory.difficulty if memory else None,
            last,
            grade,
            day,
        )
        assert memory.stability == pytest.approx(card.stability, abs=1e-12)
        assert memory.difficulty == pytest.approx(card.difficulty, abs=1e-12)
        assert day + timedelta(days=memory.interval) == card.due.date()
        last, day = day, card.due.date() + timedelta(days=1)  # reviewed a day late
    assert model.replay([(DAY, 4)]) == model.review(None, None, None, 4, DAY)


def test_a_higher_desired_retention_gives_shorter_intervals():
    strict, relaxed = Fsrs(desired_retention=0.95), Fsrs(desired_retention=0.8)
    history = [(DAY, 4), (DAY + timedelta(days=3), 4), (DAY + timedelta(days=12), 4)]
    assert strict.replay(history).interval < relaxed.replay(history).interval


# -- the policy: SM-2 exact under either scheduler, FSRS's due day, the fuzz ---------------------


def test_fsrs_sets_the_due_day_and_sm2_stays_exact_beside_it():
    schedule = policy.scheduling(Rules("fsrs"))
    card = None
    day = DAY
    sm2_state = CardState()
    history = []
    for grade in (4, 4, 3, 5, 1, 4):
        card = schedule(card, "q", grade, NOW, day)
        history.append((day, grade))
        sm2_state = sm2.review(sm2_state, grade)
        assert card.state == sm2_state
        assert card.stability is not None and 1 <= card.difficulty <= 10
        assert card.reviewed_day == day
        memory = Fsrs().replay(history)
        assert card.stability == pytest.approx(memory.stability)
        assert card.due_day == day + timedelta(days=memory.interval)
        day = card.due_day


def test_sm2_keeps_no_fsrs_memory_and_is_plain_apply():
    assert policy.scheduling(Rules()) is policy.apply
    card = policy.apply(None, "q", 4, NOW, DAY)
    assert (card.stability, card.difficulty, card.reviewed_day) == (None, None, DAY)


@pytest.mark.parametrize("interval", [1, 2, 3])
def test_the_fuzz_leaves_short_intervals_alone(interval):
    assert {policy.fuzzed(interval, f"q{n}", DAY) for n in range(50)} == {interval}


@pytest.mark.parametrize("interval", [4, 9, 20, 60, 300])
def test_the_fuzz_spreads_within_five_percent_or_a_day(interval):
    spread = max(1, round(interval * 0.05))
    moved = [policy.fuzzed(interval, f"q{n}", DAY) for n in range(200)]
    assert min(moved) == interval - spread and max(moved) == interval + spread
    assert moved == [policy.fuzzed(interval, f"q{n}", DAY) for n in range(200)]


def test_the_fuzz_moves_the_due_day_but_not_sm2s_intervals():
    fuzzy = policy.scheduling(Rules(fuzz=True))
    plain = policy.apply
    a = b = None
    for grade in (4, 4, 4, 4, 4):
        a = plain(a, "q", grade, NOW, DAY)
        b = fuzzy(b, "q", grade, NOW, DAY)
        assert a.state == b.state
    assert a.state.interval > 3
    due_days = {fuzzy(b, f"q{n}", 4, NOW, DAY).due_day for n in range(30)}
    assert len(due_days) > 1


# -- the store: the new columns, and cards rebuilt from the log ----------------------------------


def test_card_fsrs_fields_round_trip_through_the_store_and_the_log(store):
    schedule = policy.scheduling(Rules("fsrs"))
    recorded = store.record("q", 4, now=NOW, day=DAY, schedule=schedule)
    assert store.card("q") == recorded.after
    assert recorded.after.stability is not None
    (row,) = store.history("q")
    assert row.after == recorded.after


def test_old_logged_states_read_back_without_fsrs_fields():
    text = json.dumps(
        {
            "easiness": "2.50",
            "interval": 6,
            "repetitions": 2,
            "due_day": "2025-03-09",
            "lapses": 0,
            "suspended": False,
            "leech": False,
            "reviews": 2,
            "introduced_day": "2025-03-02",
            "last_reviewed_at": None,
        }
    )
    card = Card.from_json("q", text)
    assert (card.stability, card.difficulty, card.reviewed_day) == (None, None, None)


def test_switching_scheduler_and_back_loses_nothing(store, monkeypatch):
    for n, grades in enumerate(([4, 4, 3, 4], [1, 4, 4, 5, 4], [5, 2, 4])):
        grade_days(store, f"q{n}", grades)
    store.set_suspended("q2", True, day=DAY)
    before = store.cards()
    monkeypatch.setattr(schedulers, "rules", lambda _: Rules("fsrs"))
    assert schedulers.keep_current(store) == 3
    under_fsrs = store.cards()
    assert all(card.stability is not None for card in under_fsrs.values())
    assert under_fsrs["q2"].suspended
    assert [c.state for c in under_fsrs.values()] == [c.state for c in before.values()]
    assert schedulers.keep_current(store) is None  # built for these rules already
    monkeypatch.setattr(schedulers, "rules", lambda _: Rules())
    assert schedulers.keep_current(store) == 3
    assert store.cards() == before


def test_a_rebuild_skips_drills_and_undone_reviews(store):
    store.record("q", 4, now=NOW, day=DAY, schedule=policy.apply)
    store.record("q", 1, now=NOW, day=DAY, kind="drill", schedule=policy.apply)
    later = DAY + timedelta(days=1)
    undone = store.record("q", 1, now=NOW, day=later, schedule=policy.apply)
    store.undo(undone.review_id, now=NOW, day=later)
    assert [(r.day, r.grade) for r in store.scheduled_reviews()] == [(DAY, 4)]
    schedulers.rebuild(store, Rules("fsrs"))
    card = store.card("q")
    assert card.reviews == 1
    assert card.stability == pytest.approx(Fsrs().replay([(DAY, 4)]).stability)


def test_a_rebuild_follows_renamed_questions(store):
    grade_days(store, "old-id", [4, 4])
    store.follow_renames({"old-id": "new-id"})
    schedulers.rebuild(store, Rules("fsrs"), {"old-id": "new-id"})
    assert store.card("new-id").stability is not None


def test_rules_come_from_the_settings_and_the_fitted_parameters(store):
    assert schedulers.rules(store) == Rules()
    quiz("config", "desired_retention", "0.85")
    assert schedulers.rules(store) == Rules()  # no effect under SM-2: nothing to rebuild
    quiz("config", "scheduler", "fsrs")
    quiz("config", "fuzz", "on")
    store.set_scheduler_value(schedulers.PARAMETERS, {"parameters": [0.5] * 21})
    assert schedulers.rules(store) == Rules("fsrs", 0.85, (0.5,) * 21, True)


# -- the settings and commands -----------------------------------------------------------------


def test_scheduler_settings_are_checked():
    result = quiz("config", "scheduler", "anki")
    assert result.exit_code == 1
    assert "error: scheduler must be sm2 or fsrs, not 'anki'" in result.output
    result = quiz("config", "desired_retention", "0.5")
    assert result.exit_code == 1
    assert "desired_retention must be a chance from 0.70 to 0.99" in result.output
    assert quiz("config", "desired_retention", "85%").output.startswith("desired_retention = 0.85")
    result = quiz("config", "fuzz", "maybe")
    assert "error: fuzz must be on or off, not 'maybe'" in result.output


def test_config_scheduler_reschedules_the_cards_from_the_log(quiz_env):
    from quiz.paths import database_path
    from quiz.store import Store

    db = Store(database_path())
    grade_days(db, "q", [4, 4, 4])
    db.close()
    result = quiz("config", "scheduler", "fsrs")
    assert result.exit_code == 0
    assert "Rescheduled 1 card from the review log under FSRS-6." in result.output
    assert Store(database_path()).card("q").stability is not None
    assert (
        "Rescheduled 1 card from the review log under SM-2."
        in quiz("config", "scheduler", "--unset").output
    )
    assert Store(database_path()).card("q").stability is None


def test_optimize_with_too_few_reviews_keeps_the_defaults(quiz_env):
    from quiz.paths import database_path
    from quiz.store import Store

    db = Store(database_path())
    grade_days(db, "q", [4, 4, 4, 4])
    db.close()
    result = quiz("scheduler", "optimize")
    assert result.exit_code == 0, result.output
    assert "Not enough reviews to fit FSRS yet: 3 of the 512 needed" in result.output
    assert "509 more to go" in result.output
    assert Store(database_path()).scheduler_value(schedulers.PARAMETERS) is None


def test_optimize_with_too_few_reviews_never_imports_torch(quiz_env):
    code = (
        "import sys; from quiz.store import Store; from quiz.study import schedulers;"
        "from datetime import datetime, timezone;"
        "r = schedulers.optimize(Store(), now=datetime.now(timezone.utc));"
        "print(r.needed, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.split() == ["512", "False"], out.stderr


def test_compare_needs_a_log_to_split():
    result = quiz("scheduler", "compare")
    assert result.exit_code == 1
    assert result.output == (
        "error: too few reviews to compare the schedulers: the log needs reviews on two days"
        " or more\n"
    )


def test_compare_without_enough_to_fit_still_scores_sm2_and_default_fsrs(quiz_env):
    from quiz.paths import database_path
    from quiz.store import Store

    db = Store(database_path())
    for n in range(5):
        grade_days(db, f"q{n}", [4, 4, 1, 4, 4, 4])
    db.close()
    result = quiz("scheduler", "compare", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    keys = [row["key"] for row in figures["schedulers"]]
    assert keys == ["sm2", "fsrs_default", "fsrs_fitted"]
    assert figures["schedulers"][2]["log_loss"] is None
    assert "more reviews in the earlier part to fit" in figures["schedulers"][2]["note"]
    assert figures["split"]["fitted_on"] == 0
    assert "predicts your recall best" in figures["verdict"]
    table = quiz("scheduler", "compare").output
    assert "SM-2" in table and "RMSE(bins)" in table


def test_show_shows_the_card_under_both_schedulers(quiz_env, mini_bank):
    from quiz.paths import database_path
    from quiz.store import Store

    qid = "mini-num"
    db = Store(database_path())
    grade_days(db, qid, [4, 4])
    db.close()
    result = quiz("show", qid, "--bank", str(mini_bank), QUIZ_NOW="2025-03-10")
    assert result.exit_code == 0, result.output
    assert "Schedulers (in use: SM-2)" in result.output
    assert "EF 2.50, interval 6 d" in result.output
    assert "stability" in result.output


def test_stats_forecast_simulates_both_schedulers(quiz_env):
    from quiz.paths import database_path
    from quiz.store import Store

    db = Store(database_path())
    for n in range(8):
        grade_days(db, f"q{n}", [4, 4, 4])
    db.close()
    result = quiz("stats", "--forecast", "--json", QUIZ_NOW="2025-03-20")
    assert result.exit_code == 0, result.output
    forecast = json.loads(result.output)["forecast"]
    assert forecast["cards"] == 8 and forecast["days"] == 30
    for key in ("sm2", "fsrs"):
        daily = forecast["schedulers"][key]["daily"]
        assert len(daily) == 30 and sum(daily) == forecast["schedulers"][key]["total"] > 0
    text = quiz("stats", "--forecast", QUIZ_NOW="2025-03-20").output
    assert "FSRS-6" in text and "peak day" in text


def test_the_forecast_is_the_same_on_every_run(store):
    for n in range(6):
        grade_days(store, f"q{n}", [4, 3, 4])
    first = schedulers.forecast(store, DAY + timedelta(days=20))
    again = schedulers.forecast(store, DAY + timedelta(days=20))
    assert first == again and first.cards == 6


# -- evaluation: the metrics and the split ------------------------------------------------------


def test_log_loss_and_rmse_bins_by_hand():
    scored = [Scored(0.9, True, 3, 2, 0), Scored(0.9, False, 3, 2, 0)]
    figures = evaluate.metrics(scored)
    assert figures.log_loss == pytest.approx(
        (-__import__("math").log(0.9) - __import__("math").log(0.1)) / 2
    )
    # One bin: mean prediction 0.9, mean outcome 0.5.
    assert figures.rmse_bins == pytest.approx(0.4)
    apart = [Scored(0.9, True, 1, 2, 0), Scored(0.9, False, 30, 2, 0)]
    # Two bins (1 day, 30 days): gaps 0.1 and 0.9, one review each.
    assert evaluate.metrics(apart).rmse_bins == pytest.approx(((0.01 + 0.81) / 2) ** 0.5)


def test_sm2_predictions_read_the_interval_as_the_day_recall_is_ninety_percent():
    history = [(DAY, 4), (DAY + timedelta(days=1), 4), (DAY + timedelta(days=13), 4)]
    assert list(evaluate.sm2_predictor(history)) == [None, pytest.approx(0.9), pytest.approx(0.81)]


def test_the_split_is_by_time_and_fits_on_nothing_later():
    histories = {
        "a": [(DAY + timedelta(days=d), 4) for d in (0, 1, 7, 20)],
        "b": [(DAY + timedelta(days=d), 4) for d in (5, 6, 12, 30)],
    }
    train, first = evaluate.time_split(histories)
    assert all(day < first for history in train.values() for day, _ in history)
    assert first == DAY + timedelta(days=12)
    scored = evaluate.score(evaluate.sm2_predictor, histories, since=first)
    assert len(scored) == 3  # a on day 20, b on days 12 and 30


def test_learnable_reviews_count_later_days_only():
    assert learnable_reviews([[(DAY, 4), (DAY, 1), (DAY + timedelta(days=1), 4)]]) == 1


# -- start-up --------------------------------------------------------------------------------


def test_sm2_reviews_never_import_fsrs():
    code = (
        "import sys; from quiz.store import Store; from quiz.study import schedulers;"
        "import quiz.cli;"
        "s = Store(); schedulers.keep_current(s); schedulers.schedule(s);"
        "print('fsrs' in sys.modules, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.split() == ["False", "False"], out.stderr


# -- fitting (torch) ---------------------------------------------------------------------------


@pytest.mark.slow
def test_optimize_fits_saves_and_reschedules(store, monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    import student

    log = student.study(cards=80, days=150, new_per_day=8)
    store.import_rows(student.card_rows(log), student.rows(log))
    monkeypatch.setattr(
        schedulers, "rules", lambda s: Rules("fsrs", parameters=schedulers.fitted_parameters(s))
    )
    result = schedulers.optimize(store, now=NOW, budget=1500)
    assert result.needed == 0 and len(result.parameters) == 21
    assert result.parameters != Fsrs().parameters
    assert result.log_loss_fitted < result.log_loss_default
    saved = store.scheduler_value(schedulers.PARAMETERS)
    assert saved["parameters"] == list(result.parameters) and saved["reviews"] == result.reviews
    assert result.rebuilt == 80
    assert schedulers.forget_fit(store) == 80
    assert store.scheduler_value(schedulers.PARAMETERS) is None
    first = student.histories(log)["card-00000"]
    assert store.card("card-00000").stability == pytest.approx(Fsrs().replay(first).stability)
