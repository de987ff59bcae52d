"""The review loop's keys and prompts in a real terminal: type-ahead, commands at either
prompt, line editing, undo across sessions, grades with their intervals, four-key grading,
editing a question, burying and flagging, the proof on screen, and two reviews at once."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pexpect
import pytest

from conftest import REPO, child_env, quiz, write_bank
from quiz import clock
from quiz.bank.catalog import load_file
from quiz.paths import database_path
from quiz.schedule import policy
from quiz.store import Store
from quiz.tui.input import ENTER_AFTER_KEY

GRADE = r"Grade \[\d\] › "


def spawn(*args: str, rows: int = 40, columns: int = 100, timeout: int = 20, **env: str):
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", *args],
        cwd=str(REPO),
        env=child_env(TERM="dumb", **env),
        encoding="utf-8",
        timeout=timeout,
        dimensions=(rows, columns),
    )
    child.logfile_read = io.StringIO()
    return child


def ended(child) -> str:
    """Wait for the review to end cleanly; what it showed, as if the terminal were wide."""
    child.expect(pexpect.EOF)
    child.close()
    output = child.logfile_read.getvalue()
    assert child.exitstatus == 0, output
    assert "Traceback" not in output
    return " ".join(output.split())


def answers_of(question_id: str) -> list[tuple[str, str | None, int | None]]:
    return [(r.kind, r.answer, r.grade) for r in Store(database_path()).history(question_id)]


# -- type-ahead -------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_enter_typed_with_the_grade_key_stays_with_it(mini_bank):
    child = spawn("review", "--bank", str(mini_bank))
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(GRADE)
    child.send("4\r")  # one keystroke after the other, before the next card shows
    child.expect_exact("[2/4] mini")
    child.expect_exact("› ")
    child.sendline("(3, 2)")
    child.expect_exact("✓ Right")
    child.expect(GRADE)
    child.send("4")
    child.expect_exact("[3/4] mini")
    child.expect_exact("› ")
    child.send("\r")  # the Enter of "4⏎", arriving once the next card is on screen
    child.sendline("c")
    child.expect_exact("Answer: ")
    child.expect(r"Grade \[\d\] › ")
    child.send("4")
    child.expect_exact("Your answer (Enter to reveal) › ")
    child.send("\r")  # the same, at an open question: it must not reveal the answer
    child.sendline("it keeps the gradient at 1")
    child.expect_exact("Its derivative is 1 for positive inputs.")
    child.expect_exact("Grade (0-5) › ")
    child.send("4")
    output = ended(child)
    assert "type a number" not in output and "not graded" not in output
    assert answers_of("mini-shape") == [("review", "(3, 2)", 4)]
    [(kind, answer, grade)] = answers_of("mini-choice")  # in the bank's letters
    assert kind == "review" and answer.upper() in "ABC" and grade == 4
    assert answers_of("mini-open") == [("review", "it keeps the gradient at 1", 4)]


@pytest.mark.slow
def test_a_bare_enter_a_moment_after_the_grade_reveals_the_open_answer(tmp_path):
    bank = write_bank(
        tmp_path,
        """\
        bank: lab
        questions:
          - {id: lab-num, type: numeric, prompt: "2 + 2?", answer: 4}
          - {id: lab-open, type: open, prompt: "Why ReLU?", answer: "Its slope is 1."}
        """,
        {},
    )
    child = spawn("review", "--bank", str(bank))
    child.expect_exact("› ")
    child.sendline("4")
    child.expect(GRADE)
    child.send("4")
    child.expect_exact("Your answer (Enter to reveal) › ")
    time.sleep(ENTER_AFTER_KEY + 0.3)  # read the question first
    child.send("\r")
    child.expect_exact("Its slope is 1.")
    child.expect_exact("Grade (0-5) › ")
    child.send("q")
    ended(child)


SLOW_KEY = """
import time

def answer(a=1, *, device="cpu"):
    time.sleep(2)
    return a + 4
