"""The command line's rough edges: help printed once, `--version`, shell completion,
interrupted exams in the history, a date alone in QUIZ_NOW, and text laid out for reading
and copying (commands whole, choices under their text, explanations narrow, plurals)."""

from __future__ import annotations

import io
import re
import shlex
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime, timezone
from types import SimpleNamespace

import pexpect
import pytest
from rich.console import Console

from conftest import QUIZ, REPO, child_env, quiz, write_bank
from quiz import __version__, clock, migrations
from quiz.paths import database_path
from quiz.store import Store

MINI_BANK = REPO / "tests" / "assets" / "mini.yaml"
MINI = str(MINI_BANK)


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*QUIZ, *args], capture_output=True, text=True, env=child_env(**env), cwd=REPO, timeout=60
    )


# -- 3. a group named alone prints its help once ---------------------------------------------


@pytest.mark.parametrize("group", [[], ["run"], ["new"], ["export"]])
def test_a_group_alone_prints_its_help_once(group):
    result = run_cli(*group)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.count("Usage:") == 1
    assert result.stdout == run_cli(*group, "--help").stdout


@pytest.mark.parametrize("group", [[], ["run"], ["new"], ["export"]])
def test_rich_help_is_printed_once_too(group, monkeypatch, capsys):
    """typer's rich help prints while click's no-args error is made: asking for `--help`
    again, as main() did, showed it twice."""
    from quiz import cli

    monkeypatch.setattr(cli.app, "rich_markup_mode", "rich")
    for info in cli.app.registered_groups:
        monkeypatch.setattr(info.typer_instance, "rich_markup_mode", "rich")
    monkeypatch.setattr(sys, "argv", ["quiz", *group])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    out, err = capsys.readouterr()
    assert exited.value.code == 0 and err == ""
    assert out.count("Usage:") == 1


# -- --version ----------------------------------------------------------------------------------


