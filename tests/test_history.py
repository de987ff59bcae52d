"""Edits keep history: the id is the identity, renames carry it, removals orphan it."""

from __future__ import annotations

from typer.testing import CliRunner

from quiz.cli import app
from quiz.paths import database_path
from quiz.store import Store

runner = CliRunner()
DAY1 = "2026-11-27T12:00:00"
DAY2 = "2026-11-28T12:00:00"


def bank(tmp_path, body: str):
    path = tmp_path / "course.yaml"
    path.write_text("bank: course\nquestions:\n" + body)
    return path


ORIGINAL = """\
- id: width
  type: numeric
  prompt: "A 32x32 input, kernel 5, stride 1. Output width?"
  answer: 28
"""


def review(path, answers: str, now: str):
    return runner.invoke(app, ["review", "--bank", str(path)], input=answers, env={"QUIZ_NOW": now})


def test_an_edited_question_keeps_its_history_and_says_so(tmp_path):
    path = bank(tmp_path, ORIGINAL)
    assert "✓ Right" in review(path, "28\n4\n", DAY1).output
    before = Store(database_path()).card("width")
    path.write_text(path.read_text().replace("32x32", "36x36").replace("28", "32"))
    result = review(path, "32\n4\n", DAY2)
    assert "[1/1] course" in result.output
    assert "Edited since you last saw it: read it afresh." in result.output
    assert "A 36x36 input" in result.output and "✓ Right" in result.output
    store = Store(database_path())
    history = store.history("width")
    assert [r.answer for r in history] == ["28", "32"]  # one card, one history
    assert history[1].before == before
    assert store.card("width").state.repetitions == 2
    # Reviewed after the edit: no notice any more.
    shown = runner.invoke(app, ["show", "width", "--bank", str(path)], env={"QUIZ_NOW": DAY2})
    assert "Edited since" not in shown.output


def test_tags_and_explanations_are_not_edits(tmp_path):
    path = bank(tmp_path, ORIGINAL)
    review(path, "28\n4\n", DAY1)
    path.write_text(path.read_text() + "  explanation: floor((32 - 5)/1) + 1\n  tags: [conv]\n")
    assert "Edited since" not in review(path, "28\n4\n", DAY2).output


def test_a_renamed_question_takes_its_history_along(tmp_path):
    path = bank(tmp_path, ORIGINAL)
    review(path, "28\n4\n", DAY1)
    path.write_text(
        path.read_text().replace("- id: width", "- id: conv-width\n  renamed_from: [width]")
    )
    result = review(path, "28\n5\n", DAY2)
    assert "(due)" in result.output  # not a new card: its schedule came along
    store = Store(database_path())
    assert store.card("width") is None
    card = store.card("conv-width")
    assert card.reviews == 2 and card.state.repetitions == 2
    shown = runner.invoke(app, ["show", "conv-width", "--bank", str(path)], env={"QUIZ_NOW": DAY2})
    assert shown.output.count("review ") >= 2  # both reviews, the one under the old id too
    assert (
        "No orphaned cards" in runner.invoke(app, ["list", "--orphans", "--bank", str(path)]).output
    )


def test_suspend_follows_a_rename_first(tmp_path, monkeypatch):
    path = bank(tmp_path, ORIGINAL)
    review(path, "28\n4\n", DAY1)
    path.write_text(
        path.read_text().replace("- id: width", "- id: conv-width\n  renamed_from: [width]")
    )
    monkeypatch.setenv("QUIZ_BANKS", str(path))
    result = runner.invoke(app, ["suspend", "conv-width"], env={"QUIZ_NOW": DAY2})
    assert result.exit_code == 0, result.output
    store = Store(database_path())
    assert store.card("width") is None
    card = store.card("conv-width")
    assert card.suspended and card.reviews == 1  # the card with its history, not a new one


def test_a_removed_question_is_orphaned_not_deleted(tmp_path):
    path = bank(tmp_path, ORIGINAL)
    review(path, "28\n4\n", DAY1)
    path.write_text(
        "bank: course\nquestions:\n- {id: other, type: numeric, prompt: p, answer: 1}\n"
    )
    result = runner.invoke(app, ["list", "--orphans", "--bank", str(path)], env={"QUIZ_NOW": DAY2})
    assert result.exit_code == 0
    assert "width" in result.output and "1 orphaned: their history is kept" in result.output
    assert len(Store(database_path()).history("width")) == 1
    assert "width" not in review(path, "1\n4\n", DAY2).output  # never queued
    path.write_text(path.read_text() + ORIGINAL)
    back = review(path, "28\n4\n1\n4\n", DAY2)
    assert "A 32x32 input" in back.output
