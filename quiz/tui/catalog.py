"""The screens of what is loaded: `quiz banks` (and `--coverage`), `quiz list` (and
`--orphans`) and `quiz show`.

Values in, text on a console out. Bank text and what a database holds (which may be a
restored copy of anything) are shown through safetext, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from quiz.model import pick
from quiz.safetext import safe_text
from quiz.tui.render import plural, print_explanation, print_question, print_table

if TYPE_CHECKING:
    from quiz.bank.coverage import BankCoverage
    from quiz.model import Card, Question, Review
    from quiz.study.cards import BankRow


def banks(console: Console, rows: Sequence[BankRow], lang: str | None) -> None:
    with_paths = any(row.path is not None for row in rows)
    cells = [
        [
            row.bank.id,
            safe_text(pick(row.bank.title, lang), multiline=False),
            str(row.total),
            *(str(row.counts[k]) for k in ("new", "due", "learned", "suspended")),
            row.source,
            *([safe_text(str(row.path or ""), multiline=False)] if with_paths else []),
        ]
        for row in rows
    ]
    headers = ["bank", "title", "total", "new", "due", "learned", "suspended", "source"]
    headers += ["path"] if with_paths else []
    # The bank id, which commands take, is never clipped: the title gives way, then the path.
    give_way = ((1, 12), (8, 8)) if with_paths else ((1, 12),)
    print_table(console, headers, cells, give_way=give_way, right=range(2, 7))


COLUMN_TYPES = {
    "num": ("numeric",), "shape": ("shape",), "choice": ("choice",), "multi": ("multi",),
    "text": ("text",), "open": ("open",), "code": ("code", "predict"),
}  # fmt: skip
"""The coverage table's type columns, narrow enough for 80 columns: `code` counts the
questions answered by running code, written (code) or predicted (predict)."""


def coverage(console: Console, rows: Sequence[BankCoverage], total: BankCoverage) -> None:
    cells = [
        [
            row.bank,
            str(row.questions),
            *(str(sum(row.by_type[t] for t in types)) for types in COLUMN_TYPES.values()),
            f"{row.bilingual_percent:.0f}%",
            f"{row.proved_percent:.0f}%",
            str(row.parametric),
        ]
        for row in [*rows, total]
    ]
    headers = ("bank", "total", *COLUMN_TYPES, "2 langs", "proved", "param")
    print_table(console, headers, cells, right=range(1, len(headers)))


def questions(
    console: Console,
    rows: Sequence[tuple[Question, Card | None]],
    today: date,
    lang: str | None,
) -> None:
    from quiz.study.cards import state_word

    if not rows:
        console.print("No questions match.")
        return
    cells = []
    for question, card in rows:
        prompt = safe_text(" ".join(pick(question.prompt, lang).split()), multiline=False)
        cells.append(
            [
                question.id,
                question.bank,
                question.type,
                state_word(card, today),
                card.due_day.isoformat() if card else "",
                Text(prompt if len(prompt) <= 60 else prompt[:59] + "…"),
            ]
        )
    headers = ("id", "bank", "type", "state", "due", "prompt")
    # The question id stays whole: `quiz show` takes it. Then the prompt, then the bank.
    print_table(console, headers, cells, give_way=((5, 12), (1, 8)))


def orphans(console: Console, orphaned: Sequence[Card], today: date) -> None:
    from rich.table import Table

    from quiz.study.cards import state_word

    if not orphaned:
        console.print("No orphaned cards: every card's question is in a loaded bank.")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("id", "state", "due", "reviews", "last reviewed (UTC)"):
        table.add_column(column, no_wrap=True)
    for card in orphaned:
        table.add_row(
            Text(safe_text(card.question_id, multiline=False)),
            state_word(card, today),
            card.due_day.isoformat(),
            str(card.reviews),
            (card.last_reviewed_at or "").replace("T", " ")[:16],
        )
    console.print(table)
    console.print(
        f"{len(orphaned)} orphaned: their history is kept; add the question back (or name its"
        " old id in `renamed_from:`) to review it again."
    )


def question(
    console: Console,
    question: Question,
    card: Card | None,
    history: Sequence[Review],
    today: date,
    lang: str | None,
    *,
    block: str | None = None,
) -> None:
    """`quiz show`: a question with its answer, explanation, schedule and review history;
    `block`: a predict question's code where a snippet file holds it."""
    from quiz.schedule import answers, params
    from quiz.study.cards import state_word

    console.rule(Text(f"{question.id} · {question.bank} · {question.type}"), align="left")
    console.print(Text(safe_text(f"{question.file}:{question.line}"), style="dim"))
    if question.tags:
        console.print(Text(safe_text("#" + " #".join(question.tags), multiline=False), "dim"))
    print_question(console, question, pick(question.prompt, lang), lang)
    if question.parametric:
        variants = plural(params.variant_count(question), "variant")
        console.print(Text(f"Parametric: {variants}", style="dim"))
    if question.code is not None:
        from quiz.tui.coding import print_block

        if question.code.block is not None or block is not None:
            print_block(console, question.code.block or block or "")
        elif question.type == "code":
            print_block(console, question.code.starter)
            cases = len(question.code.cases) + question.code.random_cases
            wrong = len(question.code.wrong)
            console.print(
                Text(
                    f"Checked on {plural(cases, 'case')}; {plural(wrong, 'wrong solution')}", "dim"
                )
            )
    if question.type == "predict":
        console.print(Text("Answer: what the code prints or raises, run on your device", "bold"))
    elif question.key_from_snippet:
        console.print(Text("Answer: computed by the snippet for each variant", style="bold"))
    else:
        key = answers.format_key(question, question.answer, lang)
        console.print(Text.assemble(("Answer: ", "bold"), safe_text(key)))
    explanation = pick(question.explanation, lang)
    if explanation:
        print_explanation(console, Text.assemble(("Why: ", "bold"), safe_text(explanation)))
    if question.snippet:
        args = ", ".join(f"{k}={v!r}" for k, v in question.snippet.args.items())
        console.print(Text(safe_text(f"Snippet: {question.snippet.name}({args})"), "dim"))
    console.print()
    if card is None:
        console.print("Schedule: new (never reviewed)")
    else:
        console.print(
            f"Schedule: {state_word(card, today)} · due {card.due_day.isoformat()}"
            f" · interval {card.state.interval} d · EF {card.state.easiness}"
            f" · repetitions {card.state.repetitions} · lapses {card.lapses}"
        )
        if card.content_hash and card.content_hash != question.content_hash:
            console.print(Text("Edited since it was last reviewed.", style="yellow"))
    if history:
        _history(console, history)


def _history(console: Console, history: Sequence[Review]) -> None:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, title="History", title_justify="left")
    for column in ("#", "when (UTC)", "kind", "answer", "result", "grade", "secs", "interval"):
        table.add_column(column)
    for row in history:
        result = "" if row.correct is None else ("right" if row.correct else "wrong")
        table.add_row(
            str(row.id),
            row.at.replace("T", " ")[:16],
            row.kind if row.undoes is None else f"undo #{row.undoes}",
            # A restored database is someone else's text, like a bank.
            Text(safe_text(row.answer or "", multiline=False)),
            result,
            "" if row.grade is None else str(row.grade),
            "" if row.seconds is None else f"{row.seconds:.1f}",
            f"{row.after.state.interval} d" if row.after else "new",
        )
    console.print(table)
