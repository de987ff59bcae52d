"""The mock exam in the terminal: a countdown, one answer per question, no feedback until
the end, then the report. Paper and scoring are exam.py's; keys come from prover.Prover.
Bank text and the student's answers are printed as Text made safe by safetext.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quiz.errors import QuizError
from quiz.model import pick
from quiz.safetext import safe_text
from quiz.schedule import answers, code, params, shuffle
from quiz.study import exam
from quiz.tui import coding
from quiz.tui.input import EndSession, Keys
from quiz.tui.render import print_explanation, print_keeping_commands, print_question
from quiz.tui.review import ANSWER_HINTS
from quiz.tui.words import say, say_count, say_phrase

MAX_VARIANT_ATTEMPTS = 5


class TimeUp(Exception):
    """The exam's time ran out."""


def prepare(
    paper: exam.Paper, keys: Any, console: Console, lang: str | None = None
) -> list[exam.Answer]:
    """The key of every question on the paper; a variant without one is redrawn, a question
    with none is left off (it must never be shown)."""
    pending = [
        (q, v) for q, v in zip(paper.questions, paper.variants, strict=True) if q.key_from_snippet
    ]
    if pending:
        preparing = say_count(
            "Preparing the paper: computing {count} key with its snippet…",
            "Preparing the paper: computing {count} keys with their snippets…",
            len(pending),
            lang,
        )
        console.print(Text(preparing, "dim"))
        keys.prefetch_all(pending)
    prepared = []
    for question, variant, index in zip(
        paper.questions, paper.variants, paper.variant_indices, strict=True
    ):
        for attempt in range(MAX_VARIANT_ATTEMPTS):
            try:
                key = keys.key(question, variant)
                params.prompt_text(question, variant, None)
                order = exam.choice_order(question, paper.seed)
                prepared.append(exam.Answer(question, variant, index, key, order=order))
                break
            except (QuizError, params.VariantError):
                if not question.parametric:
                    break
                index = params.draw_index(question, paper.seed, attempt + 1)
                variant = params.variant_at(question, index)
    return prepared


def sit(
    prepared: list[exam.Answer],
    console: Console,
    *,
    minutes: float | None,
    lang: str | None,
    interactive: bool,
    keys: Any = None,
) -> bool:
    """Ask every question; fills in each Answer's given, correct and seconds. True when the
    paper was interrupted: Ctrl-C (or q, or the end of input) or the time limit ended it
    before every question was answered. A code answer is marked by its cases, run by
    `keys` (the Prover) as it is given."""
    reader = Keys(interactive)
    deadline = time.monotonic() + minutes * 60 if minutes else None

    def time_up(*_: Any) -> None:
        raise TimeUp

    previous = None
    if minutes:  # exactly when there is a deadline
        previous = signal.signal(signal.SIGALRM, time_up)
        signal.setitimer(signal.ITIMER_REAL, minutes * 60)
    try:
        for number, answer in enumerate(prepared, 1):
            _ask(answer, number, len(prepared), reader, console, deadline, lang, keys)
        return False
    except TimeUp:
        console.print()
        ended = say("Time is up: unanswered questions count as wrong.", lang)
        console.print(Text(ended, "bold yellow"))
        return True
    except (EndSession, KeyboardInterrupt):
        console.print()
        stopped = say("Stopped: unanswered questions count as wrong.", lang)
        console.print(Text(stopped, "yellow"))
        return True
    finally:
        if deadline is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _ask(answer, number, total, reader, console, deadline, lang, keys=None) -> None:
    question = answer.question
    header = Text(f"[{number}/{total}] ", style="bold")
    header.append(question.bank, style="magenta")
    if deadline is not None:
        minutes, seconds = divmod(max(0, int(deadline - time.monotonic())), 60)
        left = say("  ⏱ {minutes}:{seconds:02d} left", lang, minutes=minutes, seconds=seconds)
        header.append(left, style="yellow")
    console.rule(header, align="left", style="dim")
    prompt = params.prompt_text(question, answer.variant, lang)
    print_question(console, question, prompt, lang, answer.shown)
    if answer.self_marked:
        hint = say(
            "Write your answer on one line; you mark it against the model answer at the end.", lang
        )
        console.print(Text(hint, "dim"))
        started = time.monotonic()
        answer.given = answers.storable(reader.line(console, "› ").strip())
        answer.seconds = time.monotonic() - started
        return
    if question.type in ("code", "predict") and keys is not None:
        coding.print_block(console, keys.shown_code(question, answer.variant))
    hint = say(ANSWER_HINTS[question.type], lang)
    console.print(Text(say("{hint} (no feedback until the end)", lang, hint=hint), "dim"))
    started = time.monotonic()
    if question.type == "code":
        _ask_code(answer, reader, console, lang, keys)
        answer.seconds = time.monotonic() - started
        return
    while True:
        given = reader.line(console, "› ").strip()
        try:
            judgement = shuffle.judge(question, answer.key, answer.shown, given, lang)
            break
        except answers.Unparseable as exc:
            retry = say("  {reason}; try again", lang, reason=say_phrase(exc.phrase, lang))
            console.print(Text(safe_text(retry)))
    answer.given = given
    answer.correct = judgement.correct
    answer.seconds = time.monotonic() - started


