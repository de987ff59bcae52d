from datetime import date, datetime, timezone

import pytest

from conftest import six_numeric_questions
from quiz.bank.catalog import load_file
from quiz.schedule import policy
from quiz.study.session import CARD_SECONDS_CAP, REPEAT_GAP, Session, plan

DAY = date(2026, 11, 27)


def clock():
    return datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def questions(tmp_path):
    return six_numeric_questions(tmp_path)


def ids(session):
    return [(item.question.id, item.kind) for item in session.queue]


def test_due_first_most_overdue_first_then_new(store, questions):
    store.record("q3", 4, now=clock(), day=date(2026, 11, 20), schedule=policy.apply)
    store.record("q5", 4, now=clock(), day=date(2026, 11, 10), schedule=policy.apply)
    session = Session(store, questions, today=DAY, clock=clock, new_limit=2)
    assert ids(session) == [("q5", "review"), ("q3", "review"), ("q0", "review"), ("q1", "review")]


def test_new_limit_counts_cards_introduced_today(store, questions):
    store.record("q0", 5, now=clock(), day=DAY, schedule=policy.apply)
    session = Session(store, questions, today=DAY, clock=clock, new_limit=3)
    assert [i.question.id for i in session.queue] == ["q1", "q2"]


def test_limit_caps_the_session(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=20, limit=4)
    assert len(session.queue) == 4 and session.total == 4


def test_plan_is_pure():
    assert plan([], {}, [], new_limit=5, introduced_today={}) == []


def test_low_grade_comes_back_as_a_drill_until_it_scores_four(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=5)
    graded = session.grade(2, answer="7", correct=False, seconds=4)
    assert graded.requeued is not None
    assert ids(session)[REPEAT_GAP] == ("q0", "drill")
    for _ in range(REPEAT_GAP):
        session.grade(5)
    assert ids(session)[0] == ("q0", "drill")
    schedule = store.card("q0")
    session.grade(3)  # still below 4: again
    assert ("q0", "drill") in ids(session)
    while session.current.question.id != "q0":
        session.grade(5)
    session.grade(4)
    assert ("q0", "drill") not in ids(session)
    assert store.card("q0") == schedule  # drills never move the schedule
    assert [r.kind for r in store.history("q0")] == ["review", "drill", "drill"]


def test_progress_counts_repeats(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=2)
    assert (session.position, session.total) == (0, 2)
    session.grade(1)
    assert (session.position, session.total) == (1, 3)


def test_undo_restores_the_card_and_forgets_its_repeat(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=3)
    session.grade(5)
    session.grade(1)
    assert ("q1", "drill") in ids(session)
    undone = session.undo()
    assert undone.item.question.id == "q1"
    assert ids(session) == [("q1", "review"), ("q2", "review")]
    assert store.card("q1") is None  # new again
    assert session.summary.reviewed == 1 and session.position == 1
    session.grade(4)
    assert store.card("q1").state.repetitions == 1


def test_undo_with_nothing_done(store, questions):
    session = Session(store, questions, today=DAY, clock=clock)
    assert session.undo() is None


def test_suspend_drops_every_copy(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=3)
    session.grade(1)  # q0 will repeat
    session.grade(5)
    while session.current.question.id != "q0":
        session.grade(5)
    session.suspend()
    assert all(i.question.id != "q0" for i in session.queue)
    assert store.card("q0").suspended


def test_a_new_leech_is_not_repeated(store, questions):
    for n in range(policy.LEECH_LAPSES - 1):
        store.record("q0", 1, now=clock(), day=date(2026, 11, 1 + n), schedule=policy.apply)
    session = Session(store, questions, today=DAY, clock=clock, new_limit=0)
    graded = session.grade(0)
    assert graded.recorded.became_leech and graded.requeued is None
    assert session.summary.leeches == ["q0"]


def test_summary_counts(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=3)
    session.grade(5, correct=True, seconds=2)
    session.grade(1, correct=False, seconds=6)
    session.grade(4, correct=True, seconds=3)
    session.grade(4, correct=True, seconds=1)  # the drill of q1
    summary = session.finish()
    assert (summary.reviewed, summary.new, summary.drills) == (4, 3, 1)
    assert (summary.judged, summary.correct, summary.seconds) == (4, 3, 12)
    assert summary.percent_correct == 75
    assert (summary.due_tomorrow, summary.due_week) == (3, 3)


def test_parametric_items_draw_variants_and_can_redraw(store, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "questions:\n  - id: p\n    type: numeric\n    params: {n: [1, 2, 3, 4, 5, 6, 7, 8]}\n"
        "    prompt: 'n is {n}'\n    answer: snippet\n    snippet: s\n"
    )
    [question] = load_file(path).questions
    session = Session(store, [question], today=DAY, clock=clock)
    first = dict(session.current.variant)
    seen = {first["n"]}
    while session.skip_variant():
        seen.add(session.current.variant["n"])
    assert session.current is None and len(seen) > 1
    again = Session(store, [question], today=DAY, clock=clock)
    assert again.current.variant == first  # deterministic per (id, review number)


