"""The review loop in a real pseudo-terminal, the way a student uses it."""

import io
import signal
import sys

import pexpect
import pytest

from conftest import REPO, child_env, write_bank
from quiz.paths import database_path
from quiz.schedule import policy
from quiz.store import Store

pytestmark = pytest.mark.slow


def spawn(*args, **env):
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", *args],
        cwd=str(REPO),
        env=child_env(TERM="dumb", **env),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    return child


def first_card_graded(mini_bank):
    """A review whose first card is answered and graded 4, waiting at the second's prompt."""
    child = spawn("review", "--bank", str(mini_bank))
    child.logfile_read = io.StringIO()
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(r"Grade \[\d\] › ")
    child.send("4")
    child.expect_exact("[2/4] mini")
    child.expect_exact("› ")
    return child


def test_a_whole_session_in_a_terminal(mini_bank):
    child = spawn("review", "--bank", str(mini_bank))
    # 1. a right answer, suggested grade kept with Enter
    child.expect_exact("[1/4] mini")
    child.expect_exact("› ")
    child.sendline("28")
    child.expect_exact("✓ Right")
    child.expect_exact("Answer: 28")
    child.expect(r"Grade \[4\] › ")
    child.send("\r")
    child.expect_exact("Saved: next review in 1 day")
    # 2. a wrong answer: it will come back in this session
    child.expect_exact("[2/4] mini")
    child.expect_exact("› ")
    child.sendline("(2, 3)")
    child.expect_exact("✗ Wrong")
    child.expect_exact("Answer: (3, 2)")
    child.expect(r"Grade \[1\] › ")
    child.send("\r")
    child.expect_exact("it comes back later in this session")
    # 3. a right answer, then undone from the next card's prompt
    child.expect_exact("[3/5] mini")
    child.expect_exact("› ")
    child.sendline("c")
    child.expect_exact("✓ Right")
    child.expect(r"Grade \[4\] › ")
    child.send("4")
    child.expect_exact("[4/5] mini")
    child.expect_exact("Your answer (Enter to reveal) › ")
    child.sendline(":u")
    child.expect_exact("Undid the grade of mini-choice; it comes up again now.")
    child.expect_exact("[3/5] mini")
    child.expect_exact("› ")
    child.sendline("C")
    child.expect(r"Grade \[\d\] › ")
    child.send("4")
    # 4. the open question: reveal, then suspend instead of grading
    child.expect_exact("[4/5] mini")
    child.expect_exact("Your answer (Enter to reveal) › ")
    # An answer in words: a bare Enter this soon after the grade key would belong to it.
    child.sendline("it keeps gradients alive")
    child.expect_exact("Its derivative is 1 for positive inputs.")
    child.expect_exact("Grade (0-5) › ")
    child.send("s")
    child.expect_exact("Suspended mini-open")
    # 5. the repeat of the wrong card comes back; Ctrl-C ends cleanly
    child.expect_exact("(repeat)")
    child.expect_exact("› ")
    child.kill(signal.SIGINT)
    child.expect_exact("Stopped. Every graded answer is saved.")
    child.expect_exact("Reviewed 3 cards (3 new)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in child.before

    store = Store(database_path())
    [num] = store.history("mini-num")
    assert (num.kind, num.answer, num.correct, num.grade) == ("review", "28", True, 4)
    [shape] = store.history("mini-shape")
    assert (shape.correct, shape.grade) == (False, 1)
    assert store.card("mini-shape").lapses == 1
    choice = store.history("mini-choice")
    assert [(r.kind, r.grade) for r in choice] == [("review", 4), ("undo", None), ("review", 4)]
    assert choice[1].undoes == choice[0].id
    assert store.card("mini-choice").reviews == 1  # the undone grade left no trace
    assert store.history("mini-open") == [] and store.card("mini-open").suspended


def test_the_reveal_says_what_a_nearly_right_answer_got_wrong(tmp_path):
    bank = write_bank(
        tmp_path,
        """\
        bank: lab
        questions:
          - id: lab-primes
            type: multi
            prompt: Which are prime?
            choices: [two, four, five, six, seven]
            answer: [A, C, E]
          - id: lab-lenet
            type: numeric
            prompt: How many parameters has LeNet-5?
            answer: 61706
        """,
        {},
    )
    child = spawn("review", "--bank", str(bank))
    child.expect_exact("Which are prime?")
    letter = {}  # the choices may be shown in any order: read their letters off the screen
    for _ in range(5):
        child.expect(r"([A-E])\) (two|four|five|six|seven)\r\n")
        letter[child.match.group(2)] = child.match.group(1)
    child.expect_exact("› ")
    child.sendline(" ".join(letter[word] for word in ("two", "five", "six")))
    child.expect_exact("✗ Wrong")
    child.expect_exact(f"missing {letter['seven']} · extra {letter['six']}")
    child.expect_exact("Answer: ")
    child.expect(r"Grade \[1\] › ")
    child.send("\r")
    child.expect_exact("How many parameters has LeNet-5?")
    child.expect_exact("› ")
    child.sendline("61.7k")
    child.expect_exact("✗ Wrong")
    child.expect_exact("close: the exact count is expected")
    child.expect_exact("Answer: 61,706")
    child.expect(r"Grade \[1\] › ")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_end_of_input_at_the_grade_key_ends_cleanly(mini_bank):
    child = spawn("review", "--bank", str(mini_bank))
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(r"Grade \[\d\] › ")
    child.sendeof()
    child.expect_exact("Stopped. Every graded answer is saved.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert Store(database_path()).history("mini-num") == []


def test_colour_in_a_terminal_plain_when_piped(mini_bank):
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "review", "--bank", str(mini_bank)],
        cwd=str(REPO),
        env=child_env(TERM="xterm-256color"),
        encoding="utf-8",
        timeout=20,
    )
    child.expect_exact("› ")
    assert "\x1b[" in child.before
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