def _ask_code(answer, reader, console, lang, keys) -> None:
    """A code answer, marked by its cases as soon as it is given (the verdict is kept for
    the end); no code, or a run that cannot be made, is wrong."""
    question = answer.question
    seed = question.code.starter if question.code else ""
    given = coding.read_code(reader, console, seed, lang)
    if given.startswith(":q"):
        raise EndSession
    answer.given = answers.storable(given) if given.strip() and given != "?" else ""
    if not answer.given or keys is None:
        answer.correct = False
        return
    try:
        judgement, _ = code.judgement(keys.run_cases(question, given), given)
    except QuizError:
        answer.correct = False
        return
    answer.correct = judgement.correct


def mark(
    prepared: list[exam.Answer], console: Console, *, lang: str | None, interactive: bool
) -> None:
    """Once the paper is done (no clock now): the student marks each open answer against
    the model answer. A blank answer, or one left unmarked, counts as wrong."""
    to_mark = [a for a in prepared if a.self_marked and a.given]
    if not to_mark:
        return
    reader = Keys(interactive)
    heading = say("Mark your open answers", lang)
    console.rule(Text(heading, style="bold"), align="left", style="dim")
    try:
        for answer in to_mark:
            prompt = params.prompt_text(answer.question, answer.variant, lang)
            console.print(Text(safe_text(prompt)))
            yours = safe_text(answer.given or "")
            console.print(Text.assemble((say("Yours: ", lang), "bold"), yours))
            model = safe_text(key_text(answer, lang))
            console.print(Text.assemble((say("Model: ", lang), "bold"), model))
            while True:
                choice = reader.key(console, say("Does yours say the same? [y/n] › ", lang)).lower()
                if choice in ("y", "n"):
                    break
                console.print(say("  y: it was right · n: it was not", lang), style="dim")
            answer.correct = choice == "y"
            console.print()
    except (EndSession, KeyboardInterrupt):
        console.print()
        stopped = say("Marking stopped: the answers left unmarked count as wrong.", lang)
        console.print(Text(stopped, "yellow"))


