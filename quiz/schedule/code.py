"""Code questions judged: what a run of the student's function on the cases says, read.

Pure: the worker ran the function against the snippet's answer() (quiz.snippets.prover
.run_cases); this module reads its verdict, words the first failing case, and makes the
Judgement the review and `quiz judge --file` show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from quiz.model import Outcome, Phrase
from quiz.schedule.answers import Judgement


@dataclass(frozen=True)
class CaseVerdict:
    """How many cases the function passed, of how many, and the first it failed."""

    passed: int
    total: int
    failure: dict[str, Any] | None = None

    @property
    def right(self) -> bool:
        return self.failure is None and self.passed == self.total

    @property
    def failure_case(self) -> str | None:
        return str(self.failure["case"]) if self.failure and "case" in self.failure else None


def verdict(value: Any) -> CaseVerdict | None:
    """The worker's verdict, or None if the value is not one."""
    if not isinstance(value, dict):
        return None
    passed, total = value.get("passed"), value.get("total")
    if not isinstance(passed, int) or not isinstance(total, int):
        return None
    failure = value.get("failure")
    return CaseVerdict(passed, total, failure if isinstance(failure, dict) else None)


def failure_lines(verdict: CaseVerdict) -> list[Phrase]:
    """The first failing case as the student reads it: which case and its inputs, then what
    was expected and what came, or the exception and its line in the student's code."""
    failure = verdict.failure
    if failure is None:
        return []
    lines = []
    label = str(failure.get("case") or "")
    numbered = re.fullmatch(r"(random )?case (\d+)", label)
    inputs = failure.get("inputs", "")
    # Worded here, not by the worker, so that a screen in another language words it.
    if numbered and numbered.group(1):
        n, total = int(numbered.group(2)), verdict.total
        lines.append(Phrase("random case {n} of {total}: {inputs}", n=n, total=total,
                            inputs=inputs))  # fmt: skip
    elif numbered:
        n, total = int(numbered.group(2)), verdict.total
        lines.append(Phrase("case {n} of {total}: {inputs}", n=n, total=total, inputs=inputs))
    elif label:
        lines.append(Phrase("{case} of {total}: {inputs}", case=label, total=verdict.total,
                            inputs=inputs))  # fmt: skip
    if failure.get("error") and not failure.get("case"):
        # It failed before any case ran: it does not compile, or defines no such function.
        line = failure.get("line")
        if isinstance(line, int):
            lines.append(Phrase("before any case: {error} (your line {line})",
                                error=failure["error"], line=line))  # fmt: skip
        else:
            lines.append(Phrase("before any case: {error}", error=failure["error"]))
    elif failure.get("error"):
        line = failure.get("line")
        if isinstance(line, int):
            lines.append(Phrase("raised {error} (your line {line})", error=failure["error"],
                                line=line))  # fmt: skip
        else:
            lines.append(Phrase("raised {error}", error=failure["error"]))
    if "expected" in failure:
        lines.append(Phrase("expected {value}", value=failure["expected"]))
        lines.append(Phrase("got      {value}", value=failure.get("got", "")))
    return lines


def failure_text(verdict: CaseVerdict) -> Phrase:
    """The first failure in one line (for `quiz check --run`)."""
    failure = verdict.failure or {}
    if failure.get("error"):
        return Phrase(
            "the reference fails {case}: {error}",
            case=failure.get("case", "its own code"),
            error=failure["error"],
        )
    return Phrase(
        "the reference fails {case}: expected {expected}, got {got}",
        case=failure.get("case", "a case"),
        expected=failure.get("expected", ""),
        got=failure.get("got", ""),
    )


def judgement(outcome: Outcome, source: str) -> tuple[Judgement, CaseVerdict | None]:
    """The verdict on a student's code: right when every case passes. A run stopped from
    outside (past its time or memory, its output flood, a crash) is the code's fault too:
    the reference passed these cases when the bank was checked."""
    given = source.strip()
    if not outcome.ok:
        stopped = Phrase("your code {error}", error=outcome.error or "failed")
        return Judgement(False, given, stopped), None
    read = verdict(outcome.value)
    if read is None:
        return Judgement(False, given, Phrase("the cases run gave no verdict")), None
    if read.right:
        note = Phrase("all {count} cases pass", count=read.total)
        return Judgement(True, given, note), read
    note = Phrase("{passed} of {total} cases pass", passed=read.passed, total=read.total)
    return Judgement(False, given, note), read


def function_source(source: str, name: str) -> str:
    """The text of the top-level function `name` in `source` (with its decorators), read
    with ast and never run; the whole source if it has no such function."""
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return source
    lines = source.splitlines()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name and node.end_lineno:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            return "\n".join(lines[first - 1 : node.end_lineno])
    return source