def test_version_names_the_installed_version():
    from importlib.metadata import version

    result = run_cli("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"quiz {version('quiz')}\n", "")
    assert version("quiz") == __version__


def test_version_without_an_installed_distribution_is_the_package_s(monkeypatch):
    import importlib.metadata

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    result = quiz("--version")
    assert (result.exit_code, result.output) == (0, f"quiz {__version__}\n")


# -- completion ---------------------------------------------------------------------------------


def test_question_ids_complete_from_the_loaded_banks():
    from quiz.cli import _complete_question

    ids = _complete_question(SimpleNamespace(params={}), "activations-s")
    assert ids and ids == sorted(ids)
    assert all(i.startswith("activations-s") for i in ids)
    assert "activations-sigmoid-peak" in ids


def test_question_ids_complete_from_the_banks_given_before_them():
    from quiz.cli import _complete_question

    narrowed = SimpleNamespace(params={"bank": [MINI]})
    assert _complete_question(narrowed, "mini-") == [
        "mini-choice",
        "mini-num",
        "mini-open",
        "mini-shape",
    ]
    assert _complete_question(SimpleNamespace(params={"bank": ["mini"]}), "") == []


def test_bank_ids_complete_and_paths_are_left_to_the_shell():
    from quiz.cli import _complete_bank

    assert _complete_bank(SimpleNamespace(params={}), "act") == ["activations"]
    assert "mini" in _complete_bank(SimpleNamespace(params={"bank": [MINI]}), "")
    for path in ("./", "banks/", "~/x", "../"):
        assert _complete_bank(SimpleNamespace(params={}), path) == []


def test_a_bank_that_does_not_load_completes_nothing(tmp_path):
    from quiz.cli import _complete_bank, _complete_question

    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: broken\nquestions: [{id: x}]\n")
    assert _complete_question(SimpleNamespace(params={"bank": [str(broken)]}), "") == []
    assert _complete_bank(SimpleNamespace(params={"bank": [str(broken)]}), "") == []


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("quiz ex", ["exam", "export"]),
        ("quiz show activations-sig", ["activations-sigmoid-peak"]),
        ("quiz run question activations-sig", ["activations-sigmoid-peak"]),
        ("quiz review --bank activ", ["activations"]),
        (f"quiz list --bank {MINI} --bank mi", ["mini"]),
        (f"quiz show --bank {MINI} mini-c", ["mini-choice"]),
        ("quiz suspend mini-c", []),  # not a loaded bank's
    ],
)
def test_the_shell_completes_through_the_environment(words, expected):
    cword = str(len(shlex.split(words)) - 1)
    result = run_cli(_QUIZ_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.split() == expected


def test_suspend_completes_the_ids_of_the_banks_in_quiz_banks():
    words = "quiz suspend mini-c"
    result = run_cli(
        _QUIZ_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD="2", QUIZ_BANKS=MINI
    )
    assert result.stdout.split() == ["mini-choice"]


def test_completion_is_installable():
    result = run_cli("--show-completion", "bash")
    assert result.returncode == 0
    assert "_QUIZ_COMPLETE=complete_bash" in result.stdout


def test_building_the_commands_loads_no_bank():
    code = (
        "import sys, typer, quiz.cli; typer.main.get_command(quiz.cli.app);"
        " assert 'quiz.bank.catalog' not in sys.modules, 'catalog imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


# -- 4. an interrupted exam -------------------------------------------------------------------


def paper():
    from quiz.bank.catalog import load_file
    from quiz.study import exam

    questions = {q.id: q for q in load_file(MINI_BANK).questions}
    keys = {"mini-num": 28.0, "mini-shape": [3, 2], "mini-choice": "C"}
    return [exam.Answer(questions[q], None, None, keys[q]) for q in keys]


def typing(monkeypatch, *lines):
    """Keys.line gives these lines, then what each callable in `lines` does."""
    from quiz.tui.input import Keys

    queue = list(lines)

    def line(self, *args, **kwargs):
        step = queue.pop(0)
        return step() if callable(step) else step

    monkeypatch.setattr(Keys, "line", line)


def ctrl_c():
    raise KeyboardInterrupt


def sit(prepared, minutes=None):
    from quiz.tui import exam as examiner

    console = Console(file=io.StringIO(), width=100)
    ended = examiner.sit(prepared, console, minutes=minutes, lang=None, interactive=False)
    return ended, console.file.getvalue()


def test_ctrl_c_interrupts_the_paper_and_keeps_the_answers(monkeypatch):
    prepared = paper()
    typing(monkeypatch, "28", ctrl_c)
    interrupted, shown = sit(prepared)
    assert interrupted
    assert "Stopped: unanswered questions count as wrong." in shown
    assert [a.given for a in prepared] == ["28", None, None]
    assert [a.correct for a in prepared] == [True, False, False]


def test_the_time_limit_interrupts_the_paper(monkeypatch):
    prepared = paper()
    typing(monkeypatch, "28", lambda: time.sleep(10))
    started = time.monotonic()
    interrupted, shown = sit(prepared, minutes=0.01)
    assert interrupted and time.monotonic() - started < 5
    assert "Time is up" in shown
    assert [a.given for a in prepared] == ["28", None, None]


def test_a_paper_answered_to_the_end_is_not_interrupted(monkeypatch):
    prepared = paper()
    typing(monkeypatch, "28", "(3, 2)", "A")
    interrupted, shown = sit(prepared)
    assert not interrupted and "Stopped" not in shown
    assert [a.correct for a in prepared] == [True, True, False]


def exam_lines(seed: int, answers: dict[str, str], count: int | None = None) -> str:
    from quiz.bank.catalog import load_file
    from quiz.study.exam import draw_paper

    order = draw_paper(load_file(MINI_BANK).questions, 3, seed).questions
    return "".join(answers[q.id] + "\n" for q in order[:count])


RIGHT = {"mini-num": "28", "mini-shape": "(3, 2)", "mini-choice": "C"}


def test_an_interrupted_exam_is_saved_as_such_and_left_out_of_the_trend():
    args = ["exam", "--bank", MINI, "--count", "3", "--seed", "3"]
    whole = quiz(*args, input=exam_lines(3, RIGHT))
    assert whole.exit_code == 0 and "Interrupted" not in whole.output
    stopped = quiz(*args, input=exam_lines(3, RIGHT, count=1))  # then the input ends
    assert stopped.exit_code == 0, stopped.output
    assert "Score: 1/3 (33%)" in stopped.output
    assert "Interrupted: 1 of 3 answered, 1 right; `quiz exam --history` keeps it out of the" in (
        " ".join(stopped.output.split())
    )
    first, second = Store(database_path()).exams()
    assert (first["interrupted"], second["interrupted"]) == (False, True)

    history = quiz("exam", "--history")
    assert history.exit_code == 0
    assert "3/3 (100%)" in history.output
    assert "interrupted: 1 of 3 answered, 1 right" in history.output
    assert "33%" not in history.output
    [trend] = [line for line in history.output.splitlines() if line.startswith("mini ")]
    assert trend.split() == ["mini", "100%"]
    assert "Interrupted exams are left out of the scores per bank." in history.output


def test_a_history_of_interrupted_exams_alone_shows_no_trend():
    quiz("exam", "--bank", MINI, "--count", "3", "--seed", "3", input="")
    history = quiz("exam", "--history")
    assert "interrupted: 0 of 3 answered, 0 right" in history.output
    assert "Score per bank" not in history.output


def test_the_markdown_report_says_it_was_interrupted(tmp_path):
    out = tmp_path / "exam.md"
    args = ["exam", "--bank", MINI, "--count", "3", "--seed", "3", "--report", str(out)]
    quiz(*args, input=exam_lines(3, RIGHT, count=2))
    assert out.read_text().splitlines()[:3] == [
        "# Mock exam: 2/3 (67%)",
        "",
        "Interrupted: 2 of 3 answered, 2 right.",
    ]


def test_the_migration_marks_earlier_exams_that_were_cut_short(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply_pending(conn, migrations.NAMES.index("m007_exam_interrupted"))
    rows = [
        '[{"id": "a", "given": "1", "correct": true}, {"id": "b", "given": null}]',
        '[{"id": "a", "given": "1", "correct": true}]',
        "not json",
    ]
    for answers in rows:
        conn.execute(
            "INSERT INTO exams (started_at, seed, topics, questions, correct, seconds, recorded,"
            " answers) VALUES ('2026-01-01T00:00:00+00:00', 1, '{}', 2, 1, 1.0, 0, ?)",
            [answers],
        )
    conn.close()
    store = Store(path)
    flags = [r for (r,) in store.conn.execute("SELECT interrupted FROM exams ORDER BY id")]
    assert flags == [1, 0, 0]


@pytest.mark.slow
def test_ctrl_c_in_a_terminal_saves_an_interrupted_exam():
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "exam", "--bank", MINI, "--count", "3", "--seed", "3"],
        cwd=str(REPO), env=child_env(TERM="dumb"), encoding="utf-8", timeout=30,
        dimensions=(40, 100),
    )  # fmt: skip
    first = exam_lines(3, RIGHT, count=1).strip()
    child.expect_exact("› ")
    child.sendline(first)
    child.expect(r"\[2/3\]")
    child.expect_exact("› ")
    child.sendintr()
    child.expect_exact("Stopped: unanswered questions count as wrong.")
    child.expect_exact("Interrupted: 1 of 3 answered, 1 right")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [saved] = Store(database_path()).exams()
    assert saved["interrupted"] and saved["correct"] == 1


# -- 7. a date alone in QUIZ_NOW ---------------------------------------------------------------


def test_a_date_alone_is_the_start_of_that_study_day(monkeypatch):
    monkeypatch.setenv("QUIZ_NOW", "2026-12-02")
    assert clock.now() == datetime(2026, 12, 2, 4, tzinfo=timezone.utc)
    assert clock.today().isoformat() == "2026-12-02"
    monkeypatch.setenv("QUIZ_ROLLOVER_HOUR", "6")
    assert clock.now() == datetime(2026, 12, 2, 6, tzinfo=timezone.utc)


def test_a_date_alone_is_read_in_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    monkeypatch.setenv("QUIZ_NOW", "2026-12-02")
    assert clock.now() == datetime(2026, 12, 1, 19, tzinfo=timezone.utc)  # 4 am in Tokyo
    assert clock.today().isoformat() == "2026-12-02"


def test_cards_due_on_a_pinned_date_show_on_it():
    noon = "2026-12-01T12:00:00"
    first = quiz("review", "--bank", MINI, "--limit", "1", input="28\n4\n", QUIZ_NOW=noon)
    assert "Saved: next review in 1 day" in first.output  # due on 2026-12-02
    due = quiz("list", "--due", "--bank", MINI, QUIZ_NOW="2026-12-02")
    assert due.exit_code == 0 and "mini-num" in due.output


# -- 9. text laid out for reading and copying -------------------------------------------------


def mini_question(question_id: str):
    from quiz.bank.catalog import load_file

    return next(q for q in load_file(MINI_BANK).questions if q.id == question_id)


def console(width: int) -> Console:
    return Console(width=width, file=io.StringIO(), highlight=False, color_system=None)


def lines_of(out: Console) -> list[str]:
    return out.file.getvalue().splitlines()


LEECH = (
    "conv-output-width is a leech: failed 8 times, so it is now suspended and tagged 'leech'."
    " Rewrite it in your own words, then `quiz unsuspend conv-output-width`."
)


@pytest.mark.parametrize("width", [60, 200])
def test_a_command_is_never_broken_across_lines(width):
    from quiz.tui.render import print_keeping_commands

    out = console(width)
    print_keeping_commands(out, LEECH)
    lines = lines_of(out)
    assert any("`quiz unsuspend conv-output-width`." in line for line in lines)
    assert " ".join(" ".join(lines).split()) == LEECH
    assert all(len(line) <= width for line in lines)
    assert len(lines) == (1 if width == 200 else 3)


def test_a_command_wider_than_the_terminal_runs_past_its_edge():
    from quiz.tui.render import print_keeping_commands

    command = "quiz check 'a folder with a long name/and a bank inside it.yaml' --run"
    out = console(60)
    print_keeping_commands(out, f"  Then `{command}`, and keep the rest wrapped as prose is.")
    assert lines_of(out) == [
        "  Then",
        f"  `{command}`,",
        "  and keep the rest wrapped as prose is.",
    ]


def test_choices_wrap_under_their_text():
    from quiz.tui.render import print_question

    long = "SGD with a step learning-rate schedule that divides the rate by ten every 30 epochs"
    for width in (60, 200):
        out = console(width)
        question = replace(mini_question("mini-choice"), choices=({"en": long},))
        print_question(out, question, "Which optimizer?", None)
        lines = lines_of(out)[1:]
        assert lines[0].startswith("  A) SGD with")
        if width == 60:
            assert len(lines) == 2 and lines[1].startswith("     ") and lines[1][5] != " "
        else:
            assert lines == [f"  A) {long}"]


def test_explanations_are_at_most_100_columns_wide():
    from quiz.tui.render import print_explanation

    text = "Adam divides each parameter's step by the root of its running mean. " * 6
    for width, widest in ((200, 100), (60, 60)):
        out = console(width)
        print_explanation(out, text)
        lines = lines_of(out)
        assert max(len(line.rstrip()) for line in lines) <= widest
        assert max(len(line.rstrip()) for line in lines) > widest - 15


def test_plurals_read_right():
    from quiz.tui.render import plural

    assert [plural(n, "repeat") for n in (0, 1, 2)] == ["0 repeats", "1 repeat", "2 repeats"]
    assert plural(1, "snippet") == "1 snippet" and plural(1204, "card") == "1,204 cards"


def test_a_session_with_one_repeat_says_so():
    from quiz.study.session import Summary
    from quiz.tui.review import render_summary

    out = console(100)
    render_summary(out, Summary(reviewed=2, judged=2, correct=2, seconds=30, drills=1))
    assert "(1 repeat)" in out.file.getvalue()


def test_the_exam_report_keeps_its_proof_command_whole(tmp_path):
    bank = write_bank(
        tmp_path,
        """\
        bank: lab
        questions:
          - id: conv-output-width-with-padding-and-stride
            type: numeric
            prompt: "A 32×32 input, kernel 5. Output width?"
            answer: 28
            explanation: "floor((32 + 2·0 − 5) / 1) + 1 = 28, the formula every later layer uses."
            snippet: width
        """,
        {"width": "def answer(*, device='cpu'):\n    return 28\n"},
    )
    result = quiz("exam", "--bank", str(bank), "--seed", "1", input="1\n", COLUMNS="60")
    assert result.exit_code == 0, result.output
    command = "`quiz run question conv-output-width-with-padding-and-stride`"
    assert any(line.endswith(command) for line in result.output.splitlines())


def test_the_one_key_of_a_paper_is_one_key(monkeypatch):
    from quiz.study.exam import Paper
    from quiz.tui import exam as examiner

    question = replace(mini_question("mini-num"), answer="snippet")

    class Keys:
        def prefetch_all(self, pending):
            pass

        def key(self, question, variant):
            return 28.0

    out = console(100)
    examiner.prepare(Paper(1, [question], [None], [None]), Keys(), out)
    assert "computing 1 key with its snippet…" in out.file.getvalue()


# -- the bank that `quiz new bank` writes -----------------------------------------------------


def test_the_new_bank_passes_a_strict_check(tmp_path):
    made = quiz("new", "bank", "week3", "--dir", str(tmp_path))
    assert made.exit_code == 0, made.output
    checked = quiz("check", "--strict", str(tmp_path / "week3.yaml"))
    assert checked.exit_code == 0, checked.output
    assert checked.output.endswith("0 errors, 0 warnings\n")


def test_the_next_steps_after_quiz_new_bank_are_whole_commands(tmp_path):
    folder = tmp_path / "my banks"
    made = quiz("new", "bank", "week3", "--dir", str(folder), COLUMNS="60")
    assert made.exit_code == 0, made.output
    bank = shlex.quote(str(folder / "week3.yaml"))
    for command in (f"quiz check {bank}", f"quiz trust {bank}", f"quiz check {bank} --run"):
        assert any(f"`{command}`" in line for line in made.output.splitlines()), command


def mentioned_commands(text: str) -> set[str]:
    """Every `quiz …` a text tells its reader to run: in backticks, or a comment's line."""
    found = set(re.findall(r"`(quiz [^`]*)`", text))
    found |= {m.strip() for m in re.findall(r"^\s*#\s+(quiz [^#\n]*)", text, re.MULTILINE)}
    return found


def test_every_command_the_templates_mention_exists():
    import typer

    from quiz.bank.templates import bank_template, question_template
    from quiz.cli import app
    from quiz.model import QUESTION_TYPES

    text, snippets = bank_template("week3")
    texts = [text, *snippets.values(), *(question_template(t) for t in QUESTION_TYPES)]
    commands = set().union(*(mentioned_commands(t) for t in texts))
    assert {"quiz check week3.yaml --run", "quiz trust week3.yaml"} <= commands
    root = typer.main.get_command(app)
    for command in sorted(commands):
        words = shlex.split(command.replace("...", ""))[1:]
        node, path = root, ["quiz"]
        while words and words[0] in getattr(node, "commands", {}):
            path.append(words[0])
            node = node.commands[words.pop(0)]
        assert not hasattr(node, "commands"), f"{command}: names no command"
        node.make_context(" ".join(path), words)  # a usage error fails the test


@pytest.mark.parametrize("group", [[], ["scheduler"], ["export"], ["run"], ["new"], ["banks"]])
def test_command_summaries_are_whole_sentences_not_cut_with_dots(group):
    """The Commands list shows each command's first sentence; one too long for the column
    is cut with "..." mid-phrase, so each first sentence is kept short."""
    page = quiz(*group, "--help", COLUMNS="80").output
    listing = page.split("Commands:", 1)[1].strip().splitlines()
    assert listing
    for line in listing:
        assert not line.rstrip().endswith("..."), line
        assert line.rstrip().endswith("."), line
