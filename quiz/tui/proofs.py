"""What running a snippet shows: its code, what it prints as it prints it, its failure,
and the table of proofs `quiz check --run` prints (or its JSON).

Code keeps its indentation at any width: a line wider than the screen is cut (marked …),
never wrapped back to the left margin, and code taller than the screen can go through the
pager.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text
from quiz.schedule import answers
from quiz.tui.render import print_table
from quiz.tui.words import say


def show_code(console: Console, snippet, *, page: bool = False) -> None:
    """The code exactly as it will run: the bytes read once, not the file read again. With
    `page`, code taller than the terminal goes through the pager ($PAGER, else less)."""
    from rich.syntax import Syntax

    code = safe_text(snippet.text)
    highlighted = Syntax(code, "python", theme="ansi_dark").highlight(code)
    highlighted.rstrip()

    def draw() -> None:
        console.rule(Text(safe_text(str(snippet.path)), style="dim"), align="left", style="dim")
        console.print(highlighted, no_wrap=True, overflow="ellipsis")
        console.rule(style="dim")

    rows = len(highlighted.plain.splitlines()) + 2
    if page and console.is_terminal and rows > console.size.height:
        # Plain text: a pager is not told how to read colour codes.
        with console.pager(styles=False):
            draw()
    else:
        draw()


class OutputStream:
    """What a snippet prints, as it prints it, its control characters shown, not obeyed.
    Called from the thread that reads the worker; `stop` silences it (a cancelled proof
    runs on in the worker, and its output must not land on the next screen)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.stopped = False
        self.at_line_start = True

    def __call__(self, text: str) -> None:
        if self.stopped or not text:
            return
        self.console.out(safe_text(text), end="", highlight=False)
        self.at_line_start = text.endswith("\n")

    def stop(self) -> None:
        """No more output; the cursor goes to a line of its own if the output left it."""
        self.stopped = True
        if not self.at_line_start:
            self.console.out("")
            self.at_line_start = True


def stream_to(console: Console) -> OutputStream:
    return OutputStream(console)


def report_failure_details(console: Console, outcome, lang: str | None = None) -> None:
    if outcome.dropped:
        capped = say("[output capped: {count:,} more bytes not shown]", lang, count=outcome.dropped)
        console.print(Text(capped, style="yellow"))
    if outcome.traceback:
        console.print(Text(safe_text(outcome.traceback.rstrip()), style="red"))


def key_text(question, key, lang) -> str:

    return answers.format_key(question, key, lang)


def print_proofs(console: Console, proofs) -> None:

    rows = []
    for item in proofs:
        question = item.job.question
        key = "" if item.key is None else key_text(question, item.key, None)
        if item.outcome.demonstration:
            computed = "asserts hold" if item.passed else ""
        elif item.outcome.ok and getattr(item.job, "function", "") == "cases":
            computed = str(item.message)  # how the cases judged it, not the verdict's dict
        elif item.outcome.ok and getattr(item.job, "function", "") == "predict" and item.key:
            computed = "prints it" if "output" in item.key else "raises it"
        elif item.outcome.ok:
            computed = repr(item.outcome.value)
        else:
            computed = ""
        mark = Text("✓", style="green") if item.passed else Text("✗", style="bold red")
        row = [
            question.id,
            item.job.label or "—",
            Text(safe_text(" ".join(key.split()), multiline=False)),
            Text(safe_text(computed, multiline=False)),
            mark,
            f"{item.outcome.seconds:.2f}",
        ]
        if any(p.mistakes for p in proofs):
            shown = ", ".join(check.shown(question) for check in item.mistakes)
            row.append(Text(safe_text(shown, multiline=False)))
        rows.append(row)
    headers: tuple[str, ...] = ("question", "variant", "key", "computed", "", "secs")
    give_way: tuple[tuple[int, int], ...] = ((2, 16), (3, 16))
    if any(p.mistakes for p in proofs):
        # The value of each mistake for the variant: the column that gives way first.
        headers += ("mistakes",)
        give_way = ((6, 12), *give_way)
    # One line a proof: a long key or value is cut; the question id never is.
    print_table(console, headers, rows, give_way=give_way, right={5})
    for item in proofs:
        if not item.passed:
            where = f"{item.job.question.file}:{item.job.question.line}"
            failure = f"✗ {where}: {item.job.question.id}{item.job.label}: {item.message}"
            console.print(Text(safe_text(failure, multiline=False), "red"), soft_wrap=True)
            if item.outcome.traceback:
                console.print(Text(safe_text(item.outcome.traceback.rstrip()), style="dim"))


def check_json(result, proofs) -> dict[str, Any]:
    return {
        "files": result.files,
        "banks": [b.id for b in result.catalog.banks],
        "questions": len(result.catalog.questions),
        "diagnostics": [
            {
                "file": str(d.file),
                "line": d.line,
                "column": d.column,
                "severity": d.severity,
                "message": d.message,
                "question": d.question,
            }
            for d in result.diagnostics
        ],
        "proofs": [
            {
                "question": p.job.question.id,
                "file": str(p.job.question.file),
                "line": p.job.question.line,
                "variant": p.job.variant_index,
                # A code question's runs: its reference (0) and each wrong solution (1, …).
                **({"wrong": p.job.wrong} if p.job.function == "cases" else {}),
                "args": p.job.args,
                "key": jsonable(p.key),
                "computed": p.outcome.value,
                "passed": p.passed,
                "message": p.message,
                "seconds": round(p.outcome.seconds, 4),
                "device": p.outcome.device,
                "mistakes": [
                    {
                        "name": m.name,
                        "value": jsonable(m.value),
                        "passed": m.passed,
                        "message": m.message,
                    }
                    for m in p.mistakes
                ],
            }
            for p in proofs
        ],
        "summary": {
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "proofs": len(proofs),
            "passed": sum(p.passed for p in proofs),
            "failed": sum(not p.passed for p in proofs),
            "mistakes_checked": mistake_counts(proofs)[0],
            "mistakes_failed": mistake_counts(proofs)[1],
        },
    }


def mistake_counts(proofs) -> tuple[int, int]:
    """The mistake values these proofs checked, and how many of them failed."""
    checks = [m for p in proofs for m in p.mistakes]
    return len(checks), sum(not m.passed for m in checks)


def jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value