# -- two sessions, or a restore, on one database file -----------------------------------------


@pytest.fixture
def db_file(tmp_path):
    from quiz.store import Store

    path = tmp_path / "quiz.db"
    stores = []

    def open_store():
        stores.append(Store(path))
        return stores[-1]

    yield open_store
    for opened in stores:
        opened.close()


def test_undo_is_refused_when_another_session_graded_the_card_since(db_file, questions):
    from quiz.errors import StoreError

    first = Session(db_file(), questions, today=DAY, clock=clock, new_limit=3)
    second = Session(db_file(), questions, today=DAY, clock=clock, new_limit=3)
    first.grade(4)
    second.grade(2)  # the same card, q0, from the other terminal
    before = (ids(first), first.position, first.summary.reviewed, len(first.done))
    with pytest.raises(StoreError, match="^cannot undo: q0 was reviewed again after that answer"):
        first.undo()
    assert (ids(first), first.position, first.summary.reviewed, len(first.done)) == before
    assert [r.kind for r in first.store.history("q0")] == ["review", "review"]
    first.grade(4)  # the session goes on
    assert first.store.card("q1").state.repetitions == 1


def test_undo_after_a_restore_never_takes_back_another_answer(db_file, questions, tmp_path):
    from quiz.errors import StoreError

    backup = tmp_path / "backup.db"
    db_file().backup_to(backup)
    session = Session(db_file(), questions, today=DAY, clock=clock, new_limit=3)
    session.grade(4)  # q0 is review 1
    other = db_file()
    other.restore_from(backup, keep_current_as=tmp_path / "kept.db")
    other.record(
        "q5", 3, now=clock(), day=DAY, schedule=policy.apply
    )  # review 1 again, in the restored log
    with pytest.raises(StoreError, match="no longer holds that answer to q0"):
        session.undo()
    assert [r.kind for r in other.history("q5")] == ["review"]
    assert other.card("q5") is not None and ids(session)[0] == ("q1", "review")


def test_a_repeat_whose_card_a_restore_took_away_is_refused_and_left_current(
    db_file, questions, tmp_path
):
    from quiz.errors import StoreError

    backup = tmp_path / "backup.db"
    db_file().backup_to(backup)
    session = Session(db_file(), questions, today=DAY, clock=clock, new_limit=4)
    session.grade(1)  # q0 comes back as a repeat
    db_file().restore_from(backup, keep_current_as=tmp_path / "kept.db")
    for _ in range(REPEAT_GAP):
        session.grade(5)
    assert ids(session) == [("q0", "drill")]
    with pytest.raises(StoreError, match="cannot drill q0: it has never been reviewed"):
        session.grade(4)
    assert ids(session) == [("q0", "drill")] and session.summary.reviewed == 1 + REPEAT_GAP


# -- burying, flags, undo after a restart, the card as shown -------------------------------------


def test_bury_drops_every_copy_until_the_next_day_and_undo_brings_them_back(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=3)
    session.grade(1)  # q0 comes back as a repeat
    while session.current.question.id != "q0":
        session.grade(5)
    queue = ids(session)
    session.bury()
    assert all(i.question.id != "q0" for i in session.queue)
    assert Session(store, questions, today=DAY, clock=clock, new_limit=3).queue == []
    tomorrow = Session(store, questions, today=date(2026, 11, 28), clock=clock, new_limit=0)
    assert ("q0", "review") in ids(tomorrow)
    assert session.pending_undo() == "bury"
    undone = session.undo()
    assert (undone.kind, undone.question_id) == ("bury", "q0")
    assert ids(session) == queue


def test_undo_takes_back_a_suspension_made_in_this_session(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=2)
    session.grade(4)
    session.suspend()
    assert store.card("q1").suspended and session.queue == []
    assert session.undo().kind == "suspend"
    assert store.card("q1") is None and ids(session) == [("q1", "review")]
    assert session.undo().kind == "grade"  # then the grade before it
    assert ids(session) == [("q0", "review"), ("q1", "review")]


def test_undo_after_a_restart_takes_back_the_last_action_of_the_study_day(store, questions):
    first = Session(store, questions, today=DAY, clock=clock, new_limit=3)
    first.grade(4)  # q0
    first.bury()  # q1
    restarted = Session(store, questions, today=DAY, clock=clock, new_limit=3)
    assert ids(restarted) == [("q2", "review"), ("q3", "review")]  # q0 graded, q1 buried
    assert restarted.pending_undo() == "bury"
    undone = restarted.undo()
    assert (undone.kind, undone.question_id) == ("bury", "q1")
    assert ids(restarted) == [("q1", "review"), ("q2", "review"), ("q3", "review")]
    undone = restarted.undo()
    assert (undone.kind, undone.question_id) == ("grade", "q0")
    assert ids(restarted)[0] == ("q0", "review") and store.card("q0") is None
    assert restarted.summary.reviewed == 0  # an earlier session's grade was not counted here
    assert restarted.undo() is None and restarted.pending_undo() is None


