"""`quiz judge`: one typed answer judged exactly as the review judges it, for instructors
trying a question's judge as they write it (and for CI, through the exit status)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quiz.model import Question
from quiz.schedule import answers, policy

if TYPE_CHECKING:
    from quiz.schedule.code import CaseVerdict


@dataclass(frozen=True)
class Verdict:
    """What the review would say to `typed`: the judgement, or why it cannot be read."""

    question: Question
    key: Any
    typed: str
    judgement: answers.Judgement | None
    unreadable: str | None = None

    @property
    def word(self) -> str:
        """right, probably right, wrong or unreadable."""
        if self.judgement is None:
            return "unreadable"
        if self.judgement.correct:
            return "right"
        return "probably right" if self.judgement.unsure else "wrong"

    @property
    def suggested_grade(self) -> int | None:
        """The grade the review offers with Enter; None where the student must choose."""
        if self.judgement is None or self.judgement.unsure:
            return None
        return int(policy.suggest_grade(self.judgement.correct))

    def to_json(self, lang: str | None) -> dict[str, Any]:
        return {
            "question": self.question.id,
            "answer": self.typed,
            "verdict": self.word,
            "note": self.judgement.note if self.judgement else self.unreadable,
            "mistake": self.judgement.mistake if self.judgement else None,
            "key": answers.format_key(self.question, self.key, lang),
            "suggested_grade": self.suggested_grade,
        }


def judge(
    question: Question,
    key: Any,
    typed: str,
    lang: str | None,
    mistakes: Mapping[str, Any] | None = None,
) -> Verdict:
    """`typed` judged against `key` (the YAML key, or the snippet's for the variant), and
    against the question's `mistakes` (answers.mistake_values; None: the fixed ones); choice
    letters are the bank's (YAML) letters, as an author writes them."""
    if question.type == "open":
        raise ValueError("open questions are self-graded")
    try:
        judged = answers.judge(question, key, typed, lang, mistakes)
        return Verdict(question, key, typed, judged)
    except answers.Unparseable as exc:
        return Verdict(question, key, typed, None, str(exc))


@dataclass(frozen=True)
class CodeVerdict:
    """What the review would say to a code answer: its cases' verdict, from a real run."""

    question: Question
    source: str
    judgement: answers.Judgement
    cases: CaseVerdict | None

    @property
    def word(self) -> str:
        return "right" if self.judgement.correct else "wrong"

    @property
    def suggested_grade(self) -> int:
        return int(policy.suggest_grade(self.judgement.correct))

    def to_json(self, lang: str | None) -> dict[str, Any]:
        cases = self.cases
        return {
            "question": self.question.id,
            "verdict": self.word,
            "note": self.judgement.note,
            "passed": cases.passed if cases else None,
            "total": cases.total if cases else None,
            "failure": cases.failure if cases else None,
            "suggested_grade": self.suggested_grade,
        }


def judge_code(question: Question, source: str, run: Any) -> CodeVerdict:
    """`source` judged as the review judges a code answer: run (`run(question, source)`,
    the Prover's run_cases) on the question's cases against its reference."""
    from quiz.schedule import code  # here: the review's first card judges no code

    judgement, cases = code.judgement(run(question, source), source)
    return CodeVerdict(question, source, judgement, cases)
