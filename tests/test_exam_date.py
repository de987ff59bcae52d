"""An exam date: no interval jumps past it, every learned card comes back in the last pass,
new cards are paced to be seen in time, the plan `quiz stats` shows, and the settings and
options that set it. Hand-built cards whose right days are worked out in the comments."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from itertools import cycle

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from hypothesis import given
from hypothesis import strategies as st

from conftest import quiz, six_numeric_questions
from quiz.bank.catalog import load_catalog
from quiz.config import config_path
from quiz.model import Card, CardState
from quiz.schedule import examdate, policy
from quiz.schedule.examdate import (
    Exam,
    ExamDates,
    before_exams,
    capped_card,
    capped_due,
    effective_due,
    introduction_days,
    last_pass_day,
    new_per_day,
)
from quiz.study import exam as mock
from quiz.study import examplan
from quiz.study.session import Session

d = date.fromisoformat
EXAM = Exam(d("2027-01-15"), 7)  # the last pass: 2027-01-08 to 2027-01-15
NOW = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)


def clock():
    return NOW


# -- the rules ----------------------------------------------------------------------------


def test_the_last_pass_is_the_days_before_the_exam_and_the_exam_day():
    assert EXAM.last_pass_start == d("2027-01-08")
    assert EXAM.ahead(d("2027-01-15")) and not EXAM.ahead(d("2027-01-16"))
    # Each card has one day in it, by a CRC-32 of its id: q1 % 8 = 2, q3 % 8 = 6, q2 % 8 = 0.
    assert last_pass_day("q1", EXAM) == d("2027-01-10")
    assert last_pass_day("q3", EXAM) == d("2027-01-14")
    assert last_pass_day("q2", EXAM) == d("2027-01-08")


@pytest.mark.parametrize(
    ("due", "reviewed", "exam", "expected"),
    [
        ("2027-02-20", "2026-12-20", None, "2027-02-20"),  # no exam: as scheduled
        ("2027-01-15", "2026-12-20", EXAM, "2027-01-15"),  # due on the exam day: kept
        ("2027-01-09", "2026-12-20", EXAM, "2027-01-09"),  # due in the last pass: kept
        ("2027-01-16", "2026-12-20", EXAM, "2027-01-10"),  # one day past: q1's day of the pass
        ("2027-06-01", "2027-01-07", EXAM, "2027-01-10"),  # reviewed the day before the pass
        ("2027-06-01", "2027-01-08", EXAM, "2027-06-01"),  # reviewed in the pass: free to go
        ("2027-06-01", "2027-01-15", EXAM, "2027-06-01"),  # reviewed on the exam day
        ("2027-06-01", "2027-01-20", EXAM, "2027-06-01"),  # after the exam: normal schedule
    ],
)
def test_a_due_day_past_the_exam_is_brought_into_the_last_pass(due, reviewed, exam, expected):
    assert capped_due("q1", d(due), d(reviewed), exam) == d(expected)


def test_a_capped_card_keeps_the_interval_it_really_waits():
    # Reviewed 2026-12-20 with an interval of 40 days: due 2027-01-29, past the exam; q3
    # comes back on 2027-01-14 instead, 25 days on, and SM-2's next interval starts there.
    card = Card("q3", CardState(interval=40, repetitions=3), d("2027-01-29"), reviews=3)
    capped = capped_card(card, d("2026-12-20"), EXAM)
    assert (capped.due_day, capped.state.interval) == (d("2027-01-14"), 25)
    assert capped.state.easiness == card.state.easiness and capped.reviews == 3
    assert capped_card(card, d("2027-01-10"), EXAM) is card


def test_without_an_exam_the_policy_is_sm2_unchanged():
    schedule = before_exams(policy.apply, lambda _: None)
    card = plain = None
    for n, grade in enumerate([4, 4, 4, 5, 1, 4]):
        day = d("2026-11-27") + timedelta(days=7 * n)
        card = schedule(card, "q1", grade, NOW, day)
        plain = policy.apply(plain, "q1", grade, NOW, day)
        assert card == plain


def test_sm2s_intervals_of_16_days_stop_at_the_exam():
    # 1, 6, then 6 × 2.6 = 16 days (q5): from 2027-01-03 that is 2027-01-19, past the exam:
    # q5 comes back on 2027-01-11 (the pass's fourth day, slot 3), 8 days on.
    schedule = before_exams(policy.apply, lambda _: EXAM)
    card = schedule(None, "q5", 5, NOW, d("2026-12-27"))
    card = schedule(card, "q5", 5, NOW, d("2026-12-28"))
    assert card.due_day == d("2027-01-03")
    card = schedule(card, "q5", 5, NOW, d("2027-01-03"))
    assert (card.due_day, card.state.interval) == (d("2027-01-11"), 8)
    # Reviewed in the last pass, it may go past the exam: it has had its last-pass review.
    card = schedule(card, "q5", 4, NOW, d("2027-01-11"))
    assert card.due_day == d("2027-01-11") + timedelta(days=card.state.interval) > EXAM.day


@given(
    start=st.integers(0, 60),
    grades=st.lists(st.integers(0, 5), min_size=1, max_size=25),
    delays=st.lists(st.integers(0, 12), min_size=1, max_size=5),
)
def test_nothing_learned_before_the_exam_is_due_after_it_without_a_last_pass_review(
    start, grades, delays
):
    schedule = before_exams(policy.apply, lambda _: EXAM)
    day = d("2026-11-20") + timedelta(days=start)
    card = None
    for grade, delay in zip(grades, cycle(delays)):
        if day > EXAM.day:
            break
        card = schedule(card, "q3", grade, NOW, day)
        assert card.due_day <= EXAM.day or day >= EXAM.last_pass_start, (day, card)
        assert card.due_day - day == timedelta(days=card.state.interval) >= timedelta(days=1)
        day = card.due_day + timedelta(days=delay)


@given(reviewed=st.integers(1, 400), interval=st.integers(1, 400))
def test_a_card_scheduled_before_the_exam_was_set_comes_back_in_the_last_pass(reviewed, interval):
    # Whatever a card's schedule, learned before the pass and due after the exam, it is due
    # in the pass once the exam is set: read from the stored card, not rewritten.
    last = EXAM.last_pass_start - timedelta(days=reviewed)
    card = Card("q1", CardState(interval=interval, repetitions=2), last + timedelta(interval))
    due = effective_due(card, last, EXAM)
    if card.due_day <= EXAM.day:
        assert due == card.due_day
    else:
        assert due == d("2027-01-10")


# -- pacing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "days"),
    [
        ("2026-12-29", 10),  # 2026-12-29 .. 2027-01-07: the ten days before the pass
        ("2027-01-07", 1),
        ("2027-01-08", 8),  # the pass has started: late, so the days left to the exam
        ("2027-01-15", 1),
        ("2027-01-16", 0),  # the exam is over
    ],
)
def test_new_cards_are_introduced_before_the_last_pass_starts(today, days):
    assert introduction_days(d(today), EXAM) == days


@pytest.mark.parametrize(
    ("remaining", "today", "pace"),
    [
        (95, "2026-12-29", 10),  # ceil(95 / 10)
        (90, "2026-12-29", 9),
        (91, "2026-12-29", 10),
        (1, "2026-12-29", 1),
        (0, "2026-12-29", 0),
        (5, "2027-01-07", 5),
        (16, "2027-01-08", 2),
        (17, "2027-01-08", 3),
        (3, "2027-01-15", 3),
        (3, "2027-01-16", 0),
    ],
)
def test_new_cards_a_day_is_the_ceiling_of_what_is_left_over_the_days_left(remaining, today, pace):
    assert new_per_day(remaining, d(today), EXAM) == pace


def test_the_pace_introduces_every_card_by_the_day_before_the_last_pass():
    # 25 cards over the ten days from 2026-12-29: ceil(25/10) = 3, ceil(22/9) = 3,
    # ceil(19/8) = 3, ceil(16/7) = 3, ceil(13/6) = 3, then ceil(10/5) = 2 for five days.
    waiting = {"b": [f"n{i}" for i in range(25)]}
    _, added = examplan.simulate([], waiting, {}, d("2026-12-29"), EXAM)
    assert [n for _, n in added] == [3, 3, 3, 3, 3, 2, 2, 2, 2, 2] + [0] * 8
    assert added[9][0] == d("2027-01-07")


# -- which exam, when ---------------------------------------------------------------------


def test_a_banks_own_exam_wins_and_once_over_the_normal_schedule_resumes():
    own = Exam(d("2026-12-10"), 3)
    exams = ExamDates(EXAM, {"conv": own})
    assert (exams.of("conv"), exams.of("pool"), exams.of(None)) == (own, EXAM, EXAM)
    after = exams.ahead(d("2026-12-11"))
    # conv's exam is sat: no exam for it, not the overall one.
    assert (after.of("conv"), after.of("pool")) == (None, EXAM)
    over = exams.ahead(d("2027-01-16"))
    assert (over.of("conv"), over.of("pool")) == (None, None)
    assert examdate.over(exams, d("2026-12-11")) == [d("2026-12-10")]


# -- the review session -------------------------------------------------------------------


@pytest.fixture
def questions(tmp_path):
    return six_numeric_questions(tmp_path)


def session(store, questions, today, exam, **options):
    return Session(
        store,
        questions,
        today=today,
        clock=clock,
        new_limit=20,
        bank_of=lambda _: "s",
        exams=ExamDates(exam),
        **options,
    )


def queued(s):
    return [item.question.id for item in s.queue]


def test_a_session_paces_new_cards_and_the_pace_holds_all_day(store, questions):
    # An exam on 2026-12-01 with a last pass of 1 day (from 2026-11-30): new cards go in on
    # the 27th, 28th and 29th: ceil(6/3) = 2 a day, not the limit of 20.
    exam = Exam(d("2026-12-01"), 1)
    first = session(store, questions, d("2026-11-27"), exam)
    assert queued(first) == ["q0", "q1"] and first.paces == {"s": 2}
    while first.current is not None:
        first.begin()
        first.grade(4)
    # Later the same day the pace is still ceil((4 + 2 introduced today) / 3) = 2: done.
    again = session(store, questions, d("2026-11-27"), exam)
    assert queued(again) == [] and again.outlook.paced and again.outlook.new_waiting == 4
    assert queued(session(store, questions, d("2026-11-28"), exam)) == ["q0", "q1", "q2", "q3"]
    # The student's own --new sets the limit instead of the pace.
    own = session(store, questions, d("2026-11-27"), exam, pace_new=False)
    assert queued(own) == ["q2", "q3", "q4", "q5"] and not own.outlook.paced


def test_a_grade_before_the_last_pass_never_schedules_past_the_exam(store, questions):
    exam = Exam(d("2026-12-10"), 3)  # the last pass: 2026-12-07 to 2026-12-10
    store.record("q3", 4, now=NOW, day=d("2026-11-20"), schedule=policy.apply)
    store.record("q3", 4, now=NOW, day=d("2026-11-21"), schedule=policy.apply)  # due 11-27
    s = session(store, questions, d("2026-11-27"), exam, limit=1)
    assert queued(s) == ["q3"]
    s.begin()
    # Grade 4 would give 6 × 2.5 = 15 days (2026-12-12); q3 comes back on its day of the
    # pass instead, 2026-12-09 (CRC-32 % 4 = 2), 12 days on; a failure keeps its 1 day.
    assert s.next_intervals([1, 4]) == {1: 1, 4: 12}
    graded = s.grade(4)
    assert (graded.recorded.after.due_day, graded.recorded.after.state.interval) == (
        d("2026-12-09"),
        12,
    )


def test_a_card_due_past_the_exam_comes_up_on_its_day_of_the_last_pass(store, questions):
    # q1 was learned long before the exam date was set: due 2027-01-17, past the exam. Its
    # day of the pass is 2027-01-10; the store is not rewritten for it.
    # Grades of 5: intervals 1, 6, 17, then ceil(17 × 2.8) = 48 from 2026-11-30.
    for day in ("2026-11-01", "2026-11-02", "2026-11-08", "2026-11-30"):
        store.record("q1", 5, now=NOW, day=d(day), schedule=policy.apply)
    assert store.card("q1").due_day > EXAM.day
    before = session(store, questions, d("2027-01-09"), EXAM, limit=1, pace_new=False)
    assert "q1" not in queued(before) and before.outlook.next_due == d("2027-01-10")
    on_its_day = session(store, questions, d("2027-01-10"), EXAM, pace_new=False)
    assert queued(on_its_day)[0] == "q1"
    # Buried, it waits for the next day as any card does.
    on_its_day.begin()
    on_its_day.bury()
    assert "q1" not in queued(session(store, questions, d("2027-01-10"), EXAM))


def test_after_the_exam_the_normal_schedule_resumes(store, questions):
    exam = Exam(d("2026-11-20"))
    store.record("q0", 4, now=NOW, day=d("2026-11-25"), schedule=policy.apply)
    store.record("q0", 4, now=NOW, day=d("2026-11-26"), schedule=policy.apply)  # due 12-02
    s = session(store, questions, d("2026-12-02"), exam)
    assert s.paces == {} and queued(s) == ["q0", "q1", "q2", "q3", "q4", "q5"]
    s.begin()
    assert s.next_intervals([4]) == {4: 15}  # 6 × 2.5, as if no exam had been set


def test_a_recorded_mock_exam_is_capped_like_a_review(store, questions):
    exams = ExamDates(Exam(d("2026-12-10"), 3))
    schedule = examdate.capped_schedule(exams, lambda _: "s", d("2026-11-27"))
    for day in ("2026-11-20", "2026-11-21"):
        store.record("q3", 4, now=NOW, day=d(day), schedule=policy.apply)
    result = mock.Result(1, None, {}, [mock.Answer(questions[3], None, None, 3, "3", True)])
    mock.record(store, result, now=NOW, day=d("2026-11-27"), schedule=schedule)
    assert store.card("q3").due_day == d("2026-12-09")  # not 2026-12-12


# -- the plan -----------------------------------------------------------------------------


def test_the_plan_simulates_each_review_under_the_cap():
    # q1: reviewed 2026-12-20 for 40 days, due after the exam: once, on its day 2027-01-10.
    # q2: overdue since 2026-12-27: today, then 6 × 2.5 = 15 days on, 2027-01-13, in the pass.
    far = Card("q1", CardState(interval=40, repetitions=3), d("2027-01-29"), reviews=3)
    late = Card("q2", CardState(interval=6, repetitions=2), d("2026-12-27"), reviews=2)
    reviews, added = examplan.simulate([far, late], {}, {}, d("2026-12-29"), EXAM)
    busy = {day: n for day, n in reviews if n}
    assert busy == {d("2026-12-29"): 1, d("2027-01-10"): 1, d("2027-01-13"): 1}
    assert reviews[0][0] == d("2026-12-29") and reviews[-1][0] == EXAM.day
    assert sum(n for _, n in added) == 0


@pytest.fixture
def bank_b(tmp_path):
    path = tmp_path / "b.yaml"
    lines = ["bank: b", "questions:"]
    lines += [f"- {{id: q{n}, type: numeric, prompt: p{n}, answer: {n}}}" for n in (1, 2, 3)]
    path.write_text("\n".join(lines) + "\n")
    return load_catalog([path], builtin=False)


def mock_exam(store, day, answers):
    store.save_exam(
        {
            "seed": 1,
            "minutes": None,
            "topics": {},
            "questions": len(answers),
            "correct": sum(right for _, right in answers),
            "seconds": 30.0,
            "recorded": True,
            "interrupted": False,
            "answers": [
                {"id": qid, "bank": "b", "tags": [], "variant": None, "given": "1", "correct": r}
                for qid, r in answers
            ],
        },
        now=datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=12),
    )


def test_the_plan_predicts_recall_and_checks_it_against_the_mock_exams(store, bank_b):
    # q1 learned on 2026-11-20 (interval 1 day); a mock on 2026-11-23 got q1 right and q2
    # (never studied) wrong, and was recorded: its own review of q1 that day must not count.
    store.record("q1", 4, now=NOW, day=d("2026-11-20"), schedule=policy.apply)
    store.record("q1", 4, now=NOW, day=d("2026-11-23"), schedule=policy.apply)  # --record
    mock_exam(store, d("2026-11-23"), [("q1", True), ("q2", False)])
    exams = ExamDates(Exam(d("2026-12-01"), 2))  # the last pass from 2026-11-29
    [plan] = examplan.plans(store, bank_b, d("2026-11-27"), exams)
    assert (plan.banks, plan.days_left, plan.new_left) == (["b"], 4, 2)
    # q2 and q3 over the two days before the pass: ceil(2/2) = 1 a day, until 2026-11-28.
    assert plan.new_today == 1 and plan.introduce_until == d("2026-11-28")
    # q1, interval 6 since 2026-11-23, on 2026-12-01: 0.9 ** (8/6) = 0.869.
    [recall] = plan.recall
    assert (recall.bank, recall.studied, recall.recall, recall.new) == ("b", 1, 0.869, 2)
    # On the mock's day q1 had an interval of 1 day, 3 days before: 0.9 ** 3 = 0.729.
    [check] = plan.mocks
    assert (check.answers, check.predicted, check.scored, check.unstudied) == (1, 0.729, 1.0, 1)
    data = examplan.to_json(plan)
    assert data["recall_at_exam"] == [{"bank": "b", "studied": 1, "recall": 0.869, "new": 2}]
    assert data["mock_exams"][0]["predicted"] == 0.729 and data["new_per_day"] == 1
    assert [day["new"] for day in data["days"]] == [1, 1, 0, 0, 0]


def test_no_plan_for_an_exam_that_is_over(store, bank_b):
    assert examplan.plans(store, bank_b, d("2026-12-02"), ExamDates(Exam(d("2026-12-01")))) == []


# -- settings and commands ----------------------------------------------------------------


def test_exam_date_is_a_setting_overall_and_per_bank(mini_bank):
    path = config_path()
    assert quiz("config", "exam-date", "2027-01-15").output == (
        f"exam_date = 2027-01-15  (saved in {path})\n"
    )
    assert quiz("config", "exam_date").output == "2027-01-15\n"
    own = quiz("config", "exam_date", "2027-01-08", "--bank", str(mini_bank))
    assert own.output == f"exam_date of mini = 2027-01-08  (saved in {path})\n"
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "exam_date": d("2027-01-15"),
        "exam_dates": {"mini": d("2027-01-08")},
    }
    assert quiz("config", "exam_date", "--bank", str(mini_bank)).output == "2027-01-08\n"
    assert "Exam dates of banks (quiz config exam_date DAY --bank ID): mini 2027-01-08" in (
        quiz("config").output
    )
    gone = quiz("config", "exam_date", "--bank", str(mini_bank), "--unset")
    assert gone.output == "mini has no exam day of its own: it follows exam_date (2027-01-15)\n"
    assert quiz("config", "last-pass", "10").output == f"last_pass = 10  (saved in {path})\n"
    assert (
        quiz("config", "exam_date", "--unset").output
        == "exam_date is back to its default (no exam)\n"
    )
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"last_pass": 10}


def test_an_exam_date_already_over_is_taken_with_a_note():
    result = quiz("config", "exam_date", "2026-11-01", QUIZ_NOW="2026-11-27")
    assert result.exit_code == 0 and result.output.splitlines()[1] == (
        "Note: 2026-11-01 is over: an exam date rules until its day, and the normal schedule"
        " applies after it."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["exam_date", "2027-1-15"],
            "exam_date must be a day written YYYY-MM-DD, such as 2027-01-15, not '2027-1-15'",
        ),
        (
            ["exam-date", "2027-02-30"],
            "exam_date must be a day written YYYY-MM-DD, such as 2027-01-15, not '2027-02-30'",
        ),
        (["last_pass", "0"], "last_pass must be a whole number from 1 to 365, not '0'"),
        (["new", "3", "--bank", "mini"], "--bank goes with exam_date only: a bank's own exam day"),
        (
            ["exam_date", "2027-01-15", "--bank", "nope"],
            "unknown bank 'nope' (loaded banks: ",
        ),
    ],
)
def test_a_bad_exam_setting_is_one_line_and_not_saved(args, message):
    result = quiz("config", *args)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {message}")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert not config_path().exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "exam_date = 'soon'\n",
            "exam_date must be a day written YYYY-MM-DD, such as 2027-01-15, not 'soon'",
        ),
        (
            "[exam_dates]\nconv = 5\n",
            "exam_dates.conv must be a day written YYYY-MM-DD, such as 2027-01-15, not 5",
        ),
        ("exam_dates = 3\n", "exam_dates must be a table of bank ids and days, not 3"),
    ],
)
def test_a_hand_edited_exam_date_gone_wrong_names_its_file(text, message):
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    result = quiz("stats")
    assert (result.exit_code, result.stderr) == (1, f"error: {path}: {message}\n")


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (
            "tomorrow",
            "--until must be a day written YYYY-MM-DD, such as 2027-01-15, not 'tomorrow'",
        ),
        ("2026-11-26", "--until 2026-11-26 is over: give the exam's day, today or later"),
    ],
)
def test_review_until_a_day_that_is_not_one_is_refused(mini_bank, until, message):
    result = quiz("review", "--bank", str(mini_bank), "--until", until, QUIZ_NOW="2026-11-27")
    assert (result.exit_code, result.stderr) == (1, f"error: {message}\n")


def test_review_until_paces_this_session_only(mini_bank):
    # Four new cards over the six days before the last pass (2026-12-03): one a day.
    until = ["review", "--bank", str(mini_bank), "--until", "2026-12-10"]
    result = quiz(*until, input="28\n4\n", QUIZ_NOW="2026-11-27")
    assert result.output.splitlines()[0] == (
        "Exam on 2026-12-10 (in 13 days): 1 new a day; every card you have learned comes back"
        " between 2026-12-03 and the exam."
    )
    assert "[1/1]" in result.output and "Reviewed 1 card (1 new)" in result.output
    assert not config_path().exists()
    # Without --until, the day's new cards are the `new` setting's again.
    again = quiz("review", "--bank", str(mini_bank), input="", QUIZ_NOW="2026-11-27")
    assert "[1/3]" in again.output


def test_an_exam_day_that_is_over_is_said_once(mini_bank):
    quiz("config", "exam_date", "2026-11-01")
    over = (
        "Exam day 2026-11-01 is over: the normal schedule has resumed"
        " (quiz config exam_date --unset forgets it)."
    )
    review = quiz("review", "--bank", str(mini_bank), input="", QUIZ_NOW="2026-11-27")
    assert review.output.splitlines()[0] == over and review.output.count(over) == 1
    stats = quiz("stats", "--bank", str(mini_bank), QUIZ_NOW="2026-11-27")
    assert stats.output.count(over) == 1 and "Exam on" not in stats.output
    data = json.loads(quiz("stats", "--json", QUIZ_NOW="2026-11-27").output)
    assert (data["exam_plans"], data["exams_over"]) == ([], ["2026-11-01"])


def test_stats_shows_the_plan_until_the_exam(mini_bank):
    quiz("config", "exam_date", "2026-12-10")
    quiz("config", "last_pass", "3")
    quiz("review", "--bank", str(mini_bank), "--limit", "1", input="28\n4\n", QUIZ_NOW="2026-11-27")
    result = quiz("stats", "--bank", str(mini_bank), QUIZ_NOW="2026-11-27")
    lines = result.output.splitlines()
    start = lines.index(
        "Exam on 2026-12-10 (mini): 13 days left · last pass 2026-12-07 to 2026-12-10"
    )
    # Three new cards left over the ten days to 2026-12-06: one a day (today's is done).
    assert lines[start + 2] == "    new cards: 1 a day until 2026-11-30 (3 not yet seen)"
    assert lines[start + 1].startswith("    reviews a day until the exam: ")
    assert lines[start + 3].startswith("Recall predicted at the exam if you stop reviewing now")
    [row] = [line.split() for line in lines[start + 4 :] if line.startswith("mini")]
    # mini-num, learned today for 1 day, 13 days before the exam: 0.9 ** 13 = 25%.
    assert row == ["mini", "1", "25%", "3"]
    stats_json = quiz("stats", "--json", "--bank", str(mini_bank), QUIZ_NOW="2026-11-27")
    [plan] = json.loads(stats_json.output)["exam_plans"]
    assert (plan["exam_day"], plan["last_pass_start"], plan["days_left"]) == (
        "2026-12-10",
        "2026-12-07",
        13,
    )
    assert plan["recall_at_exam"] == [{"bank": "mini", "studied": 1, "recall": 0.254, "new": 3}]