def test_yesterdays_grades_are_not_undone_today(store, questions):
    Session(store, questions, today=date(2026, 11, 26), clock=clock, new_limit=1).grade(4)
    today = Session(store, questions, today=DAY, clock=clock, new_limit=1)
    assert today.pending_undo() is None and today.undo() is None


def test_undo_of_an_earlier_grade_whose_question_left_the_session(store, questions):
    Session(store, questions, today=DAY, clock=clock, new_limit=1).grade(4)  # q0
    others = Session(store, questions[1:], today=DAY, clock=clock, new_limit=1)
    undone = others.undo()
    assert (undone.kind, undone.question_id, undone.item) == ("grade", "q0", None)
    assert store.card("q0") is None and ids(others) == []  # today's one new card was q0


def test_flag_toggles_and_keeps_the_card_current(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=2)
    assert session.flag() is True and store.flagged() == {"q0"}
    assert session.current.question.id == "q0"
    assert session.flag() is False and store.flagged() == set()


def test_time_on_the_card_is_counted_and_capped(store, questions):
    session = Session(store, questions, today=DAY, clock=clock, new_limit=3)
    session.grade(4, seconds=3, on_card=40)
    session.grade(4, seconds=20, on_card=7 * 60)  # left on screen: counts 5 minutes
    assert session.summary.seconds == 40 + CARD_SECONDS_CAP
    assert [r.seconds for r in store.history("q0") + store.history("q1")] == [3, 20]
    session.undo()
    assert session.summary.seconds == 40


def test_next_intervals_are_the_schedulers(store, questions):
    store.record("q0", 4, now=clock(), day=date(2026, 11, 20), schedule=policy.apply)
    store.record("q0", 4, now=clock(), day=date(2026, 11, 21), schedule=policy.apply)
    session = Session(store, questions, today=DAY, clock=clock, new_limit=1)
    session.begin()
    # Repetition 3 of a card at 6 days and EF 2.5: 6 × 2.5 = 15 days for any pass, 1 for a
    # failure (SM-2 resets it).
    assert session.next_intervals(range(6)) == {0: 1, 1: 1, 2: 1, 3: 15, 4: 15, 5: 15}
    session.grade(1)
    while session.current.kind != "drill":
        session.grade(5)
    assert session.next_intervals(range(6)) is None  # a repeat leaves the schedule alone


def test_a_card_graded_elsewhere_since_it_was_shown_is_not_graded_twice(db_file, questions):
    from quiz.errors import StoreError

    first = Session(db_file(), questions, today=DAY, clock=clock, new_limit=3)
    second = Session(db_file(), questions, today=DAY, clock=clock, new_limit=3)
    first.begin()
    second.begin()
    second.grade(4)  # q0, in the other terminal
    with pytest.raises(StoreError, match="^q0 changed in another quiz review after it was shown"):
        first.grade(5)
    assert [r.grade for r in first.store.history("q0")] == [4]
    first.drop_current()
    first.begin()
    first.grade(4)  # the next card is saved as usual
    assert first.store.card("q1").reviews == 1


def test_reload_after_an_edit(store, tmp_path):
    path = tmp_path / "s.yaml"
    bank = "bank: s\nquestions:\n  - {id: q0, type: numeric, prompt: %s, answer: 1}\n"
    path.write_text(bank % "'old text'")
    session = Session(store, load_file(path).questions, today=DAY, clock=clock)
    path.write_text(bank % "'new text'")
    reloaded = session.reload_current()
    assert reloaded.problems == [] and reloaded.question.prompt == {"*": "new text"}
    assert session.current.question.prompt == {"*": "new text"}
    path.write_text(bank.replace("answer: 1", "anwser: 1") % "'broken'")
    reloaded = session.reload_current()
    assert reloaded.question is None and not reloaded.gone
    assert any(p.severity == "error" and "answer" in p.message for p in reloaded.problems)
    assert session.current.question.prompt == {"*": "new text"}  # the card stays as it was
    path.write_text(bank.replace("q0", "q9") % "'renamed'")
    assert session.reload_current().gone and session.current is None


def test_a_new_card_set_aside_stays_new_when_it_comes_back(store, questions):
    """Burying or suspending a card before its first review gives it a row, but it is still
    new: it comes back with the new cards (under their limit), `quiz list` says new, and
    grading it counts as a new card in the summary."""
    from quiz.study.cards import counts, state_word

    first = Session(store, questions, today=DAY, clock=clock, new_limit=1)
    first.bury()  # q0, never reviewed
    store.set_suspended("q1", True, day=DAY)
    store.set_suspended("q1", False, day=DAY)
    tomorrow = date(2026, 11, 28)
    for qid in ("q0", "q1"):
        card = store.card(qid)
        assert state_word(card, tomorrow) == "new"
    assert counts([store.card("q0"), store.card("q1")], tomorrow)["new"] == 2
    session = Session(store, questions, today=tomorrow, clock=clock, new_limit=1)
    assert ids(session) == [("q0", "review")]  # one new card a day, bank order: no extra
    session.grade(4)
    assert session.summary.new == 1
