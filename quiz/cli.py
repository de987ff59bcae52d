"""The `quiz` command line: parse options, call the library, render with rich.

No SQL, YAML or scheduling maths here. Every QuizError becomes a one-line `error: …` on
stderr and exit code 1. Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from quiz import clock
from quiz.errors import QuizError, UnknownQuestion

app = typer.Typer(
    help="Spaced-repetition exam prep for deep learning, with answers proved by PyTorch.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])

BankOption = Annotated[
    list[str],
    typer.Option(
        "--bank", "-b", help="A bank id to narrow to, or a bank file/folder to load. Repeatable."
    ),
]
TagOption = Annotated[list[str], typer.Option("--tag", "-t", help="Only questions with this tag.")]
LangOption = Annotated[
    str | None, typer.Option("--lang", help="Language of prompts: en, zh, … (default: locale).")
]


def friendly(command: F) -> F:
    """Turn the user's mistakes into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except QuizError as exc:
            Console(stderr=True, highlight=False).print(
                Text(f"error: {exc}", style="bold red"), soft_wrap=True
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _console() -> Console:
    # Piped input or output gets plain text: no colour codes in logs or test transcripts.
    return Console(highlight=False, emoji=False, color_system="auto" if _interactive() else None)


def _language(option: str | None) -> str | None:
    if option:
        return option
    for variable in ("QUIZ_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split("_")[0].split(".")[0].lower() or None
    return None


def _store():
    from quiz.paths import database_path
    from quiz.store import Store

    return Store(database_path())


def _questions(catalog, selected: list[str] | None, tags: list[str]):
    from quiz.bank import iter_questions

    questions = list(iter_questions(catalog, selected))
    if tags:
        wanted = set(tags)
        questions = [q for q in questions if wanted & set(q.tags)]
    return questions


@app.command()
@friendly
def review(
    bank: BankOption = [],  # noqa: B006 - typer reads the default, never mutates it
    tag: TagOption = [],  # noqa: B006
    new: Annotated[
        int, typer.Option(min=0, help="New cards per day, counting those introduced today.")
    ] = 20,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many cards this session.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Review due cards, then new ones, on the SM-2 schedule."""
    from quiz.bank import open_catalog
    from quiz.reviewer import Reviewer, render_summary
    from quiz.session import Session

    catalog, selected = open_catalog(bank)
    questions = _questions(catalog, selected, tag)
    store = _store()
    session = Session(
        store,
        questions,
        today=clock.today(),
        clock=clock.now,
        new_limit=new,
        limit=limit,
    )
    console = _console()
    if session.current is None:
        console.print("Nothing to review right now: no card is due and no new card is left today.")
        render_summary(console, session.finish())
        return
    reviewer = Reviewer(
        session,
        console,
        lang=_language(lang),
        interactive=_interactive(),
        key_for=_static_key,
    )
    render_summary(console, reviewer.run())


def _static_key(item) -> Any:
    if item.question.key_from_snippet:
        raise QuizError(f"{item.question.id}: its key is computed by a snippet")
    return item.question.answer


@app.command()
@friendly
def banks(bank: BankOption = []) -> None:  # noqa: B006
    """Each bank with its total, new, due and learned counts."""
    from rich.table import Table

    from quiz.bank import open_catalog
    from quiz.model import pick

    catalog, selected = open_catalog(bank)
    store = _store()
    cards = store.cards()
    today = clock.today()
    table = Table(box=None, pad_edge=False)
    for column in ("bank", "title", "total", "new", "due", "learned", "suspended", "source"):
        justify = "right" if column in ("total", "new", "due", "learned", "suspended") else "left"
        table.add_column(column, justify=justify)
    lang = _language(None)
    for loaded in catalog.banks:
        if selected is not None and loaded.id not in selected:
            continue
        counts = _counts([cards.get(q.id) for q in loaded.questions], today)
        table.add_row(
            loaded.id,
            pick(loaded.title, lang),
            str(len(loaded.questions)),
            *(str(counts[k]) for k in ("new", "due", "learned", "suspended")),
            "built-in" if loaded.builtin else str(loaded.path),
        )
    _console().print(table)


def _counts(cards: list, today) -> dict[str, int]:
    counts = {"new": 0, "due": 0, "learned": 0, "suspended": 0}
    for card in cards:
        if card is None:
            counts["new"] += 1
        elif card.suspended:
            counts["suspended"] += 1
        else:
            counts["due"] += card.due_day <= today
            counts["learned"] += card.state.repetitions > 0
    return counts


@app.command("list")
@friendly
def list_questions(
    bank: BankOption = [],  # noqa: B006
    tag: TagOption = [],  # noqa: B006
    due: Annotated[bool, typer.Option("--due", help="Only cards due today.")] = False,
    lang: LangOption = None,
) -> None:
    """The questions of the loaded banks with their schedule state."""
    from rich.table import Table

    from quiz.bank import open_catalog
    from quiz.model import pick

    catalog, selected = open_catalog(bank)
    questions = _questions(catalog, selected, [t for t in tag if t != "leech"])
    store = _store()
    cards = store.cards()
    today = clock.today()
    language = _language(lang)
    table = Table(box=None, pad_edge=False)
    for column, width in (("id", 2), ("bank", 4), ("type", 7), ("state", 9), ("due", 10)):
        table.add_column(column, no_wrap=True, min_width=width)
    table.add_column("prompt", no_wrap=True, overflow="ellipsis", ratio=1)
    shown = 0
    for question in questions:
        card = cards.get(question.id)
        if "leech" in tag and not (card and card.leech):
            continue
        if due and not (card and not card.suspended and card.due_day <= today):
            continue
        state = _state_word(card, today)
        prompt = " ".join(pick(question.prompt, language).split())
        table.add_row(
            question.id,
            question.bank,
            question.type,
            state,
            card.due_day.isoformat() if card else "",
            Text(prompt if len(prompt) <= 60 else prompt[:59] + "…"),
        )
        shown += 1
    console = _console()
    if shown:
        console.print(table)
    else:
        console.print("No questions match.")


def _state_word(card, today) -> str:
    if card is None:
        return "new"
    if card.leech:
        return "leech"
    if card.suspended:
        return "suspended"
    if card.due_day <= today:
        return "due"
    return "learning" if card.state.repetitions < 3 else "review"


@app.command()
@friendly
def show(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="A question id.")],
    bank: BankOption = [],  # noqa: B006
    lang: LangOption = None,
) -> None:
    """A question with its answer, explanation, schedule and review history."""
    from rich.table import Table

    from quiz import answers, params
    from quiz.bank import open_catalog
    from quiz.model import pick

    catalog, _ = open_catalog(bank)
    question = catalog.questions.get(question_id)
    if question is None:
        raise UnknownQuestion(_unknown_message(question_id, catalog.questions))
    store = _store()
    card = store.card(question_id)
    history = store.history(question_id)
    language = _language(lang)
    console = _console()
    console.rule(Text(f"{question.id} · {question.bank} · {question.type}"), align="left")
    console.print(Text(f"{question.file}:{question.line}", style="dim"))
    if question.tags:
        console.print(Text("#" + " #".join(question.tags), style="dim"))
    console.print(Text(pick(question.prompt, language)))
    for index, choice in enumerate(question.choices):
        console.print(Text(f"  {chr(65 + index)}) {pick(choice, language)}"))
    if question.parametric:
        console.print(Text(f"Parametric: {params.variant_count(question)} variants", style="dim"))
    if question.key_from_snippet:
        console.print(Text("Answer: computed by the snippet for each variant", style="bold"))
    else:
        key = answers.format_key(question, question.answer, language)
        console.print(Text.assemble(("Answer: ", "bold"), key))
    explanation = pick(question.explanation, language)
    if explanation:
        console.print(Text.assemble(("Why: ", "bold"), explanation))
    if question.snippet:
        args = ", ".join(f"{k}={v!r}" for k, v in question.snippet.args.items())
        console.print(Text(f"Snippet: {question.snippet.name}({args})", style="dim"))
    console.print()
    if card is None:
        console.print("Schedule: new (never reviewed)")
    else:
        console.print(
            f"Schedule: {_state_word(card, clock.today())} · due {card.due_day.isoformat()}"
            f" · interval {card.state.interval} d · EF {card.state.easiness}"
            f" · repetitions {card.state.repetitions} · lapses {card.lapses}"
        )
    if history:
        table = Table(box=None, pad_edge=False, title="History", title_justify="left")
        for column in ("#", "when (UTC)", "kind", "answer", "result", "grade", "secs", "interval"):
            table.add_column(column)
        for row in history:
            result = "" if row.correct is None else ("right" if row.correct else "wrong")
            table.add_row(
                str(row.id),
                row.at.replace("T", " ")[:16],
                row.kind if row.undoes is None else f"undo #{row.undoes}",
                Text(row.answer or ""),
                result,
                "" if row.grade is None else str(row.grade),
                "" if row.seconds is None else f"{row.seconds:.1f}",
                f"{row.after.state.interval} d" if row.after else "new",
            )
        console.print(table)


def _unknown_message(question_id: str, known: dict) -> str:
    import difflib

    near = difflib.get_close_matches(question_id, list(known), n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return f"no question with id {question_id!r}{hint}"


@app.command()
@friendly
def suspend(question_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Keep a card out of reviews."""
    _set_suspended(question_id, True)


@app.command()
@friendly
def unsuspend(question_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Bring a suspended card (or a leech) back into reviews."""
    _set_suspended(question_id, False)


def _set_suspended(question_id: str, value: bool) -> None:
    from quiz.bank import open_catalog

    catalog, _ = open_catalog()
    store = _store()
    if question_id not in catalog.questions and store.card(question_id) is None:
        raise UnknownQuestion(_unknown_message(question_id, catalog.questions))
    store.set_suspended(question_id, value, day=clock.today())
    _console().print(f"{question_id} is {'suspended' if value else 'back in reviews'}.")


def main() -> None:
    """Console-script entry point."""
    app()
