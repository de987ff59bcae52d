"""The student's mistakes, read from the review log: which of the questions' named mistakes
they make most, which parameter values of parametric drills they get wrong most, and which
questions `quiz review --mistakes` drills.

The store counts (undone answers aside); this module maps ids renamed since the answers
were logged, keeps the questions asked for, and ranks. `quiz stats` shows both figures and
puts them in its JSON.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from quiz.bank.catalog import Catalog
from quiz.model import Text
from quiz.store import Store

FREQUENT_ROWS = 10
"""The most frequent mistakes `quiz stats` lists."""
RATE_ROWS = 5
"""The parameter values with the highest error rate that `quiz stats` lists."""
MIN_ATTEMPTS = 3
"""A parameter value answered fewer times than this tells nothing yet."""
DRILL_QUESTIONS = 20
"""The questions `quiz review --mistakes` drills: those with the most mistakes logged."""


@dataclass(frozen=True)
class Frequent:
    """One of a question's mistakes, and how often the student's answers were it."""

    question_id: str
    name: str
    count: int
    explain: Text
    """Its explanation, as the bank now writes it ({} if the bank no longer names it)."""


@dataclass(frozen=True)
class ParamRate:
    """The answers to the variants of a parametric question where a param had one value."""

    question_id: str
    param: str
    value: Any
    wrong: int
    attempts: int

    @property
    def rate(self) -> float:
        return self.wrong / self.attempts


def frequent(
    store: Store,
    catalog: Catalog,
    question_ids: Iterable[str] | None = None,
    limit: int = FREQUENT_ROWS,
) -> list[Frequent]:
    """The mistakes made most often (of `question_ids`' questions, when given), most first."""
    counts = _mistake_counts(store, catalog, question_ids)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    found = []
    for (qid, name), count in ranked[:limit]:
        question = catalog.questions[qid] if qid in catalog.questions else None
        named = [m.explain for m in question.mistakes if m.name == name] if question else []
        found.append(Frequent(qid, name, count, named[0] if named else {}))
    return found


def param_rates(
    store: Store,
    catalog: Catalog,
    question_ids: Iterable[str] | None = None,
    *,
    limit: int = RATE_ROWS,
    least: int = MIN_ATTEMPTS,
) -> list[ParamRate]:
    """For each parametric question, each param and each of its values: the judged answers
    to variants with that value, and how many were wrong. The `limit` rows answered at least
    `least` times with the highest share wrong (none that were all right), highest first."""
    renames = catalog.renames()
    wanted = None if question_ids is None else set(question_ids)
    wrong: Counter[tuple[str, str, str]] = Counter()
    attempts: Counter[tuple[str, str, str]] = Counter()
    for logged_id, variant_text, correct in store.variant_answers():
        qid = renames.get(logged_id, logged_id)
        if (wanted is not None and qid not in wanted) or qid not in catalog.questions:
            continue
        try:
            variant = json.loads(variant_text)
        except ValueError:
            continue
        if not isinstance(variant, dict):
            continue
        for param, value in variant.items():
            group = (qid, str(param), json.dumps(value, sort_keys=True))
            attempts[group] += 1
            wrong[group] += not correct
    rows = []
    for group, count in attempts.items():
        if count >= least and wrong[group]:
            qid, param, value = group
            rows.append(ParamRate(qid, param, json.loads(value), wrong[group], count))
    rows.sort(key=lambda r: (-r.rate, -r.wrong, r.question_id, r.param, json.dumps(r.value)))
    return rows[:limit]


def drill_ids(
    store: Store, catalog: Catalog, question_ids: Iterable[str], limit: int = DRILL_QUESTIONS
) -> list[str]:
    """Of `question_ids`, the `limit` questions whose mistakes the student made most often,
    most first: what `quiz review --mistakes` drills."""
    wanted = list(question_ids)
    per_question: Counter[str] = Counter()
    for (qid, _), count in _mistake_counts(store, catalog, wanted).items():
        per_question[qid] += count
    ranked = sorted(per_question.items(), key=lambda item: (-item[1], item[0]))
    return [qid for qid, _ in ranked[:limit]]


def _mistake_counts(
    store: Store, catalog: Catalog, question_ids: Iterable[str] | None
) -> Mapping[tuple[str, str], int]:
    """(question id, mistake) -> answers that were it, under each question's current id."""
    renames = catalog.renames()
    wanted = None if question_ids is None else set(question_ids)
    counts: Counter[tuple[str, str]] = Counter()
    for logged_id, name, count in store.mistake_counts():
        qid = renames.get(logged_id, logged_id)
        if wanted is None or qid in wanted:
            counts[(qid, name)] += count
    return counts


def frequent_json(rows: list[Frequent]) -> list[dict[str, Any]]:
    return [
        {"question": r.question_id, "mistake": r.name, "count": r.count, "explain": r.explain}
        for r in rows
    ]


def rates_json(rows: list[ParamRate]) -> list[dict[str, Any]]:
    return [
        {
            "question": r.question_id,
            "param": r.param,
            "value": r.value,
            "wrong": r.wrong,
            "attempts": r.attempts,
        }
        for r in rows
    ]