"""


@pytest.mark.slow
def test_keys_typed_while_the_key_is_computed_are_not_the_answer(tmp_path):
    bank = write_bank(
        tmp_path,
        """\
        bank: lab
        questions:
          - id: lab-slow
            type: numeric
            params: {a: [3]}
            prompt: "What is {a} + 4?"
            answer: snippet
            snippet: slow_key
        """,
        {"slow_key": SLOW_KEY},
    )
    assert quiz("trust", str(bank)).exit_code == 0
    child = spawn("review", "--bank", str(bank), timeout=60)
    child.expect_exact("Computing this card's key")
    child.sendline("777")  # typed ahead, before the card is on screen
    child.expect_exact("What is 3 + 4?")
    child.expect_exact("› ")
    child.sendline("7")
    child.expect_exact("✓ Right")
    child.expect(GRADE)
    child.send("4")
    ended(child)
    assert answers_of("lab-slow") == [("review", "7", 4)]


# -- commands ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_colon_commands_work_at_the_grade_prompt(mini_bank):
    child = spawn("review", "--bank", str(mini_bank))
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(GRADE)
    child.send(":s\r")
    child.expect_exact("Suspended mini-num")
    child.expect_exact("Shape of torch.zeros(2, 3).T?")
    child.expect_exact("› ")
    child.sendline("(3, 2)")
    child.expect(GRADE)
    child.send(":u\r")
    child.expect_exact("Undid the suspension of mini-num; it comes up again now.")
    child.expect_exact("Output width?")
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(GRADE)
    child.send(":q\r")
    child.expect_exact("Stopped. Every graded answer is saved.")
    ended(child)
    store = Store(database_path())
    assert store.history("mini-num") == [] and store.history("mini-shape") == []
    assert store.card("mini-num") is None  # new again: the suspension made it a card


@pytest.mark.slow
def test_nothing_to_undo_and_an_unknown_command_say_one_thing(mini_bank):
    child = spawn("review", "--bank", str(mini_bank))
    child.expect_exact("› ")
    child.sendline(":u")
    child.expect_exact("  Nothing to undo today.")
    child.expect_exact("› ")
    child.sendline(":x")
    child.expect_exact("  unknown command :x; ? shows the answer · :u undo")
    child.expect_exact("› ")
    child.sendline("28")
    child.expect_exact("✓ Right")
    child.expect(GRADE)
    child.send("u")
    child.expect_exact("  Nothing to undo today.")
    child.expect(GRADE)
    child.send("q")
    output = ended(child)
    assert output.count("Nothing to undo today.") == 2
    assert output.count("unknown command") == 1
    assert "not graded" not in output and "type a number" not in output


@pytest.mark.slow
def test_the_last_grade_of_the_day_is_undone_after_a_restart(mini_bank):
    child = spawn("review", "--bank", str(mini_bank))
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(GRADE)
    child.send("4")
    child.expect_exact("[2/4] mini")
    child.expect_exact("› ")
    child.sendline(":q")
    ended(child)
    again = spawn("review", "--bank", str(mini_bank))
    again.expect_exact("› ")
    again.sendline(":u")
    again.expect_exact("Undid the grade of mini-num; it comes up again now.")
    again.expect_exact("Output width?")
    again.expect_exact("› ")
    again.sendline("27")
    again.expect_exact("✗ Wrong")
    again.expect(r"Grade \[1\] › ")
    again.send("\r")
    again.expect_exact("it comes back later in this session")
    again.expect_exact("› ")
    again.sendline(":q")
    ended(again)
    kinds = [(kind, answer) for kind, answer, _ in answers_of("mini-num")]
    assert kinds == [("review", "28"), ("undo", None), ("review", "27")]


@pytest.mark.slow
def test_line_editing_and_this_sessions_lines(mini_bank, tmp_path):
    child = spawn("review", "--bank", str(mini_bank), HOME=str(tmp_path))
    child.expect_exact("› ")
    child.sendline("2x")
    child.expect_exact("not graded, try again")
    child.expect_exact("› ")
    child.send("\x1b[A")  # up: the line typed before
    child.send("\x7f8")  # backspace over the x, then 8
    child.send("\x1b[H")  # Home
    child.send(" \r")
    child.expect_exact("✓ Right")
    child.expect(GRADE)
    child.send("q")
    ended(child)
    assert answers_of("mini-num") == []
    assert not list(tmp_path.glob(".*history*"))  # no history file written


# -- grades -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_grade_prompt_shows_the_interval_each_grade_gives(mini_bank):
    today = clock.today()
    store = Store(database_path())
    now = datetime.now(timezone.utc)
    store.record("mini-num", 4, now=now, day=today - timedelta(days=7), schedule=policy.apply)
    store.record("mini-num", 4, now=now, day=today - timedelta(days=6), schedule=policy.apply)
    store.close()
    child = spawn("review", "--bank", str(mini_bank))
    child.expect_exact("[1/4] mini (due)")
    child.expect_exact("› ")
    child.sendline("28")
    # Repetition 3 of a card at 6 days, EF 2.50: 6 × 2.5 = 15 days for a pass, 1 for a miss.
    child.expect_exact("Next review: 0 1d · 1 1d · 2 1d · 3 15d · 4 15d · 5 15d")
    child.expect(GRADE)
    child.send("3")
    child.expect_exact("Saved: next review in 15 days")
    child.expect_exact("› ")
    child.sendline("(3, 2)")
    child.expect_exact("Next review: 0 1d · 1 1d · 2 1d · 3 1d · 4 1d · 5 1d")  # a new card
    child.expect(GRADE)
    child.send("q")
    ended(child)


@pytest.mark.slow
def test_four_grade_keys(mini_bank):
    assert quiz("config", "grades", "4").exit_code == 0
    child = spawn("review", "--bank", str(mini_bank))
    child.expect_exact("› ")
    child.sendline("28")
    child.expect_exact("Enter keeps it · 1-4 changes it")
    child.expect_exact("Next review: 1 again 1d · 2 hard 1d · 3 good 1d · 4 easy 1d")
    child.expect(r"Grade \[(3 good|4 easy)\] › ")
    child.send("2")
    child.expect_exact("Saved: next review in 1 day")
    child.expect_exact("› ")
    child.sendline("(2, 3)")
    child.expect_exact("✗ Wrong")
    child.expect_exact("Grade [1 again] › ")
    child.send("5")  # no such key among four
    child.expect_exact("1 again · 2 hard · 3 good · 4 easy")
    child.expect_exact("Grade [1 again] › ")
    child.send("1")
    child.expect_exact("it comes back later in this session")
    child.expect_exact("› ")
    child.sendline(":q")
    ended(child)
    assert answers_of("mini-num") == [("review", "28", 3)]  # hard
    assert answers_of("mini-shape") == [("review", "(2, 3)", 1)]  # again


def test_the_grades_setting_takes_four_or_six():
    result = quiz("config", "grades", "5")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: grades must be 6 (grades 0-5) or 4 (again, hard, good, easy), not '5'\n"
    )


@pytest.mark.slow
def test_the_summary_counts_the_time_on_the_cards(mini_bank):
    child = spawn("review", "--bank", str(mini_bank))
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(GRADE)
    time.sleep(2.2)  # reading the explanation: time on the card, not time to answer
    child.send("4")
    child.expect_exact("[2/4] mini")
    child.expect_exact("› ")
    child.sendline(":q")
    output = ended(child)
    spent = re.search(
        r"Reviewed 1 card \(1 new\) · 100% of 1 judged answer right · (\d+)s on", output
    )
    assert spent and int(spent.group(1)) >= 2, output
    [row] = Store(database_path()).history("mini-num")
    assert row.seconds < 2  # the log keeps the time to answer


# -- your own banks ---------------------------------------------------------------------------

EDITOR = """
import json, pathlib, sys

