"""A student's own banks: registered once (`quiz banks add`), loaded by every command, with a
new-card limit of their own; `--tag` that refuses an unknown tag; stats and the session's
forecast that keep to the banks asked for."""

from __future__ import annotations

import textwrap
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from conftest import quiz
from quiz import config
from quiz.bank.catalog import load_catalog
from quiz.config import config_path
from quiz.errors import QuizError
from quiz.paths import database_path
from quiz.schedule import policy
from quiz.store import Store
from quiz.study.session import Session, plan

DAY = date(2026, 11, 27)
NOW = "2026-11-27T12:00:00"

MINE = """\
bank: mine
title: My notes
tags: [optimizer]
questions:
  - id: mine-pick
    type: choice
    prompt: "Which optimizer keeps a per-parameter step size?"
    choices: [SGD, Adam]
    answer: B
  - id: mine-num
    type: numeric
    prompt: "3 + 4?"
    answer: 7
    tags: [CNN-Sizes]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def one_line_error(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr == f"error: {message}\n"
    assert "Traceback" not in result.output


@pytest.fixture
def mine(tmp_path) -> Path:
    return write(tmp_path / "notes" / "mine.yaml", MINE)


def registered() -> list[str]:
    return config.load().get("banks", [])


# -- quiz banks add ----------------------------------------------------------------------------


def test_without_registering_the_bank_is_unknown(mine):
    result = quiz("show", "mine-pick")
    assert result.exit_code == 1 and "no question with id 'mine-pick'" in result.stderr


def test_add_registers_a_bank_for_every_command(mine):
    result = quiz("banks", "add", str(mine))
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Registered mine (2 questions) from {mine}: every command loads it now.\n"
    )
    assert registered() == [str(mine)]
    assert 'banks = [\n  "' in config_path().read_text(encoding="utf-8")
    shown = quiz("show", "mine-pick")
    assert shown.exit_code == 0 and "Which optimizer" in shown.output
    assert quiz("review", "--bank", "mine", "--limit", "1", input="B\n4\n").exit_code == 0
    orphans = quiz("list", "--orphans")
    assert "No orphaned cards" in orphans.output
    assert "mine-pick" in quiz("list", "--bank", "mine").output


def test_add_stores_the_absolute_path(mine, monkeypatch):
    monkeypatch.chdir(mine.parent.parent)
    assert quiz("banks", "add", "notes/mine.yaml").exit_code == 0
    assert registered() == [str(mine.resolve())]


def test_add_a_folder_of_banks(tmp_path):
    course = tmp_path / "course"
    write(course / "w1.yaml", "questions:\n- {id: w1-a, type: numeric, prompt: a, answer: 1}\n")
    write(course / "w2.yaml", "questions:\n- {id: w2-a, type: numeric, prompt: a, answer: 2}\n")
    result = quiz("banks", "add", str(course))
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Registered 2 banks from {course}: w1 (1 question), w2 (1 question);"
        " every command loads them now.\n"
    )
    assert registered() == [str(course)]
    assert [b.id for b in load_catalog(builtin=False).banks] == ["w1", "w2"]


def test_add_a_bank_that_does_not_load_registers_nothing(tmp_path):
    broken = write(tmp_path / "broken.yaml", "questions:\n- {id: b1, type: numeric, prompt: p}\n")
    result = quiz("banks", "add", str(broken))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"error: {broken}:2:")
    assert result.stderr.count("\n") == 1
    assert not config_path().exists()


def test_add_refuses_a_bank_id_already_loaded(mine, tmp_path):
    assert quiz("banks", "add", str(mine)).exit_code == 0
    twin = write(tmp_path / "other" / "mine.yaml", "questions:\n- {id: t1, type: text,"
                 " prompt: p, answer: a}\n")  # fmt: skip
    one_line_error(
        quiz("banks", "add", str(twin)),
        f"{twin}: bank id 'mine' is already loaded from {mine} (registered);"
        " give this bank another id with `bank:`",
    )
    builtin = write(
        tmp_path / "conv-arithmetic.yaml",
        "questions:\n- {id: my-conv, type: numeric, prompt: p, answer: 1}\n",
    )
    one_line_error(
        quiz("banks", "add", str(builtin)),
        f"{builtin}: bank id 'conv-arithmetic' is already loaded (built-in);"
        " give this bank another id with `bank:`",
    )
    assert registered() == [str(mine)]


def test_add_the_same_bank_twice(mine):
    assert quiz("banks", "add", str(mine)).exit_code == 0
    one_line_error(quiz("banks", "add", str(mine)), f"{mine} is already registered (mine)")
    assert registered() == [str(mine)]


def test_add_a_question_id_already_loaded(tmp_path):
    clash = write(
        tmp_path / "clash.yaml",
        "questions:\n- {id: conv-out-floor, type: numeric, prompt: p, answer: 1}\n",
    )
    result = quiz("banks", "add", str(clash))
    assert result.exit_code == 1 and "duplicate question id" in result.stderr
    assert not config_path().exists()


def test_add_a_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "nope.yaml"
    one_line_error(quiz("banks", "add", str(missing)), f"{missing}: bank path does not exist")


def test_add_a_folder_without_banks(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    one_line_error(
        quiz("banks", "add", str(empty)), f"{empty}: no bank files (*.yaml) in this folder"
    )


# -- quiz banks remove -------------------------------------------------------------------------


def test_remove_by_id_keeps_the_history(mine):
    quiz("banks", "add", str(mine))
    quiz("review", "--bank", "mine", "--limit", "1", input="B\n4\n")
    result = quiz("banks", "remove", "mine")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Removed mine ({mine}) from the registered banks. Its review history is kept:"
        f" `quiz banks add {mine}` brings it back.\n"
    )
    assert registered() == []
    assert quiz("show", "mine-pick").exit_code == 1
    assert "mine-pick" in quiz("list", "--orphans").output
    quiz("banks", "add", str(mine))
    assert "Schedule: learning" in quiz("show", "mine-pick").output


def test_remove_by_path(mine, monkeypatch):
    quiz("banks", "add", str(mine))
    monkeypatch.chdir(mine.parent)
    assert quiz("banks", "remove", "mine.yaml").exit_code == 0
    assert registered() == []


def test_remove_refuses_a_builtin_bank_and_an_unknown_one(mine, tmp_path):
    one_line_error(
        quiz("banks", "remove", "conv-arithmetic"),
        "conv-arithmetic is a built-in bank: it cannot be removed"
        " (`--bank ID` narrows a command to the banks you name)",
    )
    quiz("banks", "add", str(mine))
    one_line_error(
        quiz("banks", "remove", "mien"),
        "no registered bank 'mien'; did you mean 'mine'?",
    )
    one_line_error(quiz("banks", "remove", "zzz"), "no registered bank 'zzz' (registered: mine)")
    extra = write(tmp_path / "extra.yaml", "questions: []\n")
    one_line_error(
        quiz("banks", "remove", "extra", QUIZ_BANKS=str(extra)),
        "extra comes from QUIZ_BANKS, not from the registered banks: take it out of QUIZ_BANKS",
    )


# -- quiz banks: where each bank comes from ----------------------------------------------------


def test_banks_lists_where_each_bank_comes_from(mine, tmp_path):
    quiz("banks", "add", str(mine))
    env_bank = write(tmp_path / "env.yaml", "questions: []\n")
    given = write(tmp_path / "given.yaml", "questions: []\n")
    result = quiz("banks", "--bank", str(given), QUIZ_BANKS=str(env_bank), COLUMNS="200")
    assert result.exit_code == 0, result.output
    sources = {line.split()[0]: line.split()[-2:] for line in result.output.splitlines()[1:]}
    assert sources == {"given": ["--bank", str(given)]}
    everything = quiz("banks", QUIZ_BANKS=str(env_bank), COLUMNS="200")
    rows = {line.split()[0]: line for line in everything.output.splitlines()[1:]}
    assert rows["conv-arithmetic"].rstrip().endswith(" built-in")
    assert rows["mine"].split()[-2:] == ["registered", str(mine)]
    assert rows["env"].split()[-2:] == ["QUIZ_BANKS", str(env_bank)]
    assert everything.output.splitlines()[0].split()[-2:] == ["source", "path"]


def test_a_registered_bank_gone_is_one_warning_and_the_rest_load(mine, tmp_path):
    keep = write(tmp_path / "keep.yaml", "questions:\n- {id: k1, type: numeric, prompt: p,"
                 " answer: 1}\n")  # fmt: skip
    quiz("banks", "add", str(mine))
    quiz("banks", "add", str(keep))
    mine.unlink()
    warning = (
        f"warning: registered bank {mine} does not exist any more; skipped"
        f" (`quiz banks remove {mine}` forgets it)\n"
    )
    for command in (["list", "--bank", "keep"], ["show", "k1"], ["banks"], ["stats"]):
        result = quiz(*command)
        assert result.exit_code == 0, (command, result.output)
        assert result.stderr == warning, command
    assert quiz("banks", "remove", str(mine)).exit_code == 0
    assert registered() == [str(keep)]
    assert quiz("list").stderr == ""


def test_banks_options_still_work_with_subcommands(mine):
    quiz("banks", "add", str(mine))
    coverage = quiz("banks", "--coverage", "--markdown", "--bank", "mine")
    assert coverage.exit_code == 0 and "| mine |" in coverage.output
    assert "add" in quiz("banks", "--help").output and "remove" in quiz("banks", "--help").output


# -- the settings file -------------------------------------------------------------------------


def test_config_shows_the_registered_banks_and_refuses_to_set_them(mine):
    quiz("banks", "add", str(mine))
    quiz("config", "new", "7")  # another setting saved keeps the registered banks
    assert registered() == [str(mine)]
    listing = quiz("config").output
    assert f"Registered banks (quiz banks add/remove): {mine}" in listing
    one_line_error(
        quiz("config", "banks", "x"),
        "the registered banks change through `quiz banks add PATH` and `quiz banks remove ID`",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("banks = 'a.yaml'\n", "banks must be a list of bank paths, not 'a.yaml'"),
        ("banks = [1]\n", "banks must be a list of bank paths, not [1]"),
        ("banks = ['rel/a.yaml']\n", "banks must hold absolute paths, not 'rel/a.yaml'"),
    ],
)
def test_a_hand_edited_bank_list_gone_wrong_names_the_file(text, message):
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    one_line_error(quiz("list"), f"{path}: {message}")


def test_new_total_setting():
    assert (
        quiz("config", "new_total", "30").output == f"new_total = 30  (saved in {config_path()})\n"
    )
    assert config.get("new_total") == 30
    assert (
        quiz("config", "new_total", "--unset").output
        == "new_total is back to its default (no cap)\n"
    )
    assert config.get("new_total") is None


# -- new cards: a limit per bank, an optional cap in all ---------------------------------------


@pytest.fixture
def two_banks(tmp_path):
    def bank(name: str) -> Path:
        lines = [f"bank: {name}", "questions:"]
        lines += [f"- {{id: {name}{n}, type: numeric, prompt: p, answer: {n}}}" for n in range(4)]
        return write(tmp_path / f"{name}.yaml", "\n".join(lines) + "\n")

    catalog = load_catalog([bank("a"), bank("b")], builtin=False)
    return catalog


def clock():
    return datetime(2026, 11, 27, 9, tzinfo=timezone.utc)


def queued(session):
    return [item.question.id for item in session.queue]


def test_the_new_limit_is_per_bank(store, two_banks):
    questions = two_banks.select()
    session = Session(
        store, questions, today=DAY, clock=clock, new_limit=2, bank_of=two_banks.bank_of
    )
    assert queued(session) == ["a0", "a1", "b0", "b1"]
    # Told no banks, the questions count as one.
    assert queued(Session(store, questions, today=DAY, clock=clock, new_limit=2)) == ["a0", "a1"]


def test_cards_introduced_today_count_against_their_own_bank(store, two_banks):
    for qid in ("a0", "a1"):
        store.record(qid, 5, now=clock(), day=DAY, schedule=policy.apply)
    session = Session(
        store, two_banks.select(), today=DAY, clock=clock, new_limit=2,
        bank_of=two_banks.bank_of,
    )  # fmt: skip
    assert queued(session) == ["b0", "b1"]
    # Narrowed to bank b by a filter, bank a's cards of today still count only for a.
    narrowed = Session(
        store, two_banks.select(["b"]), today=DAY, clock=clock, new_limit=2,
        bank_of=two_banks.bank_of,
    )  # fmt: skip
    assert queued(narrowed) == ["b0", "b1"]


def test_the_overall_cap_is_shared_between_banks(store, two_banks):
    session = Session(
        store, two_banks.select(), today=DAY, clock=clock, new_limit=3, new_total=3,
        bank_of=two_banks.bank_of,
    )  # fmt: skip
    assert queued(session) == ["a0", "a1", "b0"]
    store.record("b0", 5, now=clock(), day=DAY, schedule=policy.apply)
    later = Session(
        store, two_banks.select(), today=DAY, clock=clock, new_limit=3, new_total=3,
        bank_of=two_banks.bank_of,
    )  # fmt: skip
    assert queued(later) == ["a0", "b1"]


def test_plan_takes_new_cards_per_bank():
    assert plan([], {}, [], new_limit=5, introduced_today={}) == []


def test_after_the_builtin_banks_a_registered_banks_new_cards_still_come(mine):
    quiz("banks", "add", str(mine))
    quiz("config", "new", "1")
    before = quiz("review", "--bank", "conv-arithmetic", "--bank", "mine", input="", QUIZ_NOW=NOW)
    assert "[1/2] conv-arithmetic (new)" in before.output
    # Today's one new card of conv-arithmetic is taken; mine's still comes.
    Store(database_path()).record("conv-out-floor", 4, now=clock(), day=DAY, schedule=policy.apply)
    result = quiz("review", "--bank", "conv-arithmetic", "--bank", "mine", input="", QUIZ_NOW=NOW)
    assert "[1/1] mine (new)" in result.output


def test_nothing_to_review_says_the_limit_is_reached(mine):
    quiz("banks", "add", str(mine))
    result = quiz("review", "--bank", "mine", "--new", "0", QUIZ_NOW=NOW)
    assert result.exit_code == 0
    assert (
        "Nothing to review now: 0 due; 2 new cards waiting, today's limit of 0 new per bank"
        " is reached (quiz review --new 10 allows 10 more per bank)." in result.output
    )
    quiz("config", "new_total", "1")
    quiz("review", "--bank", "mine", input="B\n4\n", QUIZ_NOW=NOW)
    capped = quiz("review", "--bank", "mine", QUIZ_NOW=NOW)
    assert (
        "Nothing to review now: 0 due; 1 new card waiting, today's cap of 1 new card in all"
        " banks is reached (the new_total setting: quiz config new_total 11 allows 10 more)."
        in capped.output
    )


def test_nothing_to_review_says_when_the_next_card_is_due(mine):
    quiz("banks", "add", str(mine))
    quiz("review", "--bank", "mine", input="B\n4\n7\n4\n", QUIZ_NOW=NOW)
    result = quiz("review", "--bank", "mine", QUIZ_NOW=NOW)
    assert "Nothing to review: all 2 cards are done until 2026-11-28 (next due)." in result.output


# -- --tag -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["review"], ["list"], ["exam"]])
def test_an_unknown_tag_is_an_error_with_a_suggestion(mine, command):
    quiz("banks", "add", str(mine))
    one_line_error(
        quiz(*command, "--tag", "optimiser"),
        "unknown tag 'optimiser'; did you mean 'optimizer'?",
    )


def test_an_unknown_tag_without_a_near_one(mine):
    result = quiz("list", "--tag", "zzzzzz")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown tag 'zzzzzz' (tags: ")


def test_tags_match_whatever_their_case(mine):
    quiz("banks", "add", str(mine))
    listed = quiz("list", "--tag", "cnn-sizes").output
    assert [line.split()[0] for line in listed.splitlines()[1:]] == ["mine-num"]
    upper = quiz("list", "--tag", "CNN", "--bank", "conv-arithmetic").output
    assert len(upper.splitlines()) == 1 + 12
    assert "leech" not in quiz("list", "--tag", "LEECH").stderr


# -- stats and the session's forecast keep to the banks asked for ------------------------------


def test_stats_bank_covers_only_that_bank(mine):
    quiz("banks", "add", str(mine))
    quiz("review", "--bank", "mine", input="B\n4\n7\n4\n", QUIZ_NOW=NOW)
    quiz("review", "--bank", "conv-arithmetic", "--limit", "1", input="28\n4\n", QUIZ_NOW=NOW)
    import json

    data = json.loads(quiz("stats", "--json", "--bank", "mine", QUIZ_NOW=NOW).output)
    assert data["selected_banks"] == ["mine"]
    assert [m["name"] for m in data["banks"]] == ["mine"]
    assert {m["name"] for m in data["tags"]} == {"optimizer", "CNN-Sizes"}
    assert data["forecast"][1]["due"] == 2
    assert data["day"]["reviewed"] == 3  # today is the student's whole day
    everything = json.loads(quiz("stats", "--json", QUIZ_NOW=NOW).output)
    assert everything["selected_banks"] is None and everything["forecast"][1]["due"] == 3
    text = quiz("stats", "--bank", "mine", QUIZ_NOW=NOW).output
    assert text.splitlines()[0] == (
        "Bank: mine (today, the streak and the calendar count every bank)"
    )
    assert "tomorrow 2" in text


def test_the_session_forecast_counts_only_the_reviewed_banks(store, two_banks):
    store.record("a0", 4, now=clock(), day=DAY, schedule=policy.apply)
    session = Session(
        store, two_banks.select(["b"]), today=DAY, clock=clock, new_limit=1,
        bank_of=two_banks.bank_of,
    )  # fmt: skip
    session.grade(4)
    summary = session.finish()
    assert (summary.due_tomorrow, summary.due_week) == (1, 1)
    assert store.due_by(date(2026, 11, 28)) == 2


def test_any_registered_path_comes_back_from_the_file_as_it_went_in(tmp_path):
    odd = tmp_path / 'a"b\\c\x7fd\ne ü.yaml'
    config.register_bank(odd)
    assert config.registered_banks() == [odd]
    config.unregister_bank(odd)
    assert config.registered_banks() == []


def test_registered_banks_cannot_outgrow_the_settings_file(tmp_path):
    long = "x" * 200
    with pytest.raises(QuizError) as info:
        for n in range(100):
            config.register_bank(tmp_path / f"{long}{n}.yaml")
    assert "too many registered banks" in str(info.value)
    assert len(config.registered_banks()) < 100