def test_undo_refused_after_another_terminal_graded_the_card(mini_bank):
    from datetime import datetime, timezone

    from quiz import clock

    child = first_card_graded(mini_bank)
    # A second terminal reviews the same card on the same database.
    other = Store(database_path())
    other.record(
        "mini-num", 5, now=datetime.now(timezone.utc), day=clock.today(), schedule=policy.apply
    )
    other.close()
    child.sendline(":u")
    child.expect_exact(
        "  Cannot undo: mini-num was reviewed again after that answer; the grade stands."
    )
    child.expect_exact("› ")  # the same card is still asked
    child.sendline("(3, 2)")
    child.expect_exact("✓ Right")
    child.expect(r"Grade \[\d\] › ")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in child.logfile_read.getvalue()
    kinds = [r.kind for r in Store(database_path()).history("mini-num")]
    assert kinds == ["review", "review"]


def test_a_restore_during_the_review_leaves_the_orphaned_repeat_out(mini_bank, tmp_path):
    backup = tmp_path / "backup.db"
    Store(database_path()).backup_to(backup)
    child = spawn("review", "--bank", str(mini_bank))
    child.logfile_read = io.StringIO()
    child.expect_exact("› ")
    child.sendline("0")  # wrong: mini-num comes back as a repeat after three cards
    child.expect(r"Grade \[1\] › ")
    child.send("\r")
    child.expect_exact("it comes back later in this session")
    child.expect_exact("› ")
    # `quiz restore` from another terminal: the database forgets mini-num.
    Store(database_path()).restore_from(backup, keep_current_as=tmp_path / "kept.db")
    for answer in ("(3, 2)", "c"):
        child.sendline(answer)
        child.expect(r"Grade \[\d\] › ")
        child.send("4")
        child.expect_exact("› ")
    child.sendline("in words")  # the open card: reveal, then grade it
    child.expect_exact("Grade (0-5) › ")
    child.send("4")
    child.expect_exact("(repeat)")
    child.expect_exact("› ")
    child.sendline("28")
    child.expect(r"Grade \[\d\] › ")
    child.send("\r")
    child.expect_exact("Not saved: ")
    child.expect_exact("Reviewed 4 cards (4 new)")  # the repeat is not among them
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output = " ".join(child.logfile_read.getvalue().split())  # as if the terminal were wide
    assert (
        "Not saved: cannot drill mini-num: it has never been reviewed; the card leaves this"
        " session."
    ) in output
    assert "Traceback" not in output
    assert Store(database_path()).history("mini-num") == []


def test_undo_refused_after_a_restore_replaced_the_database(mini_bank, tmp_path):
    backup = tmp_path / "backup.db"
    Store(database_path()).backup_to(backup)
    child = first_card_graded(mini_bank)
    Store(database_path()).restore_from(backup, keep_current_as=tmp_path / "kept.db")
    child.sendline(":u")
    child.expect_exact("Cannot undo: ")
    child.expect_exact("› ")  # the same card is still asked
    child.sendline(":q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output = " ".join(child.logfile_read.getvalue().split())
    assert (
        "Cannot undo: the database no longer holds that answer to mini-num (it was restored or"
        " changed since); the grade stands."
    ) in output
    assert "Traceback" not in output