here = pathlib.Path(sys.argv[0]).parent
(here / "editor-args.json").write_text(json.dumps(sys.argv[1:]))
old, new = json.loads((here / "edit.json").read_text())
path = pathlib.Path(sys.argv[2])
path.write_text(path.read_text().replace(old, new))
"""


@pytest.mark.slow
def test_e_edits_the_question_at_its_line_and_reloads_the_card(mini_bank, tmp_path):
    bank = tmp_path / "mini.yaml"
    shutil.copy(mini_bank, bank)
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR)
    instructions = tmp_path / "edit.json"
    instructions.write_text(json.dumps(["answer: [3, 2]", "anwser: [3, 2]"]))  # an error
    child = spawn("review", "--bank", str(bank), EDITOR=f"{sys.executable} {editor}", VISUAL="")
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(GRADE)
    child.send("4")
    child.expect_exact("Shape of torch.zeros(2, 3).T?")
    child.expect_exact("› ")
    child.sendline(":e")
    child.expect_exact("error: missing 'answer'")
    child.expect_exact("Not reloaded: the file has errors (your edit is kept in it)")
    child.expect_exact("› ")
    assert "anwser: [3, 2]" in bank.read_text()  # nothing lost
    line = load_file(mini_bank).questions[1].line
    assert json.loads((tmp_path / "editor-args.json").read_text()) == [f"+{line}", str(bank)]
    instructions.write_text(
        json.dumps(["anwser: [3, 2]\n", 'answer: [3, 2]\n    explanation: "Transposed."\n'])
    )
    child.sendline("(3, 2)")
    child.expect_exact("✓ Right")
    child.expect(GRADE)
    child.send("e")
    child.expect_exact("Reloaded mini-shape from")
    child.expect_exact("Shape of torch.zeros(2, 3).T?")  # shown afresh
    child.expect_exact("› ")
    child.sendline("(3, 2)")
    child.expect_exact("Transposed.")
    child.expect(GRADE)
    child.send("4")
    child.expect_exact("[3/4] mini")
    child.expect_exact("› ")
    child.sendline(":q")
    ended(child)
    assert answers_of("mini-shape") == [("review", "(3, 2)", 4)]


@pytest.mark.slow
def test_e_without_an_editor_or_in_a_built_in_bank_says_why(mini_bank):
    child = spawn("review", "--bank", str(mini_bank), EDITOR="", VISUAL="")
    child.expect_exact("› ")
    child.sendline(":e")
    child.expect_exact("No editor to open: set EDITOR (or VISUAL)")
    child.expect_exact("› ")
    child.sendline(":q")
    ended(child)
    child = spawn("review", "--bank", "conv-arithmetic", EDITOR="true")
    child.expect_exact("› ")
    child.sendline(":e")
    child.expect_exact("read-only")  # the whole line is checked below, unwrapped
    child.expect_exact("› ")
    child.sendline(":q")
    output = ended(child)
    assert "is in the built-in bank conv-arithmetic, which is read-only: copy the question" in (
        output
    )
    assert "(`quiz new bank NAME` starts one)" in output


@pytest.mark.slow
def test_bury_and_flag(mini_bank):
    child = spawn("review", "--bank", str(mini_bank))
    child.expect_exact("› ")
    child.sendline(":f")
    child.expect_exact("Flagged mini-num: `quiz list --flagged` lists it")
    child.expect_exact("› ")  # still this card
    child.sendline("28")
    child.expect(GRADE)
    child.send("b")
    child.expect_exact("Buried mini-num: it comes back on the next study day")
    child.expect_exact("Shape of torch.zeros(2, 3).T?")
    child.expect_exact("› ")
    child.sendline(":q")
    ended(child)
    assert Store(database_path()).history("mini-num") == []  # buried, not graded
    listed = quiz("list", "--bank", str(mini_bank), "--flagged")
    assert listed.exit_code == 0
    assert "mini-num" in listed.output and "mini-shape" not in listed.output
    again = spawn("review", "--bank", str(mini_bank))
    again.expect_exact("[1/3] mini")  # not again today
    again.expect_exact("Shape of torch.zeros(2, 3).T?")
    again.expect_exact("› ")
    again.sendline(":q")
    ended(again)
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    later = spawn("review", "--bank", str(mini_bank), QUIZ_NOW=tomorrow)
    later.expect_exact("Output width?")
    later.expect_exact("› ")
    later.sendline(":q")
    ended(later)


# -- the proof on screen ----------------------------------------------------------------------

INDENTED = """
def answer(n=3, *, device="cpu"):
    total = 0
    for step in range(n):
        if step % 2 == 0:
            total += step  # a comment long enough to run past the edge of a sixty-column screen
    print(f"summed {total}")
    return total
