"""The review log as files a spreadsheet or a script can read: CSV or JSON lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from quiz.errors import QuizError
from quiz.model import Card
from quiz.store import Store

CSV_COLUMNS = (
    "id", "at", "day", "question_id", "kind", "variant", "answer", "correct", "grade",
    "seconds", "easiness_before", "interval_before", "easiness_after", "interval_after",
    "due_after", "undoes", "mistake",
)  # fmt: skip


def write_log(store: Store, target: Path) -> int:
    """Write every review to `target` (.csv or .jsonl); returns how many."""
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise QuizError(f"{target}: name it .csv or .jsonl to choose the format")
    try:
        with open(target, "w", encoding="utf-8", newline="") as out:
            if suffix == ".csv":
                return _write_csv(store, out)
            return _write_jsonl(store, out)
    except OSError as exc:
        raise QuizError(f"{target}: cannot write it ({exc.strerror or exc})") from None


def _write_csv(store: Store, out: Any) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for review in store.all_reviews():
        before, after = review.before, review.after
        writer.writerow(
            [
                review.id, review.at, review.day.isoformat(), review.question_id, review.kind,
                json.dumps(review.variant, sort_keys=True) if review.variant else "",
                review.answer or "", _flag(review.correct), _blank(review.grade),
                _blank(review.seconds),
                _blank(before and before.state.easiness), _blank(before and before.state.interval),
                _blank(after and after.state.easiness), _blank(after and after.state.interval),
                after.due_day.isoformat() if after else "", _blank(review.undoes),
                review.mistake or "",
            ]
        )  # fmt: skip
        count += 1
    return count


def _write_jsonl(store: Store, out: Any) -> int:
    count = 0
    for review in store.all_reviews():
        row = {
            "id": review.id,
            "at": review.at,
            "day": review.day.isoformat(),
            "question_id": review.question_id,
            "kind": review.kind,
            "variant": review.variant,
            "answer": review.answer,
            "correct": review.correct,
            "grade": review.grade,
            "seconds": review.seconds,
            "before": _state(review.before),
            "after": _state(review.after),
            "undoes": review.undoes,
            "mistake": review.mistake,
        }
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _state(card: Card | None) -> dict[str, Any] | None:
    return json.loads(card.to_json()) if card else None


def _flag(value: bool | None) -> str:
    return "" if value is None else str(int(value))


def _blank(value: Any) -> Any:
    return "" if value is None else value
