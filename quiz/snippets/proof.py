"""Proving keys: which runs prove a question and its variants, and what a value means.

Pure: the Prover (quiz.prover) runs the jobs made here and judges their outcomes with
`judge`, and the values of a question's mistakes for the same variant with
`judge_mistakes`; comparing a value with a key is answers'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from quiz.bank.files import Snippet, inline_code
from quiz.bank.files import snippet_args as args_for
from quiz.model import Outcome, Phrase, Question
from quiz.schedule import answers, params


@dataclass(frozen=True)
class Job:
    """One snippet run that proves one question (one variant of a parametric one)."""

    question: Question
    snippet: Snippet
    args: dict[str, Any]
    variant_index: int | None = None
    variant: dict[str, Any] | None = None
    function: str = "answer"
    """The snippet's function the run calls: answer(), or a mistake's mistake_…(); or
    `predict` (the block runs) or `cases` (`student`'s function against answer())."""
    student: Snippet | None = None
    """A `cases` run's function to check: the reference itself, or a wrong solution."""
    wrong: int = 0
    """Which of a code question's wrong solutions `student` is (0: the reference)."""

    @property
    def path(self) -> Path:
        return self.snippet.path

    @property
    def label(self) -> str:
        if self.wrong:
            return f"[wrong {self.wrong}]"
        return "" if self.variant_index is None else f"#{self.variant_index}"

    def extra(self) -> dict[str, Any] | None:
        """What the worker needs besides the snippet for a `cases` run."""
        if self.function != "cases" or self.student is None or self.question.code is None:
            return None
        function = self.question.code.function if self.wrong else "answer"
        return case_request(self.question, self.student.text, function)


def case_request(question: Question, source: str, function: str) -> dict[str, Any]:
    """A `cases` run of `source`'s `function` for a code question: its cases, tolerances and
    the seed its random cases are drawn from."""
    code = question.code
    return {
        "student": source,
        "name": function,
        "cases": list(code.cases) if code else [],
        "random": code.random_cases if code else 0,
        "seed": question.id,
        "rtol": question.rel_tol,
        "atol": question.tolerance,
    }


@dataclass(frozen=True)
class Proof:
    job: Job
    outcome: Outcome
    passed: bool
    key: Any
    message: str
    """What the run proved, or why not: a Phrase where quiz words it, else the error as the
    worker or the check put it."""
    mistakes: tuple[MistakeCheck, ...] = ()
    """The question's mistakes for this variant, each checked to be a wrong answer."""


@dataclass(frozen=True)
class MistakeCheck:
    """One mistake's value for one proved variant: a wrong answer there (`passed`), or why
    not. A value of None is a mistake that cannot be made on this variant."""

    name: str
    value: Any
    passed: bool
    message: str | None = None

    def shown(self, question: Question) -> str:
        """`name=value`, as a row of `quiz check --run` lists it."""
        if self.value is None:
            return f"{self.name}=—" if self.passed else f"{self.name}=✗"
        return f"{self.name}={_value_text(question, self.value)}"


def jobs_for(
    question: Question, snippet: Snippet, *, variants: Iterable[int] | None = None
) -> list[Job]:
    """The runs of `snippet` that prove `question`: its fixed args, or each chosen variant;
    for a code question, its reference and each wrong solution on the cases."""
    if question.type == "code" and question.code is not None:
        jobs = [Job(question, snippet, {}, function="cases", student=snippet)]
        for index, piece in enumerate(inline_code(question), 1):
            jobs.append(Job(question, snippet, {}, function="cases", student=piece, wrong=index))
        return jobs
    function = "predict" if question.type == "predict" else "answer"
    if not question.parametric:
        return [Job(question, snippet, args_for(question, None), function=function)]
        return [Job(question, snippet, args_for(question, None))]
    indices = variants if variants is not None else range(params.variant_count(question))
    jobs = []
    for index in indices:
        variant = params.variant_at(question, index)
        jobs.append(Job(question, snippet, args_for(question, variant), index, variant, function))
    return jobs


def judge(job: Job, outcome: Outcome, lang: str | None = None) -> Proof:
    """✓ or ✗ for one run: the YAML key against the computed value (or, for `answer:
    snippet`, a value fit to be the key and a prompt that fills with the variant)."""
    question = job.question
    if not outcome.ok:
        return Proof(job, outcome, False, None, outcome.error or Phrase("failed"))
    if job.function == "cases":
        return _judge_cases(job, outcome)
    if outcome.demonstration:
        if question.key_from_snippet:
            return Proof(job, outcome, False, None, Phrase("has no answer() to compute the key"))
        return Proof(job, outcome, True, question.answer, Phrase("its asserts hold (exit 0)"))
    if question.key_from_snippet:
        try:
            key = answers.key_from_value(question, outcome.value)
            for template in question.prompt.values():
                params.fill(template, job.variant)
        except (ValueError, params.VariantError) as exc:
            return Proof(job, outcome, False, None, str(exc))
        shown = answers.format_key(question, key, lang)
        if question.type == "predict":
            return Proof(job, outcome, True, key, Phrase("the code gives {key}", key=shown))
        computes = Phrase("the snippet computes {key} for this variant", key=shown)
        return Proof(job, outcome, True, key, computes)
    if question.type == "open":
        return Proof(
            job, outcome, True, question.answer, Phrase("ran (open questions have no key)")
        )
    if answers.key_matches(question, question.answer, outcome.value):
        return Proof(job, outcome, True, question.answer, Phrase("matches the key"))
    shown = answers.format_key(question, question.answer, lang)
    differs = Phrase("computed {value!r}, key {key}", value=outcome.value, key=shown)
    return Proof(job, outcome, False, question.answer, differs)


def _judge_cases(job: Job, outcome: Outcome) -> Proof:
    """The reference must pass every one of its cases (they run, and compare equal run after
    run); a wrong solution must fail at least one, or the cases cannot tell it apart."""
    from quiz.schedule import code

    verdict = code.verdict(outcome.value)
    if verdict is None:
        return Proof(job, outcome, False, None, Phrase("the cases run gave no verdict"))
    if job.wrong:
        if verdict.passed < verdict.total:
            fails = Phrase(
                "fails {case}, as a wrong solution must", case=verdict.failure_case or "a case"
            )
            return Proof(job, outcome, True, None, fails)
        passes = Phrase(
            "passes all {count} cases: they cannot tell this wrong solution from the reference",
            count=verdict.total,
        )
        return Proof(job, outcome, False, None, passes)
    if verdict.passed == verdict.total:
        holds = Phrase("the reference passes all {count} cases", count=verdict.total)
        return Proof(job, outcome, True, None, holds)
    return Proof(job, outcome, False, None, code.failure_text(verdict))


def judge_mistakes(proof: Proof, outcomes: Mapping[str, Outcome]) -> Proof:
    """The proof of a variant with its question's mistakes checked: each fixed value, and
    each value a mistake function computed for the same args (`outcomes`, by mistake name),
    must fit the question's type and be judged wrong against the proved key. A mistake that
    fails, or is the key, fails the proof; one whose function returned None is not made on
    this variant. A proof that already failed has no key to check them against."""
    question = proof.job.question
    if not proof.passed or not question.mistakes or question.type == "open":
        return proof
    checks = [
        _check_mistake(question, proof.key, m, outcomes.get(m.name)) for m in question.mistakes
    ]
    failures = [check.message for check in checks if not check.passed and check.message]
    if not failures:
        return replace(proof, mistakes=tuple(checks))
    return replace(proof, passed=False, message="; ".join(failures), mistakes=tuple(checks))


def _check_mistake(
    question: Question, key: Any, mistake: Any, outcome: Outcome | None
) -> MistakeCheck:
    name = mistake.name
    if mistake.function is None:
        value = mistake.value
    else:
        function = mistake.function
        if outcome is None or not outcome.ok:
            error = outcome.error if outcome is not None and outcome.error else "did not run"
            return MistakeCheck(name, None, False, f"mistake {name!r} ({function}): {error}")
        try:
            value = answers.mistake_value(question, outcome.value)
        except ValueError as exc:
            return MistakeCheck(
                name,
                None,
                False,
                f"mistake {name!r} ({function}): returned {outcome.value!r}; {exc}",
            )
        if value is None:
            return MistakeCheck(name, None, True)
    if answers.mistake_is_key(question, key, value):
        shown = _value_text(question, value)
        return MistakeCheck(
            name,
            value,
            False,
            f"mistake {name!r} gives {shown}, which is judged right: a mistake must be a"
            " wrong answer",
        )
    return MistakeCheck(name, value, True)


def _value_text(question: Question, value: Any) -> str:
    """A mistake's value as an answer would be written."""
    if question.type == "numeric":
        return answers.format_key(question, value, None)
    if question.type == "shape":
        return answers.format_shape(tuple(value))
    if question.type == "multi":
        return "".join(value)
    if question.type == "text":
        return str(value[0])
    return str(value)
