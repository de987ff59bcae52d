"""Mock exams: the paper, the countdown, the report, recording and history."""

from __future__ import annotations

import re
import sys

import pexpect
import pytest
from typer.testing import CliRunner

from conftest import REPO, child_env
from quiz.cli import app
from quiz.paths import database_path
from quiz.schedule import policy
from quiz.store import Store

runner = CliRunner()
# mini-choice's answers in the bank's letters: `typed` turns them into the letters shown.
RIGHT = {"mini-num": "28", "mini-shape": "(3, 2)", "mini-choice": "C"}
WRONG = {"mini-num": "1", "mini-shape": "1x1", "mini-choice": "A"}


def shown(mini_bank, seed: int, bank_letter: str) -> str:
    """The letter a paper drawn with `seed` shows mini-choice's choice `bank_letter` under."""
    from quiz.bank.catalog import load_file
    from quiz.study.exam import choice_order

    [question] = [q for q in load_file(mini_bank).questions if q.id == "mini-choice"]
    return choice_order(question, seed).shown_letter(bank_letter)


def typed(mini_bank, seed: int, answers: dict[str, str], count: int = 3, **draw) -> str:
    """Input lines answering the paper that `seed` draws, in its order."""
    from quiz.bank.catalog import load_file
    from quiz.study.exam import draw_paper

    paper = draw_paper(load_file(mini_bank).questions, count, seed, **draw)
    lines = [answers[q.id] for q in paper.questions]
    return "".join(
        (shown(mini_bank, seed, line) if q.id == "mini-choice" else line) + "\n"
        for q, line in zip(paper.questions, lines, strict=True)
    )


@pytest.mark.slow
def test_time_runs_out_on_the_last_question(mini_bank):
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "exam", "--bank", str(mini_bank), "--count", "3", "--minutes", "0.1",
         "--seed", "1"],
        cwd=str(REPO), env=child_env(TERM="dumb"), encoding="utf-8", timeout=30,
        dimensions=(40, 100),
    )  # fmt: skip
    # Momentum (B in the bank) is a wrong choice, under whichever letter the seed shows it.
    answers = {"A 32×32": "28", "Shape of": "(3, 2)", "optimizer": shown(mini_bank, 1, "B")}
    for number in (1, 2):
        child.expect(rf"\[{number}/3\] mini  ⏱ 0:0\d left")
        child.expect(r"(A 32×32|Shape of|optimizer)")
        typed = answers[child.match.group(1)]
        child.expect_exact("› ")
        child.sendline(typed)
    child.expect(r"\[3/3\] mini")
    child.expect_exact("› ")
    child.expect_exact("Time is up: unanswered questions count as wrong.", timeout=15)
    child.expect(r"Score: (\d)/3")
    score = int(child.match.group(1))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    report = child.before
    assert "—" in report  # the unanswered question
    from quiz.bank.catalog import load_file
    from quiz.study.exam import draw_paper

    order = [q.id for q in draw_paper(load_file(mini_bank).questions, 3, 1).questions]
    assert score == sum(qid != "mini-choice" for qid in order[:2])
    [stored] = Store(database_path()).exams()
    assert stored["questions"] == 3 and stored["correct"] == score
    assert [a["given"] is None for a in stored["answers"]] == [False, False, True]
    assert Store(database_path()).review_count() == 0  # the schedule is untouched


def test_same_seed_same_paper(mini_bank):
    papers = []
    for _ in range(2):
        result = runner.invoke(
            app, ["exam", "--bank", str(mini_bank), "--count", "2", "--seed", "42"], input=""
        )
        papers.append(re.findall(r"\[\d/2\] mini.*\n(.*)\n", result.output))
    assert papers[0] == papers[1] and len(papers[0]) >= 1


def test_report_lists_wrong_answers_with_key_explanation_and_proof(mini_bank, tmp_path):
    out = tmp_path / "exam.md"
    result = runner.invoke(
        app,
        ["exam", "--bank", str(mini_bank), "--count", "3", "--seed", "3", "--report", str(out)],
        input=typed(mini_bank, 3, WRONG),
    )
    assert result.exit_code == 0, result.output
    assert "Score: 0/3 (0%)" in result.output
    assert "Key: 28" in result.output and "(32 − 5)/1 + 1 = 28" in result.output
    text = out.read_text()
    assert text.startswith("# Mock exam: 0/3 (0%)")
    assert "## What to review" in text and "- Key: (3, 2)" in text
    assert "| mini | 0 | 3 |" in text


