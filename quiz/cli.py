"""The `quiz` command line: parse options, call the library, render with rich.

No SQL, YAML or scheduling maths here. Every QuizError becomes a one-line `error: …` on
stderr and exit code 1. Heavy modules are imported inside the commands that need them.
Annotations here are evaluated, not postponed: typer reads them on every run, and strings
would have to be evaluated then (10 ms of each command's start).
"""

import functools
import os
import sys
from collections.abc import Callable, Iterable
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from quiz import clock
from quiz.errors import QuizError, UnknownQuestion
from quiz.safetext import safe_text
from quiz.tui.render import plural, print_keeping_commands

app = typer.Typer(
    help="Spaced-repetition exam prep for deep learning, with answers proved by PyTorch.",
    no_args_is_help=True,
    # --install-completion and --show-completion. Completing bank and question ids loads the
    # catalog only when the shell asks (_complete_bank, _complete_question).
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: typer's rich panels import Markdown and more (about 60 ms, half again
    # the start-up floor) for every `--help`.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def _completion_catalog(bank_args: Iterable[str]) -> tuple[Any, list[str] | None] | None:
    """The catalog and the selected bank ids, as a command would open them; None when a bank
    cannot be loaded: a completion offers nothing rather than print into the shell's line."""
    from quiz.bank.catalog import open_catalog

    try:
        return open_catalog(bank_args)
    except (QuizError, OSError):
        return None


def _complete_bank(ctx: typer.Context, incomplete: str) -> list[str]:
    """Bank ids for `--bank`; what looks like a path is left to the shell's file completion."""
    if incomplete.startswith((".", "~")) or "/" in incomplete or os.sep in incomplete:
        return []
    from pathlib import Path

    given = [v for v in ctx.params.get("bank") or [] if Path(v).expanduser().exists()]
    opened = _completion_catalog(given)
    if opened is None:
        return []
    return sorted(b.id for b in opened[0].banks if b.id.startswith(incomplete))


def _complete_question(ctx: typer.Context, incomplete: str) -> list[str]:
    """Question ids of the loaded banks, of those named by the `--bank` options before it."""
    opened = _completion_catalog(ctx.params.get("bank") or [])
    if opened is None:
        return []
    catalog, selected = opened
    return sorted(
        qid
        for qid in catalog.questions
        if qid.startswith(incomplete) and (selected is None or catalog.bank_of(qid) in selected)
    )


BankOption = Annotated[
    list[str],
    typer.Option(
        "--bank",
        "-b",
        help="A bank id to narrow to, or a bank file/folder to load. Repeatable.",
        autocompletion=_complete_bank,
    ),
]
QuestionId = Annotated[
    str, typer.Argument(metavar="ID", help="A question id.", autocompletion=_complete_question)
]
TagOption = Annotated[list[str], typer.Option("--tag", "-t", help="Only questions with this tag.")]
LangOption = Annotated[
    str | None, typer.Option("--lang", help="Language of prompts: en, zh, … (default: locale).")
]


def _sub_app(name: str, help_text: str) -> typer.Typer:
    """A command group such as `quiz run …`, with the same help flags as the top level."""
    group = typer.Typer(
        help=help_text,
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.add_typer(group, name=name)
    return group


def _version() -> str:
    """The installed distribution's version, else the package's own (a source tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("quiz")
    except PackageNotFoundError:
        from quiz import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"quiz {_version()}")
        raise typer.Exit()


@app.callback()
def _top_level(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Options of `quiz` itself, given before any command (the app's help describes it)."""


def friendly(command: F) -> F:
    """Turn the user's mistakes into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except QuizError as exc:
            _fail(str(exc))
        except OSError as exc:
            # A file the user named cannot be written or read (a missing folder, a full disk):
            # every command that touches such a file reports it the same way.
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}")
        except Exception as exc:
            # The last resort for an SQLite error that reached here without the store naming
            # it (a query outside quiz.store). sqlite3 is looked up, not imported: a command
            # that never loaded it cannot have raised one, and `quiz --help` stays lean.
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is None or not isinstance(exc, sqlite3.Error):
                raise
            from quiz.paths import database_path
            from quiz.store import describe_sqlite_error

            _fail(f"{database_path()}: {describe_sqlite_error(exc)}")

    return wrapper  # type: ignore[return-value]


def _fail(message: str) -> NoReturn:
    Console(stderr=True, highlight=False).print(
        Text(f"error: {safe_text(message)}", style="bold red"), soft_wrap=True
    )
    raise typer.Exit(1)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _console() -> Console:
    # Piped input or output gets plain text: no colour codes in logs or test transcripts.
    return Console(highlight=False, emoji=False, color_system="auto" if _interactive() else None)


def _language(option: str | None) -> str | None:
    """--lang, else QUIZ_LANG, else the `lang` setting, else the locale's language."""
    if option:
        return option
    from quiz import config

    locale = [os.environ.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANG")]
    for value in [config.get("lang") or "", *locale]:
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split("_")[0].split(".")[0].lower() or None
    return None


def _device(option: str | None) -> str:
    """--device, else the `device` setting, else auto."""
    from quiz import config

    return option or config.get("device")


def _store(catalog: Any, lang: str | None = None) -> Any:
    """The database, every command's one way to it. With the command's catalog, the cards
    of renamed questions follow them first; None says, explicitly, that the command loads
    no banks (it copies or exports the database as it is). The study day's backup is made
    before the command's first write (a warning in `lang` if it fails)."""
    from quiz.paths import database_path
    from quiz.store import Store

    store = Store(database_path())
    if catalog is not None and not store.read_only:
        from quiz.study.schedulers import keep_current

        # A home the student cannot write keeps cards under their old ids until it can.
        store.follow_renames(catalog.renames())
        # The cards as the scheduler settings in force make them (rebuilt from the log if
        # those changed since, the settings file being the student's to edit).
        keep_current(store, catalog.renames())
    # Set after those, which rewrite only what the log and the banks already hold: the copy
    # is paid for at the student's first answer, not before the first card is shown.
    store.before_first_write = functools.partial(_daily_backup, store, lang)
    return store


def _daily_backup(store: Any, lang: str | None) -> None:
    from quiz.paths import backups_dir
    from quiz.study.backups import daily_backup
    from quiz.tui.data import backup_failed

    daily_backup(
        store, backups_dir(), clock.today(), lambda reason: backup_failed(reason, _language(lang))
    )


def _catalog(bank_args: Iterable[str] = ()) -> tuple[Any, list[str] | None]:
    """Every bank, and those the command is narrowed to (`open_catalog`); a line on stderr
    for each registered bank that is gone, which the command goes on without."""
    from quiz.bank.catalog import open_catalog

    catalog, selected = open_catalog(bank_args)
    for path in catalog.missing:
        import shlex

        warning = (
            f"warning: registered bank {path} does not exist any more; skipped"
            f" (`quiz banks remove {shlex.quote(str(path))}` forgets it)"
        )
        Console(stderr=True, highlight=False).print(
            Text(safe_text(warning, multiline=False), style="yellow"), soft_wrap=True
        )
    return catalog, selected


def _questions(catalog, selected: list[str] | None, tags: list[str]):
    """The questions of the selected banks with any of `tags` (in any case); QuizError for
    a tag no loaded question has."""
    return catalog.select(selected, tags)


def _exam_notes(session: Any, over: list[Any], lang: str | None) -> list[str]:
    """A line for each exam ahead of the session's banks (its day, the new cards a day, the
    last pass) and for each exam day set that is over."""
    from quiz.tui.words import say, say_count

    lines = []
    if over:  # the stats screen owns the line; its module is not the review's to load
        from quiz.tui.stats import EXAM_OVER

        lines = [say(EXAM_OVER, lang, day=day.isoformat()) for day in over]
    paces: dict[Any, int] = {}
    for bank, pace in session.paces.items():
        exam = session.exams.of(bank)
        paces[exam] = paces.get(exam, 0) + pace
    for exam, pace in sorted(paces.items(), key=lambda entry: entry[0].day):
        days = (exam.day - session.today).days
        values = {
            "day": exam.day.isoformat(),
            "left": say_count("in {count:,} day", "in {count:,} days", days, lang)
            if days
            else say("today", lang),
            "start": exam.last_pass_start.isoformat(),
        }
        if session.paced:
            line = say(
                "Exam on {day} ({left}): {pace} new a day; every card you have learned comes"
                " back between {start} and the exam.",
                lang,
                pace=pace,
                **values,
            )
        else:
            line = say(
                "Exam on {day} ({left}): every card you have learned comes back between"
                " {start} and the exam.",
                lang,
                **values,
            )
        lines.append(line)
    return lines


def _nothing_to_review(outlook: Any, lang: str | None) -> str:
    """Why a review has no card to show, and what would give it some."""
    from quiz.tui.words import say, say_count

    if outlook.new_waiting:
        if outlook.capped:
            why = say_count(
                "today's cap of {count:,} new card in all banks is reached"
                " (the new_total setting: quiz config new_total {more} allows 10 more)",
                "today's cap of {count:,} new cards in all banks is reached"
                " (the new_total setting: quiz config new_total {more} allows 10 more)",
                outlook.new_total,
                lang,
                more=outlook.new_total + 10,
            )
        elif outlook.paced:
            why = say(
                "today's share of new cards for the exam is in"
                " (quiz review --new N sets a limit of your own)",
                lang,
            )
        else:
            why = say(
                "today's limit of {limit} new per bank is reached"
                " (quiz review --new {more} allows 10 more per bank)",
                lang,
                limit=outlook.new_limit,
                more=outlook.new_limit + 10,
            )
        waiting = say_count("{count:,} new card", "{count:,} new cards", outlook.new_waiting, lang)
        return say(
            "Nothing to review now: {due} due; {waiting} waiting, {why}.",
            lang,
            due=outlook.due,
            waiting=waiting,
            why=why,
        )
    if outlook.next_due is not None:
        return say_count(
            "Nothing to review: the 1 card is done until {day} (next due).",
            "Nothing to review: all {count} cards are done until {day} (next due).",
            outlook.cards,
            lang,
            day=outlook.next_due.isoformat(),
        )
    if outlook.suspended:
        return say_count(
            "Nothing to review: {count:,} card here, suspended"
            " (`quiz list --bank ID` shows them, `quiz unsuspend ID` brings one back).",
            "Nothing to review: {count:,} cards here, suspended"
            " (`quiz list --bank ID` shows them, `quiz unsuspend ID` brings one back).",
            outlook.suspended,
            lang,
        )
    return say("Nothing to review: no questions match.", lang)


@app.command()
@friendly
def review(
    bank: BankOption = [],  # noqa: B006 - typer reads the default, never mutates it
    tag: TagOption = [],  # noqa: B006
    new: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="New cards a day per bank, counting those introduced today; the `new_total`"
            " setting, if set, caps all banks together. [default: 20, or the `new` setting]",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many cards this session.")
    ] = None,
    lang: LangOption = None,
    device: Annotated[
        str | None,
        typer.Option(
            "--device",
            "-d",
            help="Where `r` runs proofs: auto, cpu, cuda, mps. [default: the `device` setting]",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="DAY",
            help="An exam on DAY (YYYY-MM-DD), for this session only: no interval jumps past"
            " it, and new cards are paced to be seen in time. [default: the `exam_date`"
            " settings]",
            show_default=False,
        ),
    ] = None,
    mistakes: Annotated[
        bool,
        typer.Option(
            "--mistakes",
            help="Instead of the day's cards: the 20 questions of the mistakes you make most."
            " Those due are reviewed on the schedule, the others drilled without moving it.",
        ),
    ] = False,
) -> None:
    """Review due cards, then new ones. They come on the schedule (SM-2, or FSRS-6: `quiz
    config`)."""
    from quiz import config
    from quiz.schedule import examdate
    from quiz.snippets.prover import Prover
    from quiz.study import schedulers
    from quiz.study.mistakes import drill_ids
    from quiz.study.session import Session
    from quiz.tui.review import Reviewer, render_summary
    from quiz.tui.words import say

    today = clock.today()
    exams = examdate.exam_dates(None if until is None else examdate.until_day(until, today))
    catalog, selected = _catalog(bank)
    questions = _questions(catalog, selected, tag)
    store = _store(catalog, lang)
    focus = drill_ids(store, catalog, questions.ids) if mistakes else None
    session = Session(
        store,
        questions,
        today=today,
        clock=clock.now,
        new_limit=new if new is not None else config.get("new"),
        new_total=config.get("new_total"),
        bank_of=catalog.bank_of,
        limit=limit,
        exams=exams,
        pace_new=new is None,
        schedule=schedulers.schedule(store),
        focus=focus,
    )
    console = _console()
    language = _language(lang)
    for line in _exam_notes(session, examdate.over(exams, today), language):
        console.print(Text(safe_text(line, multiline=False)), soft_wrap=True)
    if session.current is None:
        if mistakes:
            nothing = say(
                "No mistakes to drill: no answer logged in these banks was one of a"
                " question's named mistakes (or those cards are suspended or buried).",
                language,
            )
        else:
            nothing = _nothing_to_review(session.outlook, language)
        console.print(nothing, soft_wrap=True)
        render_summary(console, session.finish(), language)
        return
    keys = Prover(catalog, store, device=_device(device), clock=clock.now)
    # The first card must not wait for torch: if its key is not cached, show another first.
    session.bring_forward(lambda item: keys.ready(item.question, item.variant))
    reviewer = Reviewer(session, console, lang=language, interactive=_interactive(), keys=keys)
    try:
        render_summary(console, reviewer.run(), language)
    finally:
        keys.close()


banks_app = typer.Typer(
    # `quiz banks` alone lists them; `quiz banks add|remove` change the registered ones.
    invoke_without_command=True,
    subcommand_metavar="[add|remove ARGS]",
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(banks_app, name="banks")


@banks_app.callback()
@friendly
def banks(
    ctx: typer.Context,
    bank: BankOption = [],  # noqa: B006
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage", help="Per bank: questions by type, bilingual %, proved %, parametric."
        ),
    ] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="With --coverage: a Markdown table.")
    ] = False,
) -> None:
    """Each bank with its card counts and where it comes from. The counts: total, new, due,
    learned and suspended.

    `quiz banks add PATH` registers your own bank (a file or a folder) for every command; `quiz
    banks remove ID` forgets it again."""
    if ctx.invoked_subcommand is not None:
        return
    from quiz.study.cards import bank_rows
    from quiz.tui import catalog as screens

    catalog, selected = _catalog(bank)
    if coverage:
        from quiz.bank.coverage import bank_coverage, total
        from quiz.bank.coverage import markdown as as_markdown

        rows = [bank_coverage(b) for b in catalog.banks if selected is None or b.id in selected]
        if markdown:
            typer.echo(as_markdown(rows), nl=False)
        else:
            screens.coverage(_console(), rows, total(rows))
        return
    # Only the loaded banks' cards: a database can hold many more (other courses, orphans).
    cards = _store(catalog).cards(qid for loaded in catalog.banks for qid in loaded.questions.ids)
    screens.banks(_console(), bank_rows(catalog, selected, cards, clock.today()), _language(None))


