"""Proving keys: which runs prove a question and its variants, and what a value means.

Pure: the Prover (quiz.prover) runs the jobs made here and judges their outcomes with
`judge`; comparing a value with a key is answers'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quiz.bank.files import Snippet
from quiz.bank.files import snippet_args as args_for
from quiz.model import Outcome, Question
from quiz.schedule import answers, params


@dataclass(frozen=True)
class Job:
    """One snippet run that proves one question (one variant of a parametric one)."""

    question: Question
    snippet: Snippet
    args: dict[str, Any]
    variant_index: int | None = None
    variant: dict[str, Any] | None = None

    @property
    def path(self) -> Path:
        return self.snippet.path

    @property
    def label(self) -> str:
        return "" if self.variant_index is None else f"#{self.variant_index}"


@dataclass(frozen=True)
class Proof:
    job: Job
    outcome: Outcome
    passed: bool
    key: Any
    message: str


def jobs_for(
    question: Question, snippet: Snippet, *, variants: Iterable[int] | None = None
) -> list[Job]:
    """The runs of `snippet` that prove `question`: its fixed args, or each chosen variant."""
    if not question.parametric:
        return [Job(question, snippet, args_for(question, None))]
    indices = variants if variants is not None else range(params.variant_count(question))
    jobs = []
    for index in indices:
        variant = params.variant_at(question, index)
        jobs.append(Job(question, snippet, args_for(question, variant), index, variant))
    return jobs


def judge(job: Job, outcome: Outcome, lang: str | None = None) -> Proof:
    """✓ or ✗ for one run: the YAML key against the computed value (or, for `answer:
    snippet`, a value fit to be the key and a prompt that fills with the variant)."""
    question = job.question
    if not outcome.ok:
        return Proof(job, outcome, False, None, outcome.error or "failed")
    if outcome.demonstration:
        if question.key_from_snippet:
            return Proof(job, outcome, False, None, "has no answer() to compute the key")
        return Proof(job, outcome, True, question.answer, "its asserts hold (exit 0)")
    if question.key_from_snippet:
        try:
            key = answers.key_from_value(question, outcome.value)
            for template in question.prompt.values():
                params.fill(template, job.variant)
        except (ValueError, params.VariantError) as exc:
            return Proof(job, outcome, False, None, str(exc))
        shown = answers.format_key(question, key, lang)
        return Proof(job, outcome, True, key, f"the snippet computes {shown} for this variant")
    if question.type == "open":
        return Proof(job, outcome, True, question.answer, "ran (open questions have no key)")
    if answers.key_matches(question, question.answer, outcome.value):
        return Proof(job, outcome, True, question.answer, "matches the key")
    shown = answers.format_key(question, question.answer, lang)
    return Proof(job, outcome, False, question.answer, f"computed {outcome.value!r}, key {shown}")
