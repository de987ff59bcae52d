"""The verdict on a typed answer as the student sees it: in the review after each answer,
and from `quiz judge`, which prints exactly what the review would."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text
from quiz.schedule import answers, code
from quiz.study.judging import CodeVerdict, Verdict
from quiz.tui.words import say, say_phrase


def print_judgement(console: Console, judgement: answers.Judgement, lang: str | None) -> None:
    """✓ Right, ✗ Wrong or ≈ Probably right, and the judge's note under it."""
    if judgement.correct:
        console.print(Text(say("✓ Right", lang), style="bold green"))
    elif judgement.unsure:
        console.print(Text(say("≈ Probably right", lang), style="bold yellow"))
    else:
        console.print(Text(say("✗ Wrong", lang), style="bold red"))
    if judgement.note:
        # A known mistake is news to the student; the other notes are asides.
        style = "yellow" if judgement.mistake else "dim"
        console.print(Text(safe_text(say_phrase(judgement.note, lang)), style=style))


def render(console: Console, verdict: Verdict, lang: str | None) -> None:
    """`quiz judge`: the verdict, the key, and the grade the review would suggest."""
    if verdict.judgement is None:
        problem = say_phrase(verdict.unreadable or "", lang)
        message = say("Not graded: {problem}; the review asks again", lang, problem=problem)
        console.print(Text(safe_text(message), style="yellow"))
        return
    print_judgement(console, verdict.judgement, lang)
    key = answers.format_key(verdict.question, verdict.key, lang)
    console.print(Text.assemble((say("Answer: ", lang), "bold"), safe_text(key)))
    grade = verdict.suggested_grade
    if grade is None:
        console.print(say("Suggested grade: none, the student grades it (0-5)", lang))
    else:
        console.print(say("Suggested grade: {grade} (Enter keeps it)", lang, grade=grade))


def render_code(console: Console, verdict: CodeVerdict, lang: str | None) -> None:
    """`quiz judge --file`: the cases' verdict, the first failing case, the grade."""

    print_judgement(console, verdict.judgement, lang)
    for line in code.failure_lines(verdict.cases) if verdict.cases else []:
        console.print(Text("  " + safe_text(say_phrase(line, lang)), style="red"))
    grade = verdict.suggested_grade
    console.print(say("Suggested grade: {grade} (Enter keeps it)", lang, grade=grade))