@banks_app.command("add")
@friendly
def banks_add(
    path: Annotated[str, typer.Argument(help="A bank file, or a folder of bank files.")],
) -> None:
    """Register your own bank for every command. It must load, with ids of its own."""
    from quiz.bank.catalog import register

    where, loaded = register(path)
    if len(loaded) == 1:
        [one] = loaded
        line = (
            f"Registered {one.id} ({plural(len(one.questions), 'question')}) from {where}:"
            " every command loads it now."
        )
    else:
        each = ", ".join(f"{b.id} ({plural(len(b.questions), 'question')})" for b in loaded)
        line = f"Registered {len(loaded)} banks from {where}: {each}; every command loads them now."
    _console().print(Text(safe_text(line, multiline=False)), soft_wrap=True)


@banks_app.command("remove")
@friendly
def banks_remove(
    bank_id: Annotated[
        str, typer.Argument(metavar="ID", help="A registered bank's id, or the path registered.")
    ],
) -> None:
    """Stop loading a registered bank; its review history is kept."""
    import shlex

    from quiz.bank.catalog import unregister

    where, ids = unregister(bank_id)
    what = f"{', '.join(ids)} ({where})" if ids else str(where)
    line = (
        f"Removed {what} from the registered banks. {'Their' if len(ids) > 1 else 'Its'}"
        f" review history is kept: `quiz banks add {shlex.quote(str(where))}` brings it back."
    )
    _console().print(Text(safe_text(line, multiline=False)), soft_wrap=True)