def test_a_paper_shuffles_choices_by_its_seed_and_history_keeps_the_bank_letters(
    mini_bank, tmp_path
):
    adam, momentum = shown(mini_bank, 1, "C"), shown(mini_bank, 1, "B")
    assert adam != "C"  # seed 1 moves the key, else this test could not tell the orders apart
    out = tmp_path / "exam.md"
    wrong_choice = {**RIGHT, "mini-choice": "B"}  # Momentum: the report then shows the key
    result = runner.invoke(
        app,
        ["exam", "--bank", str(mini_bank), "--count", "3", "--seed", "1", "--record",
         "--report", str(out)],
        input=typed(mini_bank, 1, wrong_choice),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"  {adam}) Adam" in result.output and f"  {momentum}) Momentum" in result.output
    assert "Score: 2/3" in result.output
    assert f"Your answer: {momentum}\n" in result.output
    assert f"Key: {adam}) Adam" in result.output
    report = out.read_text()
    assert f"- Your answer: {momentum}\n" in report and f"- Key: {adam}) Adam" in report
    # What is kept speaks the bank's letters, whatever order the paper showed.
    [stored] = Store(database_path()).exams()
    assert [a["given"] for a in stored["answers"] if a["id"] == "mini-choice"] == ["B"]
    [review] = Store(database_path()).history("mini-choice")
    assert (review.answer, review.correct) == ("B", False)


def test_the_same_seed_shows_the_same_order_and_another_seed_may_not(mini_bank):
    from quiz.bank.catalog import load_file
    from quiz.study.exam import choice_order

    [question] = [q for q in load_file(mini_bank).questions if q.id == "mini-choice"]
    assert choice_order(question, 7) == choice_order(question, 7)
    assert len({choice_order(question, seed).shown for seed in range(20)}) > 1


def test_record_turns_answers_into_reviews(mini_bank):
    runner.invoke(
        app, ["exam", "--bank", str(mini_bank), "--count", "3", "--seed", "3", "--record"],
        input=typed(mini_bank, 3, RIGHT),
    )  # fmt: skip
    store = Store(database_path())
    assert store.review_count() == 3
    assert all(
        store.card(q).state.repetitions == 1 for q in ("mini-num", "mini-shape", "mini-choice")
    )


def test_history_shows_scores_per_bank(mini_bank):
    for answers in (RIGHT, WRONG):
        runner.invoke(
            app,
            ["exam", "--bank", str(mini_bank), "--count", "3", "--seed", "3"],
            input=typed(mini_bank, 3, answers),
        )
    result = runner.invoke(app, ["exam", "--history"])
    assert result.exit_code == 0
    assert "3/3 (100%)" in result.output and "0/3 (0%)" in result.output
    assert "mini" in result.output and "100% → 0%" in result.output


def test_focus_weak_starts_with_leeches(mini_bank):
    store = Store(database_path())
    from datetime import date, datetime, timezone

    for n in range(8):
        store.record(
            "mini-shape",
            1,
            now=datetime.now(timezone.utc),
            day=date(2026, 1, 1 + n),
            schedule=policy.apply,
        )
    result = runner.invoke(
        app, ["exam", "--bank", str(mini_bank), "--count", "1", "--focus", "weak", "--seed", "5"],
        input="",
    )  # fmt: skip
    assert "Shape of torch.zeros(2, 3).T?" in result.output


def test_bad_focus_is_one_line():
    result = runner.invoke(app, ["exam", "--focus", "strong"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: --focus 'strong': the only focus is 'weak'"


# -- open questions, marked by the student -------------------------------------------------

OPEN = {**RIGHT, "mini-open": "Its slope is one when active"}


def open_paper(mini_bank, seed: int) -> list[str]:
    from quiz.bank.catalog import load_file
    from quiz.study.exam import draw_paper

    paper = draw_paper(load_file(mini_bank).questions, 4, seed, open_questions=True)
    return [q.id for q in paper.questions]


def test_open_questions_stay_off_the_paper_unless_asked(mini_bank):
    result = runner.invoke(app, ["exam", "--bank", str(mini_bank), "--count", "4"], input="")
    assert "3 questions" in result.output and "mini-open" not in result.output
    assert sorted(open_paper(mini_bank, 1)) == [
        "mini-choice",
        "mini-num",
        "mini-open",
        "mini-shape",
    ]


@pytest.mark.parametrize(("verdict", "score"), [("y", "4/4 (100%)"), ("n", "3/4 (75%)")])
def test_an_open_answer_is_marked_by_the_student_after_the_paper(
    mini_bank, tmp_path, verdict, score
):
    out = tmp_path / "exam.md"
    lines = typed(mini_bank, 1, OPEN, 4, open_questions=True) + "x\n" + verdict + "\n"
    args = ["exam", "--bank", str(mini_bank), "--count", "4", "--seed", "1", "--open", "--record"]
    result = runner.invoke(app, [*args, "--report", str(out)], input=lines)
    assert result.exit_code == 0, result.output
    marking = result.output.split("Mark your open answers")[1].split("Exam report")[0]
    assert "Yours: Its slope is one when active" in marking
    assert "Model: Its derivative is 1 for positive inputs." in marking
    assert "y: it was right · n: it was not" in marking  # the stray "x"
    assert f"Score: {score}" in result.output
    right = verdict == "y"
    assert ("✓" if right else "✗") + " (self-marked)" in out.read_text()
    [stored] = Store(database_path()).exams()
    assert [a["correct"] for a in stored["answers"] if a["id"] == "mini-open"] == [right]
    [review] = Store(database_path()).history("mini-open")
    assert review.answer == "Its slope is one when active" and (review.grade >= 4) == right


def test_a_blank_open_answer_is_wrong_without_marking(mini_bank):
    lines = typed(mini_bank, 1, {**OPEN, "mini-open": ""}, 4, open_questions=True)
    result = runner.invoke(
        app,
        ["exam", "--bank", str(mini_bank), "--count", "4", "--seed", "1", "--open"],
        input=lines,
    )
    assert result.exit_code == 0
    assert "Mark your open answers" not in result.output and "Score: 3/4 (75%)" in result.output


@pytest.mark.slow
def test_marking_takes_single_keys_in_a_terminal(mini_bank):
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "exam", "--bank", str(mini_bank), "--count", "4", "--seed", "1", "--open"],
        cwd=str(REPO), env=child_env(TERM="dumb"), encoding="utf-8", timeout=30,
        dimensions=(40, 100),
    )  # fmt: skip
    for line in typed(mini_bank, 1, OPEN, 4, open_questions=True).splitlines():
        child.expect_exact("› ")
        child.sendline(line)
    child.expect_exact("Does yours say the same? [y/n] › ")
    child.send("y")
    child.expect_exact("Score: 4/4 (100%)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