"""
TALL = (
    "def answer(*, device='cpu'):\n    total = 0\n"
    + "".join(f"    total += {n}\n" for n in range(60))
    + "    return total\n"
)


@pytest.mark.slow
def test_the_proof_shows_its_verdict_and_the_code_only_on_c(tmp_path):
    bank = write_bank(
        tmp_path,
        """\
        bank: lab
        questions:
          - {id: lab-sum, type: numeric, prompt: "Sum of the even steps below 3?", answer: 2,
             snippet: indented}
          - {id: lab-tall, type: numeric, prompt: "Sum of 0..59?", answer: 1770, snippet: tall}
        """,
        {"indented": INDENTED, "tall": TALL},
    )
    assert quiz("trust", str(bank)).exit_code == 0
    paged = tmp_path / "paged.txt"
    child = spawn(
        "review",
        "--bank",
        str(bank),
        rows=35,
        columns=60,
        timeout=60,
        PAGER=f"cat > {paged}",
        COLUMNS="60",
        LINES="35",
    )
    child.expect_exact("› ")
    child.sendline("2")
    child.expect(GRADE)
    child.send("r")
    child.expect_exact("summed 2")
    child.expect_exact("✓ Proved")
    child.expect_exact("c shows the code it ran")
    child.expect(GRADE)
    assert "def answer" not in child.logfile_read.getvalue()
    child.send("c")
    child.expect_exact('def answer(n=3, *, device="cpu"):')
    child.expect_exact("\r\n    for step in range(n):\r\n        if step % 2 == 0:\r\n")
    child.expect(r"            total \+= step  # a comment long[^\r\n]*…\r\n")
    child.expect(GRADE)
    child.send("4")
    child.expect_exact("Sum of 0..59?")
    child.expect_exact("› ")
    child.sendline("1770")
    child.expect(GRADE)
    child.send("c")  # taller than the screen: through the pager
    child.expect(GRADE)
    child.send("q")
    output = ended(child)
    assert "total += 59" not in output
    shown = paged.read_text()
    assert "    total += 0\n" in shown and "    total += 59\n" in shown


SLOW_PROOF = """
import time