@app.command("list")
@friendly
def list_questions(
    bank: BankOption = [],  # noqa: B006
    tag: TagOption = [],  # noqa: B006
    due: Annotated[bool, typer.Option("--due", help="Only cards due today.")] = False,
    orphans: Annotated[
        bool,
        typer.Option("--orphans", help="Cards whose question is in no loaded bank any more."),
    ] = False,
    flagged: Annotated[
        bool, typer.Option("--flagged", help="Only questions flagged with f in a review.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """The questions of the loaded banks with their schedule state."""
    from quiz.study.cards import listed
    from quiz.study.cards import orphans as orphaned
    from quiz.tui import catalog as screens

    catalog, selected = _catalog(bank)
    leeches_only = any(t.casefold() == "leech" for t in tag)
    questions = _questions(catalog, selected, [t for t in tag if t.casefold() != "leech"])
    store = _store(catalog)
    today = clock.today()
    if orphans:
        # Orphans are the cards of no loaded question: those need them all.
        screens.orphans(_console(), orphaned(catalog, store.cards()), today)
        return
    cards = store.cards(q.id for q in questions)
    among = store.flagged() if flagged else None
    rows = listed(questions, cards, today, leeches_only=leeches_only, due_only=due, among=among)
    screens.questions(_console(), rows, today, _language(lang))


@app.command()
@friendly
def show(
    question_id: QuestionId,
    bank: BankOption = [],  # noqa: B006
    lang: LangOption = None,
) -> None:
    """A question with its answer, schedule and history. Its explanation too."""
    from quiz.tui import catalog as screens

    catalog, _ = _catalog(bank)
    question = _question_named(catalog, question_id)
    store = _store(catalog)
    card = store.card(question_id)
    history = store.history(question_id, question.renamed_from)
    console = _console()
    block = None
    if question.type == "predict" and question.snippet is not None:
        # A predict block kept in a snippet file: shown, never run, so read without trust.
        from quiz.bank.files import Snippet, resolve
        from quiz.errors import SnippetError

        loaded = catalog.bank(question.bank)
        try:
            block = Snippet.read(resolve(loaded, question.snippet.name)).text if loaded else None
        except SnippetError:
            block = None
    screens.question(console, question, card, history, clock.today(), _language(lang), block=block)
    from quiz.study.schedulers import card_under_both
    from quiz.tui.schedulers import card_schedules

    both = card_under_both(store, question_id, question.renamed_from, clock.today())
    card_schedules(console, both, clock.today())


def _is_text(value: str) -> bool:
    """Whether a command-line argument is UTF-8 text: the shell passes any bytes, and those
    that are not UTF-8 arrive as lone surrogates, which SQLite and UTF-8 files refuse."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _question_named(catalog, question_id: str):
    question = catalog.questions.get(question_id)
    if question is None:
        raise UnknownQuestion(_unknown_message(question_id, catalog.questions))
    return question


def _unknown_message(question_id: str, known: Iterable[str]) -> str:
    import difflib

    near = difflib.get_close_matches(question_id, list(known), n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return f"no question with id {question_id!r}{hint}"


@app.command()
@friendly
def suspend(question_id: QuestionId) -> None:
    """Keep a card out of reviews."""
    _set_suspended(question_id, True)


@app.command()
@friendly
def unsuspend(question_id: QuestionId) -> None:
    """Bring a suspended card (or a leech) back into reviews."""
    _set_suspended(question_id, False)


def _set_suspended(question_id: str, value: bool) -> None:

    catalog, _ = _catalog()
    store = _store(catalog)
    if question_id not in catalog.questions and (
        not _is_text(question_id) or store.card(question_id) is None
    ):
        raise UnknownQuestion(_unknown_message(question_id, catalog.questions))
    store.set_suspended(question_id, value, day=clock.today(), now=clock.now())
    _console().print(f"{question_id} is {'suspended' if value else 'back in reviews'}.")


@app.command()
@friendly
def schema() -> None:
    """Print the JSON Schema of the bank format. For editors' YAML support."""
    import json

    from quiz.bank.schema import bank_schema

    typer.echo(json.dumps(bank_schema(), indent=2, ensure_ascii=False))


new_app = _sub_app("new", "Start a bank, or print a question to paste into one.")


@new_app.command("bank")
@friendly
def new_bank(
    name: Annotated[str, typer.Argument(help="The bank id, also the file name (NAME.yaml).")],
    folder: Annotated[
        str, typer.Option("--dir", help="Folder to create it in (default: here).")
    ] = ".",
) -> None:
    """Create NAME.yaml with an example of each question type. And its snippets."""
    import shlex
    from pathlib import Path

    from quiz.bank.templates import write_bank

    written = write_bank(name, Path(folder))
    console = _console()
    for path in written:
        console.print(Text(safe_text(f"created {path}")), soft_wrap=True)
    bank = shlex.quote(str(written[0]))
    next_steps = (
        f"Next: edit {written[0]}, then `quiz check {bank}`, `quiz trust {bank}`"
        f" and `quiz check {bank} --run`."
    )
    print_keeping_commands(console, safe_text(next_steps))


@new_app.command("question")
@friendly
def new_question(
    question_type: Annotated[
        str,
        typer.Option(
            "--type", "-t", help="numeric, shape, choice, multi, text, open, code or predict."
        ),
    ] = "numeric",
    folder: Annotated[
        str,
        typer.Option(
            "--dir", help="The bank's folder: a code question's snippet is written there."
        ),
    ] = ".",
) -> None:
    """Print a question template to paste under `questions:`. A code question's reference
    snippet is written under DIR/snippets/ (never over a file that exists)."""
    from pathlib import Path

    from quiz.bank.templates import question_template, write_question_snippets

    try:
        template = question_template(question_type)
    except ValueError as exc:
        raise QuizError(str(exc)) from None
    for path in write_question_snippets(question_type, Path(folder)):
        typer.echo(f"created {path}", err=True)  # stdout stays the YAML, for `>> bank.yaml`
    typer.echo(template, nl=False)


@app.command()
@friendly
def stats(
    bank: BankOption = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Every figure as JSON.")] = False,
    lang: LangOption = None,
    forecast: Annotated[
        bool,
        typer.Option(
            "--forecast",
            help="Instead: the next 30 days of reviews simulated under SM-2 and under FSRS.",
        ),
    ] = False,
) -> None:
    """Your progress: today, streak, calendar, forecast, mastery. Retention and leeches too;
    with an exam date set, the plan until the exam."""
    from quiz.schedule import examdate
    from quiz.study import schedulers
    from quiz.study import stats as figures
    from quiz.tui.stats import render

    catalog, selected = _catalog(bank)
    store = _store(catalog)
    if forecast:
        _scheduler_forecast(store, catalog, selected, as_json, _language(lang))
        return
    rules = schedulers.rules(store)
    result = figures.compute(
        store,
        catalog,
        clock.today(),
        selected,
        exams=examdate.exam_dates(),
        scheduler=rules.scheduler,
        schedule=schedulers.schedule(store),
    )
    if as_json:
        import json

        typer.echo(json.dumps(figures.to_json(result), indent=2, ensure_ascii=False))
        return
    render(_console(), result, _language(lang))


def _scheduler_forecast(
    store: Any, catalog: Any, selected: list[str] | None, as_json: bool, lang: str | None
) -> None:
    from quiz.study import schedulers
    from quiz.tui import schedulers as screens

    ids = catalog.select(selected, []).ids if selected else None
    result = schedulers.forecast(store, clock.today(), question_ids=ids, renames=catalog.renames())
    if as_json:
        import json

        typer.echo(json.dumps({"forecast": result.to_json()}, indent=2))
        return
    screens.forecast(_console(), result, lang)


@app.command("exam")
@friendly
def exam_command(
    bank: BankOption = [],  # noqa: B006
    tag: TagOption = [],  # noqa: B006
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, help="Questions on the paper.")
    ] = 20,
    minutes: Annotated[
        float | None, typer.Option("--minutes", min=0.01, help="Time allowed (a countdown).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Sit a reproducible paper (shown in the report).")
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Count each answer as a graded review (SM-2).")
    ] = False,
    focus: Annotated[
        str | None, typer.Option("--focus", help="'weak': your weakest banks and leeches.")
    ] = None,
    report: Annotated[
        str | None, typer.Option("--report", help="Also write the report to FILE.md.")
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Past exams and scores per bank.")
    ] = False,
    open_questions: Annotated[
        bool,
        typer.Option(
            "--open", help="Open questions too: you mark them against the model answer at the end."
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """A timed mock exam, with a full report at the end. No feedback until then."""
    import random

    from quiz.snippets.prover import Prover
    from quiz.study import exam
    from quiz.tui import exam as examiner
    from quiz.tui.exam import render_history
    from quiz.tui.words import say, say_count

    # The exam is saved once it is sat: a value that cannot be saved then must fail now.
    exam.check_sitting(minutes, seed)
    clock.today()  # QUIZ_NOW and the rollover hour
    catalog, selected = _catalog(bank)
    store = _store(catalog)
    console = _console()
    language = _language(lang)
    if history:
        render_history(console, store.exams(), language)
        return
    if focus not in (None, "weak"):
        raise QuizError(f"--focus {focus!r}: the only focus is 'weak'")
    questions = _questions(catalog, selected, tag)
    paper_seed = seed if seed is not None else random.SystemRandom().randrange(10**6)
    if focus == "weak":
        paper = exam.weakest_first(
            questions, store.cards(), count, paper_seed, open_questions=open_questions
        )
    else:
        paper = exam.draw_paper(questions, count, paper_seed, open_questions=open_questions)
    if not paper.questions:
        kind = "questions" if open_questions else "objective questions"
        raise QuizError(f"no {kind} match: nothing to put on the paper")
    keys = Prover(catalog, store, device=_device(None), clock=clock.now)
    try:
        prepared = examiner.prepare(paper, keys, console, language)
    except BaseException:
        keys.close()
        raise
    topics = {"banks": selected or [], "tags": tag, "focus": [focus] if focus else []}
    result = exam.Result(paper_seed, minutes, topics, prepared, recorded=record)
    paper_line = say_count("{count:,} question", "{count:,} questions", len(prepared), language)
    if minutes:
        paper_line += say(" in {minutes:g} min", language, minutes=minutes)
    console.print(paper_line + say(" · seed {seed}", language, seed=paper_seed))
    with keys:  # a code question's answer runs on its cases as it is given
        result.interrupted = examiner.sit(
            prepared,
            console,
            minutes=minutes,
            lang=language,
            interactive=_interactive(),
            keys=keys,
        )
    examiner.mark(prepared, console, lang=language, interactive=_interactive())
    if record:
        from quiz.schedule import examdate

        today = clock.today()
        from quiz.study import schedulers

        schedule = examdate.capped_schedule(
            examdate.exam_dates(), catalog.bank_of, today, schedulers.schedule(store)
        )
        exam.record(store, result, now=clock.now(), day=today, schedule=schedule)
    store.save_exam(result.to_record(), now=clock.now())
    examiner.render_report(console, result, language)
    if report:
        from pathlib import Path

        text = exam.markdown_report(result, language, lambda a: examiner.key_text(a, language))
        Path(report).write_text(text, encoding="utf-8")
        console.print(say("Report written to {file}", language, file=report))


scheduler_app = _sub_app(
    "scheduler",
    "Fit FSRS to your log, or compare the two schedulers on it. `quiz config scheduler"
    " sm2|fsrs` picks the one in use.",
)


@scheduler_app.command("optimize")
@friendly
def scheduler_optimize(
    reset: Annotated[
        bool,
        typer.Option("--reset", help="Forget the fitted parameters: FSRS-6's defaults again."),
    ] = False,
) -> None:
    """Fit FSRS-6's parameters to your own review log. With py-fsrs's optimizer; then they are
    used."""
    from quiz.study import schedulers
    from quiz.tui import schedulers as screens

    catalog, _ = _catalog()
    store = _store(catalog)
    console = _console()
    if reset:
        count = schedulers.forget_fit(store, catalog.renames())
        console.print("FSRS-6's default parameters hold again.")
        if count:
            console.print(f"Rescheduled {plural(count, 'card')} with them.")
        return
    result = schedulers.optimize(
        store, now=clock.now(), renames=catalog.renames(), progress=_interactive()
    )
    screens.optimized(console, result, schedulers.rules(store).scheduler)


@scheduler_app.command("compare")
@friendly
def scheduler_compare(
    as_json: Annotated[bool, typer.Option("--json", help="The figures as JSON.")] = False,
) -> None:
    """Score SM-2, FSRS-6 and FSRS-6 fitted to you on your log. Scored on the later part of the
    log."""
    from quiz.study import schedulers
    from quiz.tui import schedulers as screens

    catalog, _ = _catalog()
    result = schedulers.compare(
        _store(catalog), renames=catalog.renames(), progress=_interactive() and not as_json
    )
    if as_json:
        import json

        typer.echo(json.dumps(result.to_json(), indent=2))
        return
    screens.comparison(_console(), result)


export_app = _sub_app("export", "Take your data elsewhere: the review log, or Anki decks.")


@export_app.command("log")
@friendly
def export_log(
    out: Annotated[str, typer.Argument(help="OUT.csv or OUT.jsonl")],
) -> None:
    """Write the full review log as CSV or JSON lines. Every answer, grade and state."""
    from pathlib import Path

    from quiz.export.log import write_log

    target = Path(out)
    count = write_log(_store(None), target)
    _console().print(f"Wrote {plural(count, 'review')} to {target}.")


@export_app.command("anki")
@friendly
def export_anki_command(
    out: Annotated[str, typer.Argument(help="OUT.apkg")],
    bank: BankOption = [],  # noqa: B006
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Snippets run at once.")] = 1,
    progress: Annotated[
        bool,
        typer.Option(
            "--progress",
            help="Carry each card's schedule and review history, so that Anki keeps your"
            " progress (check 'Import any learning progress' when Anki imports it).",
        ),
    ] = False,
) -> None:
    """One Anki deck per bank. Parametric questions as a few variants with computed keys.

    Notes keep stable ids, so importing a later export updates them instead of duplicating."""
    from pathlib import Path

    from quiz.export.anki import export_anki

    catalog, selected = _catalog(bank)
    target = Path(out)
    if target.suffix != ".apkg":
        raise QuizError(f"{target}: Anki packages end in .apkg")
    summary = export_anki(
        catalog,
        selected,
        target,
        store=_store(catalog),
        jobs=jobs,
        progress=progress,
        today=clock.today(),
        rollover_hour=clock.rollover_hour(),
    )
    console = _console()
    for failure in summary.failures:
        console.print(Text(safe_text(f"skipped {failure}"), style="yellow"), soft_wrap=True)
    console.print(
        f"Wrote {target}: {plural(summary.decks, 'deck')}, {plural(summary.notes, 'note')}"
        + (f" ({plural(summary.skipped, 'variant')} skipped)" if summary.skipped else "")
        + (
            f"; {plural(summary.scheduled, 'note')} scheduled,"
            f" {plural(summary.reviews, 'review')} of history"
            if progress
            else ""
        )
        + "."
    )


import_app = _sub_app("import", "Bring questions made elsewhere into a bank: Anki decks.")


@import_app.command("anki")
@friendly
def import_anki_command(
    deck: Annotated[
        str, typer.Argument(metavar="DECK.apkg", help="An Anki package, as Anki exports it.")
    ],
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            help="The bank file to write. [default: BANK.yaml in the current folder]",
            show_default=False,
        ),
    ] = None,
    bank: Annotated[
        str | None,
        typer.Option(
            "--bank",
            "-b",
            help="The new bank's id. [default: from the file name]",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a bank file that exists.")
    ] = False,
) -> None:
    """Turn an Anki deck into a YAML bank. Basic and Cloze notes, with their tags and media.

    A short answer that names its spellings becomes a text question; any other answer an open
    one, which you grade yourself as in Anki."""
    from pathlib import Path

    from quiz.export.anki_import import import_anki
    from quiz.tui.data import imported

    summary = import_anki(Path(deck), out=Path(out) if out else None, bank_id=bank, force=force)
    imported(_console(), summary)


@app.command("config")
@friendly
def config_command(
    name: Annotated[
        str | None,
        typer.Argument(
            help="lang, new, new_total, rollover_hour, device, exam_date, last_pass, …"
            " (`quiz config` lists them all).",
            show_default=False,
        ),
    ] = None,
    value: Annotated[str | None, typer.Argument(help="Its new value.", show_default=False)] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Put it back to its default.")] = False,
    bank: Annotated[
        str | None,
        typer.Option(
            "--bank",
            "-b",
            help="With exam_date: the exam day of this bank (an id, or a bank file/folder)"
            " instead of every bank's.",
        ),
    ] = None,
) -> None:
    """Show your settings, or change one. Language, new cards a day, exam date, …"""
    from quiz import config
    from quiz.tui import settings as screen

    console = _console()
    if name is None:
        if unset or value is not None or bank is not None:
            raise QuizError("name the setting: quiz config NAME VALUE, or quiz config NAME --unset")
        screen.listing(console, config.listing(), config.config_path(), config.registered_banks())
        screen.bank_exam_dates(console, config.bank_exam_dates())
        return
    setting = config.setting(name)
    if unset and value is not None:
        raise QuizError("--unset takes no value")
    if bank is not None:
        if setting.name != "exam_date":
            raise QuizError("--bank goes with exam_date only: a bank's own exam day")
        _config_bank_exam_date(console, bank, value, unset)
        return
    if unset:
        screen.reset(console, setting, config.reset(name))
    elif value is not None:
        changed, path = config.change(name, value)
        screen.changed(console, setting.name, changed, path)
        if setting.name == "exam_date" and changed < clock.today():
            screen.exam_over(console, changed)
    else:
        current, _ = config.lookup(setting.name)
        console.print("" if current is None else str(current))
    if setting.env and os.environ.get(setting.env) and (unset or value is not None):
        screen.overridden(console, setting.env, os.environ[setting.env])
    if setting.name in ("scheduler", "desired_retention", "fuzz") and (unset or value is not None):
        _reschedule(console)


def _reschedule(console: Console) -> None:
    """Rebuild the cards from the log under the scheduler settings just changed."""
    from quiz.paths import database_path
    from quiz.store import Store
    from quiz.study import schedulers

    catalog, _ = _catalog()
    store = Store(database_path())
    if store.read_only:
        return
    store.follow_renames(catalog.renames())
    count = schedulers.keep_current(store, catalog.renames())
    if count is not None:
        name = {"sm2": "SM-2", "fsrs": "FSRS-6"}[schedulers.rules(store).scheduler]
        console.print(
            f"Rescheduled {plural(count, 'card')} from the review log under {name}.",
            soft_wrap=True,
        )


def _config_bank_exam_date(console: Console, bank: str, value: str | None, unset: bool) -> None:
    """`quiz config exam_date [DAY] --bank ID [--unset]`: show, set or take out the exam day
    of a bank (of each bank, for a file or folder that holds several)."""
    from quiz import config
    from quiz.tui import settings as screen

    _, selected = _catalog([bank])
    for bank_id in selected or []:
        if unset or value is not None:
            day, path = config.change_bank_exam_date(bank_id, None if unset else value)
            screen.bank_exam_date_changed(console, bank_id, day, config.get("exam_date"), path)
            if day is not None and day < clock.today():
                screen.exam_over(console, day)
        else:
            day = config.bank_exam_dates().get(bank_id, config.get("exam_date"))
            console.print("" if day is None else day.isoformat())


@app.command()
@friendly
def backup(
    file: Annotated[
        str | None,
        typer.Argument(metavar="FILE", help="Where to write the copy.", show_default=False),
    ] = None,
    list_backups: Annotated[
        bool,
        typer.Option(
            "--list", help="List the daily backups, which are made before each day's first answer."
        ),
    ] = False,
) -> None:
    """Copy the database consistently. Safe while a review is running.

    A copy is also made every study day before its first answer, in QUIZ_HOME/backups; the
    last 7 days and the last 4 weeks are kept (`quiz backup --list`)."""
    from pathlib import Path

    if list_backups:
        from quiz.paths import backups_dir
        from quiz.study.backups import backups
        from quiz.tui.data import backup_list

        if file is not None:
            raise QuizError("--list takes no FILE")
        backup_list(_console(), backups(backups_dir()), backups_dir())
        return
    if file is None:
        raise QuizError("name the FILE to write, or list the daily backups with --list")
    target = Path(file)
    store = _store(None)
    store.backup_to(target)
    _console().print(
        f"Backed up {store.path} to {target} ({plural(store.review_count(), 'review')})."
    )


@app.command()
@friendly
def restore(
    file: Annotated[
        str,
        typer.Argument(
            metavar="NAME|FILE",
            help="A daily backup's name from `quiz backup --list`, or a file `quiz backup` wrote.",
        ),
    ],
) -> None:
    """Replace the database with a backup. The current one is kept beside it first."""
    from pathlib import Path

    from quiz.paths import backups_dir
    from quiz.study.backups import named

    source = named(file, backups_dir())
    store = _store(None)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    safety = store.restore_from(
        source, keep_current_as=Path(f"{store.path}.before-restore-{stamp}")
    )
    console = _console()
    console.print(f"Restored {source} ({plural(store.review_count(), 'review')}).")
    console.print(f"The database as it was is kept in {safety}.")


@app.command("sync")
@friendly
def sync_command(
    folder: Annotated[
        str | None,
        typer.Argument(
            metavar="DIR",
            help="The folder your machines share: a git repository, Syncthing, Dropbox, a USB"
            " stick.",
        ),
    ] = None,
    show_status: Annotated[
        bool,
        typer.Option("--status", help="Show the devices seen and when each last wrote."),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Share your history with your other machines. Through a folder they all see: each
    writes its own files there and reads the others'."""
    from pathlib import Path

    from quiz.study import sync
    from quiz.tui import sync as screen

    language = _language(lang)
    if show_status:
        if folder is not None:
            raise QuizError("--status shows what the last sync saw: give it no folder")
        screen.status(_console(), sync.status(_store(None)), language)
        return
    if folder is None:
        raise QuizError("name the folder your machines share: quiz sync DIR (or --status)")
    catalog, _ = _catalog()
    result = sync.synchronize(
        _store(catalog), Path(folder), now=clock.now(), renames=catalog.renames()
    )
    screen.report(_console(), result, language, Console(stderr=True, highlight=False))


def main() -> None:
    """Console-script entry point. A mistake on the command line (a typo in a command or an
    option, a missing argument) is one line on stderr, naming where the help is."""
    command, args, prog = app, sys.argv[1:], "quiz"
    if args[:1] == ["review"]:
        # The daily command skips building every other command's parser (15-20 ms of the
        # first card); its options, help and errors read the same.
        command = typer.Typer(
            add_completion=False,
            pretty_exceptions_enable=False,
            rich_markup_mode=None,
            context_settings={"help_option_names": ["-h", "--help"]},
        )
        command.command()(review)
        args, prog = args[1:], "quiz review"
    try:
        code = command(args=args, prog_name=prog, standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors
        if type(exc).__name__ == "NoArgsIsHelpError":  # `quiz run` alone: its help, once
            # The error carries the help as its message; rich help is printed while the
            # error is made, and the message left empty. Asking again would print it twice.
            if exc.format_message():
                typer.echo(exc.format_message())
            sys.exit(0)
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else _command_path(command, args, prog)
        message = " ".join(exc.format_message().split())
        print(f"error: {message} (see `{where} --help`)", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _command_path(command: typer.Typer, args: list[str], prog: str) -> str:
    """`quiz run snippet`: the (sub)command named by the words that lead `args`."""
    node = typer.main.get_command(command)
    path = [prog]
    for word in args:
        commands = getattr(node, "commands", {})
        if word not in commands:
            break
        node = commands[word]
        path.append(word)
    return " ".join(path)


# -- snippets: run, check, trust, device ------------------------------------------------------

run_app = _sub_app("run", "Run a snippet, or the snippet that proves a question.")

DeviceOption = Annotated[
    str | None,
    typer.Option(
        "--device",
        "-d",
        help="auto (CUDA, else MPS, else CPU), cpu, cuda or mps."
        " [default: the `device` setting, else auto]",
        show_default=False,
    ),
]


def _not_nan(seconds: float) -> float:
    # click checks a range with < and >, which nan passes: it would mean no timeout at all.
    if seconds != seconds:
        raise typer.BadParameter("nan is not a number of seconds.")
    return seconds


TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        max=24 * 60 * 60,
        callback=_not_nan,
        help="Seconds before the snippet is killed (at most a day).",
    ),
]


@run_app.command("snippet")
@friendly
def run_snippet(
    name: Annotated[str, typer.Argument(help="Snippet name (file stem) in a loaded bank.")],
    arg: Annotated[
        list[str], typer.Option("--arg", "-a", help="An argument for answer(), as key=value.")
    ] = [],  # noqa: B006
    bank: BankOption = [],  # noqa: B006
    device: DeviceOption = None,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Run a snippet on the device and show what answer() returns. Its code is shown first."""
    from quiz.bank.files import resolve
    from quiz.errors import SnippetMissing
    from quiz.snippets import args as snippet_args
    from quiz.snippets.prover import Prover
    from quiz.tui.proofs import report_failure_details, show_code, stream_to

    catalog, selected = _catalog(bank)
    args = snippet_args.parse(arg)
    found = None
    for loaded in catalog.banks:
        if selected is not None and loaded.id not in selected:
            continue
        try:
            found = (loaded, resolve(loaded, name))
            break
        except SnippetMissing:
            continue
    if found is None:
        raise QuizError(f"no snippet named {name!r} in the loaded banks' snippets folders")
    loaded, path = found
    console = _console()
    with Prover(catalog, _store(catalog), device=_device(device), timeout=timeout) as prover:
        snippet = prover.trusted(loaded, path)
        snippet_args.check(snippet.source, path.name, args)
        show_code(console, snippet)
        outcome = prover.run(snippet, args, on_output=stream_to(console))
    report_failure_details(console, outcome)
    if not outcome.ok:
        raise QuizError(f"snippet {path.name} {outcome.error}")
    if outcome.demonstration:
        console.print(
            Text(safe_text(f"✓ {path.name} ran on {outcome.device}: its asserts hold (exit 0)"))
        )
    else:
        shown = safe_text(f"answer() = {outcome.value!r}  (on {outcome.device})")
        console.print(Text(shown, style="bold"))


@run_app.command("question")
@friendly
def run_question(
    question_id: QuestionId,
    variant: Annotated[
        int | None, typer.Option("--variant", "-v", min=0, help="Variant number (parametric).")
    ] = None,
    bank: BankOption = [],  # noqa: B006
    device: DeviceOption = None,
    timeout: TimeoutOption = 60.0,
    lang: LangOption = None,
) -> None:
    """Run the snippet that proves a question against its key. It shows ✓ or ✗."""
    from quiz.schedule import params
    from quiz.snippets.prover import Prover
    from quiz.tui.proofs import key_text, report_failure_details, show_code, stream_to

    catalog, _ = _catalog(bank)
    question = _question_named(catalog, question_id)
    block = question.code.block if question.code is not None else None
    if question.snippet is None and block is None:
        raise QuizError(f"{question_id} has no snippet to run")
    index = _variant_index(question, variant)
    indices = None if index is None else [index]
    console = _console()
    language = _language(lang)
    failed = None
    with Prover(catalog, _store(catalog), device=_device(device), timeout=timeout) as prover:
        # One run; a code question's are its reference and each wrong solution, on the cases.
        jobs = prover.jobs_for(question, indices)
        console.print(Text(safe_text(params.prompt_text(question, jobs[0].variant, language))))
        show_code(console, jobs[0].snippet)
        for job in jobs:
            result = prover.prove(job, on_output=stream_to(console))
            report_failure_details(console, result.outcome)
            if result.passed and result.key is not None and question.type != "open":
                shown = key_text(question, result.key, language)
                line = safe_text(f"✓ {question_id}{job.label}: {result.message} ({shown})")
                console.print(Text(line, "green"))
            elif result.passed:
                passed = safe_text(f"✓ {question_id}{job.label}: {result.message}")
                console.print(Text(passed, "green"))
            elif failed is None:
                failed = f"✗ {question_id}{job.label}: {result.message}"
    if failed is not None:
        raise QuizError(failed)


@app.command("judge")
@friendly
def judge_command(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="A question id.")],
    answer: Annotated[
        str | None, typer.Argument(help="The answer, as a student would type it.")
    ] = None,
    variant: Annotated[
        int | None, typer.Option("--variant", "-v", min=0, help="Variant number (parametric).")
    ] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", "-f", help="Read the answer from this file (- for standard input)."),
    ] = None,
    bank: BankOption = [],  # noqa: B006
    lang: LangOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The verdict as JSON.")] = False,
) -> None:
    """Judge ANSWER as the review would. The verdict, the judge's note and the suggested grade.
    Choice letters are the bank's own (unshuffled). A code question's answer is a solution
    file (--file), run on its cases. Exit 0 when right, 1 when not."""
    from quiz.study import judging
    from quiz.tui import judge as screen

    catalog, _ = _catalog(bank)
    question = _question_named(catalog, question_id)
    if question.type == "open":
        raise QuizError(f"{question_id} is an open question: the student grades it, not the judge")
    if (answer is None) == (file is None):
        raise QuizError("give the answer, or --file with a file that holds it (not both)")
    if file is not None:
        answer = _answer_file(file)
    assert answer is not None  # noqa: S101 - one of the two, checked above
    if not _is_text(answer):
        raise QuizError("the answer is not UTF-8 text")
    language = _language(lang)
    verdict: Any
    if question.type == "code":
        from quiz.snippets.prover import Prover

        with Prover(catalog, _store(catalog), device=_device(None)) as prover:
            verdict = judging.judge_code(question, answer, prover.run_cases)
        render: Any = screen.render_code
    else:
        verdict = _judged(catalog, question, answer.strip() if file else answer, variant, language)
        render = screen.render
    if as_json:
        import json

        typer.echo(json.dumps(verdict.to_json(language), ensure_ascii=False, indent=2))
    else:
        render(_console(), verdict, language)
    if verdict.word != "right":
        raise typer.Exit(1)


def _judged(catalog: Any, question: Any, answer: str, variant: int | None, language: Any) -> Any:
    """A typed answer judged as the review judges it, its key (and the values of its
    mistakes) computed by the question's snippet where they are."""
    from quiz.schedule import params
    from quiz.study import judging

    index = _variant_index(question, variant)
    chosen = None if index is None else params.variant_at(question, index)
    key = question.answer
    computed = any(m.function is not None for m in question.mistakes)
    if not question.key_from_snippet and not computed:
        return judging.judge(question, key, answer, language)
    from quiz.snippets.prover import Prover

    with Prover(catalog, _store(catalog), device=_device(None)) as prover:
        if question.key_from_snippet:
            key = prover.key(question, chosen)
        verdict = judging.judge(question, key, answer, language)
        if verdict.word == "wrong" and computed:
            # A wrong answer may be one of the mistakes the snippet computes.
            values = prover.mistakes(question, chosen)
            verdict = judging.judge(question, key, answer, language, values)
    return verdict


def _answer_file(name: str) -> str:
    """An answer kept in a file (`-`: standard input), as text; QuizError naming the file."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_ANSWER_FILE + 1)
    else:
        try:
            with open(name, "rb") as handle:
                data = handle.read(MAX_ANSWER_FILE + 1)
        except OSError as exc:
            raise QuizError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_ANSWER_FILE:
        raise QuizError(f"{name}: larger than {MAX_ANSWER_FILE:,} bytes; an answer is shorter")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise QuizError(f"{name}: not UTF-8 text") from None


MAX_ANSWER_FILE = 100_000


def _variant_index(question: Any, variant: int | None) -> int | None:
    """The variant `--variant` names (0 by default) of a parametric question; None for one
    that is not parametric, where `--variant` is a mistake."""
    from quiz.schedule import params

    if not question.parametric:
        if variant is not None:
            raise QuizError(f"{question.id} is not parametric: it has no --variant")
        return None
    count = params.variant_count(question)
    chosen = 0 if variant is None else variant
    if chosen >= count:
        raise QuizError(f"{question.id} has {plural(count, 'variant')}: --variant 0..{count - 1}")
    return chosen


@app.command()
@friendly
def check(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Bank files or folders (default: built-in).")
    ] = None,
    run: Annotated[bool, typer.Option("--run", help="Run every snippet; prove the keys.")] = False,
    variants: Annotated[
        int | None,
        typer.Option("--variants", min=1, help="Prove this many variants per question (sample)."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Snippets run at once.")] = 1,
    output_format: Annotated[
        str, typer.Option("--format", help="text or json.", case_sensitive=False)
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    device: DeviceOption = None,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Lint banks: every problem, with file:line:column. With --run, prove every key."""
    from pathlib import Path

    from quiz.bank.lint import lint
    from quiz.tui.proofs import check_json, mistake_counts, print_proofs

    if output_format not in ("text", "json"):
        raise QuizError(f"--format {output_format!r}: choose text or json")
    result = lint([Path(p) for p in paths or []])
    catalog = result.catalog
    proofs = []
    if run:
        from quiz.snippets.prover import Prover

        device_name = _device(device)
        with Prover(
            catalog, _store(catalog), device=device_name, jobs=jobs, timeout=timeout
        ) as prover:
            proofs = prover.prove_catalog(variants)
    failed = [p for p in proofs if not p.passed]
    if output_format == "json":
        import json

        typer.echo(json.dumps(check_json(result, proofs), indent=2, ensure_ascii=False))
    else:
        console = _console()
        from quiz.safetext import safe_text

        for diagnostic in result.diagnostics:
            style = "red" if diagnostic.severity == "error" else "yellow"
            line = safe_text(str(diagnostic), multiline=False)
            console.print(Text(line, style=style), soft_wrap=True)
        if proofs:
            print_proofs(console, proofs)
        summary = (
            f"{plural(result.files, 'file')}, {plural(result.questions, 'question')}:"
            f" {plural(len(result.errors), 'error')}, {plural(len(result.warnings), 'warning')}"
        )
        if run:
            passed = len(proofs) - len(failed)
            summary += f"; {plural(len(proofs), 'proof')}: {passed} ✓, {len(failed)} ✗"
            checked, wrong = mistake_counts(proofs)
            if checked:
                summary += f"; {plural(checked, 'mistake value')}: {checked - wrong} ✓, {wrong} ✗"
        console.print(summary, soft_wrap=True)
    if result.errors or failed or (strict and result.warnings):
        raise typer.Exit(1)


@app.command()
@friendly
def trust(
    path: Annotated[
        str | None, typer.Argument(help="A bank file or folder whose snippets you trust.")
    ] = None,
    show: Annotated[bool, typer.Option("--list", help="List trusted snippets.")] = False,
    revoke: Annotated[
        str | None, typer.Option("--revoke", help="Stop trusting this bank's snippets.")
    ] = None,
) -> None:
    """Allow a bank's snippets to run. Recorded by content, so an edit asks again."""
    from quiz.snippets.trust import set_trust

    store = _store(None)
    console = _console()
    if show:
        rows = store.trusted()
        if not rows:
            console.print("No trusted snippets. Built-in banks are always trusted.")
        for snippet_path, digest, when in rows:
            console.print(Text(safe_text(f"{snippet_path}  {digest[:12]}  trusted {when}")))
        return
    target = revoke or path
    if target is None:
        raise QuizError("name a bank to trust (quiz trust PATH), or use --list / --revoke PATH")
    snippet_files = set_trust(store, target, trusted=revoke is None, now=clock.now())
    if not snippet_files:
        console.print(
            Text(safe_text(f"{target}: its questions name no snippets; nothing to trust."))
        )
        return
    verb = "No longer trusting" if revoke else "Trusted"
    console.print(Text(safe_text(f"{verb} {plural(len(snippet_files), 'snippet')} of {target}:")))
    for snippet_path in snippet_files:
        console.print(Text(safe_text(f"  {snippet_path}")))


@app.command()
@friendly
def device() -> None:
    """The torch version and the devices present. And the one `--device auto` picks."""
    from pathlib import Path

    from quiz import config
    from quiz.bank.files import Snippet
    from quiz.snippets.client import choose_device
    from quiz.snippets.prover import Prover

    console = _console()
    with Prover(None, None) as prover:
        info = prover.device_info()
        console.print(f"torch {info['torch']}")
        if info["cuda"]:
            probe_file = Snippet.read(Path(__file__).parent / "snippets" / "probe.py")
            probe = prover.run(probe_file, {}, device="cuda")
            if probe.ok:
                for index, (name, memory) in enumerate(probe.value):
                    console.print(f"cuda:{index}  {name}  {memory / 2**30:.1f} GiB")
            else:
                console.print(f"CUDA: {info['cuda_count']} device(s) ({probe.error})")
        else:
            console.print("CUDA: not available")
        console.print(f"MPS: {'available' if info['mps'] else 'not available'}")
        console.print("CPU: available")
        console.print(f"auto picks: {choose_device('auto', cuda=info['cuda'], mps=info['mps'])}")
    configured, source = config.lookup("device")
    if source != "default":
        console.print(f"snippets run on: {configured} (the device setting, from {source})")