def render_report(console: Console, result: exam.Result, lang: str | None) -> None:
    console.rule(Text(say("Exam report", lang), style="bold"), align="left")
    score = say(
        "Score: {correct}/{questions} ({percent:.0f}%) · {seconds:.0f} s · seed {seed}",
        lang,
        correct=result.correct,
        questions=len(result.answers),
        percent=result.percent,
        seconds=result.seconds,
        seed=result.seed,
    )
    console.print(Text(score, style="bold"))
    if result.interrupted:
        ended = exam.interruption(len(result.answers), result.answered, result.correct)
        print_keeping_commands(
            console,
            say(
                "{ended}; `quiz exam --history` keeps it out of the trend.",
                lang,
                ended=say_phrase(ended, lang).capitalize(),
            ),
            style="yellow",
        )
    tables = (
        ("bank", say("By bank", lang), say("bank", lang)),
        ("tag", say("By tag", lang), say("tag", lang)),
    )
    for topic, title, heading in tables:
        table = Table(box=None, pad_edge=False, title=title, title_justify="left")
        table.add_column(heading)
        table.add_column(say("right", lang), justify="right")
        table.add_column(say("asked", lang), justify="right")
        for name, (right, asked) in result.by(topic).items():
            table.add_row(Text(safe_text(name, multiline=False)), str(right), str(asked))
        console.print(table)
    times = Table(box=None, pad_edge=False, title=say("Every question", lang), title_justify="left")
    for column in ("#", say("question", lang), say("your answer", lang), "", say("secs", lang)):
        times.add_column(column)
    for number, answer in enumerate(result.answers, 1):
        given = "—" if answer.given is None else answer.given
        mark = Text("✓", "green") if answer.correct else Text("✗", "red")
        if answer.self_marked:
            mark.append(say(" self", lang), "dim")
        times.add_row(
            str(number),
            Text(answer.question.id),
            Text(safe_text(given, multiline=False)),
            mark,
            f"{answer.seconds:.1f}",
        )
    console.print(times)
    for answer in (a for a in result.answers if not a.correct):
        console.rule(Text(answer.question.id, style="red"), align="left", style="dim")
        console.print(Text(safe_text(params.prompt_text(answer.question, answer.variant, lang))))
        given = answer.given if answer.given is not None else say("(not answered)", lang)
        console.print(Text.assemble((say("Your answer: ", lang), "bold"), safe_text(given)))
        key = safe_text(key_text(answer, lang))
        console.print(Text.assemble((say("Key: ", lang), "bold"), key))
        explanation = pick(answer.question.explanation, lang)
        if explanation:
            print_explanation(console, safe_text(explanation))
        command = exam.proof_command(answer)
        if command:
            prove = say("Prove it: `{command}`", lang, command=command)
            print_keeping_commands(console, safe_text(prove), style="dim")


def key_text(answer: exam.Answer, lang: str | None) -> str:
    """The key in the letters the paper showed, as the student's own answer is."""
    return shuffle.key_text(answer.question, answer.key, answer.shown, lang)


def render_history(console: Console, exams: list[dict], lang: str | None = None) -> None:
    if not exams:
        print_keeping_commands(console, say("No exams yet: `quiz exam` sits one.", lang))
        return
    table = Table(box=None, pad_edge=False, title=say("Past exams", lang), title_justify="left")
    # No column of question counts: the score names them, interrupted or not.
    columns = ("#", say("when (UTC)", lang), say("score", lang), say("minutes", lang))
    for column in (*columns, say("seed", lang)):
        table.add_column(column)
    for item in exams:
        if item["interrupted"]:
            answered = sum(a["given"] is not None for a in item["answers"])
            ended = exam.interruption(item["questions"], answered, item["correct"])
            score = Text(say_phrase(ended, lang), "yellow")
        else:
            percent = 100 * item["correct"] / item["questions"] if item["questions"] else 0
            score = Text(f"{item['correct']}/{item['questions']} ({percent:.0f}%)")
        table.add_row(
            str(item["id"]),
            item["started_at"].replace("T", " ")[:16],
            score,
            "" if item["minutes"] is None else f"{item['minutes']:g}",
            str(item["seed"]),
        )
    console.print(table)
    progress: dict[str, list[str]] = {}
    # An interrupted exam's unanswered questions are not a measure of what the student knows.
    for item in (e for e in exams if not e["interrupted"]):
        per_bank: dict[str, list[int]] = {}
        for answer in item["answers"]:
            entry = per_bank.setdefault(answer["bank"], [0, 0])
            entry[0] += bool(answer["correct"])
            entry[1] += 1
        for name, (right, asked) in per_bank.items():
            progress.setdefault(name, []).append(f"{100 * right / asked:.0f}%")
    topics = Table(
        box=None,
        pad_edge=False,
        title=say("Score per bank, exam by exam", lang),
        title_justify="left",
    )
    topics.add_column(say("bank", lang))
    topics.add_column(say("scores, oldest first", lang))
    for name in sorted(progress):
        topics.add_row(Text(safe_text(name, multiline=False)), " → ".join(progress[name]))
    if progress:
        console.print(topics)
    if any(e["interrupted"] for e in exams):
        left_out = say("Interrupted exams are left out of the scores per bank.", lang)
        console.print(Text(left_out, "dim"))
