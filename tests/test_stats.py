"""Every `quiz stats` figure on a hand-built history whose right numbers are known."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from quiz.bank.catalog import load_catalog
from quiz.cli import app
from quiz.paths import database_path
from quiz.schedule import policy
from quiz.store import Store
from quiz.study import stats

TODAY = date(2026, 11, 27)  # a Friday
NOW = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)


@pytest.fixture
def history(tmp_path):
    bank = tmp_path / "b.yaml"
    lines = ["bank: b", "questions:"]
    for n, tags in enumerate(["[easy]", "[easy, hard]", "[hard]", "[old]", "[old]", "[bad]"], 1):
        lines.append(f"- {{id: q{n}, type: numeric, prompt: p{n}, answer: {n}, tags: {tags}}}")
    lines.append("- {id: q7, type: numeric, prompt: p7, answer: 7}")
    bank.write_text("\n".join(lines) + "\n")
    store = Store(database_path())

    def review(qid, day, grade, correct=None, seconds=1.0, kind="review"):
        return store.record(
            qid,
            grade,
            now=NOW,
            day=day,
            correct=correct,
            seconds=seconds,
            kind=kind,
            schedule=policy.apply,
        )

    d = date.fromisoformat
    review("q1", d("2026-11-25"), 4, True)
    review("q1", d("2026-11-26"), 4, True)
    review("q1", TODAY, 5, True, seconds=10)
    review("q2", TODAY, 1, False, seconds=20)
    undone = review("q3", TODAY, 4, True, seconds=5)
    store.undo(undone.review_id, now=NOW, day=TODAY)
    # q4 and q5 become mature (intervals 1, 6, 17, 48), then one is failed, one recalled.
    for qid, last in (("q4", 2), ("q5", 4)):
        for day, grade in (("2026-06-01", 5), ("2026-06-02", 5), ("2026-06-08", 5),
                           ("2026-06-25", 5), ("2026-08-12", last)):  # fmt: skip
            review(qid, d(day), grade, grade >= 3)
    for n in range(8):  # q6 fails eight times: a leech
        review("q6", d("2026-09-01") + timedelta(days=n), 1, False)
    return store, load_catalog([bank], builtin=False)


def test_today_and_streak(history):
    store, catalog = history
    result = stats.compute(store, catalog, TODAY)
    assert (result.day.reviewed, result.day.new, result.day.judged, result.day.correct) == (
        2, 1, 2, 1,
    )  # fmt: skip
    assert result.day.percent_correct == 50.0 and result.day.seconds == 30.0
    assert result.streak == 3  # 25, 26 and 27 November
    assert result.total_reviews == 3 + 1 + 10 + 8  # the undone answer is not counted


def test_streak_counts_from_yesterday_before_todays_review(history):
    store, catalog = history
    assert stats.compute(store, catalog, TODAY + timedelta(days=1)).streak == 3
    assert stats.compute(store, catalog, TODAY + timedelta(days=2)).streak == 0


def test_heatmap(history):
    store, catalog = history
    heatmap = dict(stats.compute(store, catalog, TODAY).heatmap)
    assert len(heatmap) == 7 * 26
    assert min(heatmap) == TODAY - timedelta(days=181) and max(heatmap) == TODAY
    assert heatmap[TODAY] == 2 and heatmap[date(2026, 11, 26)] == 1
    assert heatmap[date(2026, 6, 1)] == 2 and heatmap[date(2026, 9, 3)] == 1
    assert sum(heatmap.values()) == 3 + 1 + 10 + 8
    lines = stats.heatmap_rows(stats.compute(store, catalog, TODAY).heatmap)
    assert len(lines) == 7 and all(len(line) <= 76 for line in lines)  # 4 for the day names
    assert lines[4].rstrip().endswith("█")  # Friday, the busiest day, in the last column


def test_forecast(history):
    store, catalog = history
    forecast = stats.compute(store, catalog, TODAY).forecast
    assert len(forecast) == 30 and forecast[0][0] == TODAY
    due = {day: n for day, n in forecast if n}
    # q4 failed on 12 Aug (due 13 Aug): overdue, so counted today. q1: 27 Nov + 6 × 2.5 days.
    # q2 failed today: tomorrow. q5: 12 Aug + ceil(48 * 2.9) = 140 days = 30 Dec.
    assert due == {
        TODAY: 1,
        TODAY + timedelta(days=1): 1,
        date(2026, 12, 12): 1,
    }


def test_true_retention_per_bucket(history):
    store, catalog = history
    result = stats.compute(store, catalog, TODAY)
    buckets = {b.label: (b.reviews, b.passed) for b in result.retention}
    assert buckets == {"21–44 d": (0, 0), "45–89 d": (2, 1), "90–179 d": (0, 0), "180+ d": (0, 0)}
    assert result.true_retention == 50.0


def test_mastery_hardest_and_leeches(history):
    store, catalog = history
    result = stats.compute(store, catalog, TODAY)
    [bank] = result.banks
    assert (bank.name, bank.questions, bank.learned, bank.mature) == ("b", 7, 2, 1)
    tags = {m.name: (m.questions, m.learned, m.mature) for m in result.tags}
    assert tags == {"easy": (2, 1, 0), "hard": (2, 0, 0), "old": (2, 1, 1), "bad": (1, 0, 0)}
    assert [c["id"] for c in result.hardest] == ["q6", "q2", "q4"]
    assert result.hardest[0] == {
        "id": "q6",
        "lapses": 8,
        "easiness": 1.3,
        "leech": True,
        "bank": "b",
    }
    assert result.leeches == ["q6"]


def test_stats_command_text_and_json(history, monkeypatch):
    store, catalog = history
    bank = str(catalog.banks[0].path)
    runner = CliRunner()
    env = {"QUIZ_NOW": "2026-11-27T12:00:00", "COLUMNS": "80"}
    text = runner.invoke(app, ["stats", "--bank", bank], env=env)
    assert text.exit_code == 0, text.output
    assert "Today (2026-11-27): 2 reviews (1 new) · 50% correct · 0m 30s" in text.output
    assert "Streak: 3 days · 22 reviews in all" in text.output
    assert "True retention of mature cards: 50.0% of 2 reviews" in text.output
    assert "today 1 · tomorrow 1 · next 7 days 2 · next 30 days 3" in text.output
    assert "Leeches (suspended): q6" in text.output
    assert "\x1b[" not in text.output and max(map(len, text.output.splitlines())) <= 80
    data = json.loads(runner.invoke(app, ["stats", "--json", "--bank", bank], env=env).output)
    assert data["streak"] == 3 and data["true_retention"] == 50.0
    assert data["day"]["percent_correct"] == 50.0 and len(data["heatmap"]) == 182