def answer(*, device="cpu"):
    print("thinking", flush=True)
    time.sleep(20)
    return 4
"""


@pytest.mark.slow
def test_ctrl_c_cancels_a_proof_and_a_second_one_ends_the_session(tmp_path):
    bank = write_bank(
        tmp_path,
        """\
        bank: lab
        questions:
          - {id: lab-slow, type: numeric, prompt: "2 + 2?", answer: 4, snippet: slow_proof}
        """,
        {"slow_proof": SLOW_PROOF},
    )
    assert quiz("trust", str(bank)).exit_code == 0
    child = spawn("review", "--bank", str(bank), timeout=60)
    child.expect_exact("› ")
    child.sendline("4")
    child.expect(GRADE)
    child.send("r")
    child.expect_exact("thinking")
    child.sendintr()
    child.expect_exact("Proof cancelled: back to the card. Ctrl-C again ends the session.")
    child.expect(GRADE)
    child.sendintr()
    child.expect_exact("Stopped. Every graded answer is saved.")
    output = ended(child)
    assert "No cards graded this session." in output
    assert Store(database_path()).history("lab-slow") == []


# -- two reviews on one database --------------------------------------------------------------


@pytest.mark.slow
def test_a_second_review_cannot_grade_a_card_twice(mini_bank):
    first = spawn("review", "--bank", str(mini_bank))
    first.expect_exact("Output width?")
    first.expect_exact("› ")
    second = spawn("review", "--bank", str(mini_bank))
    second.expect_exact(f"Another quiz review is open (pid {first.pid})")
    second.expect_exact("Output width?")
    second.expect_exact("› ")
    second.sendline("28")
    second.expect(GRADE)
    second.send("4")
    second.expect_exact("Saved: next review in 1 day")
    second.expect_exact("› ")
    second.sendline(":q")
    assert (
        f"Another quiz review is open (pid {first.pid}); grades made here are checked against it."
    ) in ended(second)
    first.sendline("28")
    first.expect(GRADE)
    first.send("4")
    first.expect_exact("Not saved: ")
    first.expect_exact("Shape of torch.zeros(2, 3).T?")  # the card was skipped
    first.expect_exact("› ")
    first.sendline(":q")
    output = ended(first)
    assert (
        "Not saved: mini-num changed in another quiz review after it was shown here; the card"
        " leaves this session."
    ) in output
    assert [grade for _, _, grade in answers_of("mini-num")] == [4]
    assert Store(database_path()).card("mini-num").state.interval == 1  # not 6 days


def test_the_marker_is_gone_once_reviews_end(mini_bank):
    assert quiz("review", "--bank", str(mini_bank), input="28\n4\n").exit_code == 0
    assert not [p for p in Path(database_path()).parent.iterdir() if ".review-" in p.name]


@pytest.mark.slow
def test_piped_input_never_loads_readline(mini_bank):
    import subprocess

    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quiz", "review", "--bank", str(mini_bank)],
        input="28\n4\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        timeout=60,
    )
    assert result.returncode == 0 and "✓ Right" in result.stdout
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "readline" not in imported
