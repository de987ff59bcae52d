"""The terminal review loop: renders a Session with rich and reads the student's keys.

The session owns the queue and the saving; this module only shows cards, reads answers and
grades, and asks the answer judge. It works in a real terminal (single-key grades) and with
piped stdin (one line per answer or key, no colour codes). Everything from outside the
program (bank text, what a snippet prints, what the student typed) is printed as rich Text
made safe by safetext: never read as markup, never with its control characters.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from quiz.errors import QuizError, StoreError, UntrustedSnippet
from quiz.model import Grade, pick
from quiz.safetext import safe_text
from quiz.schedule import answers, params, policy
from quiz.study.session import Graded, Item, Session, Summary
from quiz.tui.input import EndSession, Keys
from quiz.tui.proofs import report_failure_details, show_code, stream_to
from quiz.tui.render import print_question

if TYPE_CHECKING:
    from quiz.snippets.prover import Prover

ANSWER_HELP = "? shows the answer · :u undo last · :s suspend · :q quit"
GRADE_KEYS = "Enter keeps it · 0-5 changes it · u undo last · s suspend · q quit"
OPEN_GRADE_KEYS = "0-5 grades it · u undo last · s suspend · q quit"
PROOF_KEY = " · r runs the proof"
GRADE_MEANING = "0 blank · 1 wrong · 2 wrong, but familiar · 3 hard · 4 good · 5 easy"

ANSWER_HINTS = {
    "numeric": "Type a number (28, 0.25, 1.2e3, 23.5M, 1,204).",
    "shape": "Type a shape: (1, 64, 112, 112) or 1x64x112x112.",
    "choice": "Type one letter.",
    "multi": "Type every correct letter, e.g. A C.",
    "text": "Type a word or short phrase.",
    "open": "Answer in your head or in words, then compare with the model answer.",
}


@contextmanager
def _no_interrupt() -> Iterator[None]:
    """Hold Ctrl-C back while a grade is being written, then deliver it."""
    received: list[Any] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda *args: received.append(args))
    except ValueError:  # not the main thread: nothing to guard
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt


class Reviewer:
    def __init__(
        self,
        session: Session,
        console: Console,
        *,
        lang: str | None,
        interactive: bool,
        keys: Prover,
    ) -> None:
        self.session = session
        self.console = console
        self.lang = lang
        self.input = Keys(interactive)
        self.keys = keys
        self._warmed = False

    def run(self) -> Summary:
        """Review until the queue is empty or the student stops; always returns a summary."""
        try:
            while self.session.current is not None:
                self._one_card(self.session.current)
        except (EndSession, KeyboardInterrupt):
            self.console.print()
            self.console.print("Stopped. Every graded answer is saved.", style="yellow")
        return self.session.finish()

    # -- one card ---------------------------------------------------------------------------

    def _one_card(self, item: Item) -> None:
        question = item.question
        if not self.keys.ready(question, item.variant):
            self.console.print(Text("Computing this card's key (its snippet is running)…", "dim"))
        try:
            key = self.keys.key(question, item.variant)
        except UntrustedSnippet as exc:
            self.session.drop_current()
            self.console.print(Text(safe_text(f"Skipped {question.id}: {exc}"), "yellow"))
            return
        except QuizError as exc:
            self._variant_failed(item, str(exc))
            return
        try:
            prompt = params.prompt_text(item.question, item.variant, self.lang)
        except params.VariantError as exc:
            self._variant_failed(item, str(exc))
            return
        self._show(item, prompt)
        warm_up = None if self._warmed else self._warm_up
        started = time.monotonic()
        if item.question.type == "open":
            reveal = "Your answer (Enter to reveal) › "
            given = self.input.line(self.console, reveal, then=warm_up).strip()
            if given.startswith(":") and self._command(given[1:2].lower()):
                return
            seconds = time.monotonic() - started
            self._reveal(item, key, None)
            self._grade_loop(item, None, given or None, None, seconds)
            return
        while True:
            given = self.input.line(self.console, "› ", then=warm_up).strip()
            warm_up = None
            if given.startswith(":") and self._command(given[1:2].lower()):
                return
            if given == "?":
                judgement = answers.Judgement(False, "?")
                break
            try:
                judgement = answers.judge(item.question, key, given, self.lang)
                break
            except answers.Unparseable as exc:
                retry = f"  {exc}; not graded, try again ({ANSWER_HELP})"
                self.console.print(Text(safe_text(retry)))
        seconds = time.monotonic() - started
        self._reveal(item, key, judgement)
        suggested = policy.suggest_grade(judgement.correct, seconds)
        self._grade_loop(item, suggested, given, judgement.correct, seconds)

    def _warm_up(self) -> None:
        """Once the first card waits for its answer: start computing the keys of the cards
        to come (the worker imports torch while the student reads)."""
        self._warmed = True
        self.keys.prefetch_all([(i.question, i.variant) for i in self.session.queue])

    def _variant_failed(self, item: Item, reason: str) -> None:
        if not self.session.skip_variant():
            message = f"Skipped {item.question.id}: no variant of it could be prepared ({reason})"
            self.console.print(Text(safe_text(message), "yellow"))

    def _command(self, letter: str) -> bool:
        """An answer-line command; True when the current card is no longer being answered."""
        if letter == "q":
            raise EndSession
        if letter == "u":
            return self._undo()
        if letter == "s":
            self._suspend()
            return True
        self.console.print(f"  unknown command; {ANSWER_HELP}")
        return False

    def _grade_loop(
        self,
        item: Item,
        suggested: Grade | None,
        given: str | None,
        correct: bool | None,
        seconds: float,
    ) -> None:
        keys = GRADE_KEYS if suggested is not None else OPEN_GRADE_KEYS
        if item.question.snippet is not None:
            keys += PROOF_KEY
        self.console.print(Text(keys, style="dim"))
        label = f"Grade [{int(suggested)}] › " if suggested is not None else "Grade (0-5) › "
        while True:
            key = self.input.key(self.console, label).lower()
            if key == "" and suggested is not None:
                grade = int(suggested)
            elif key.isdigit() and int(key) <= 5:
                grade = int(key)
            elif key == "q":
                raise EndSession
            elif key == "u":
                if self._undo():
                    return
                continue
            elif key == "s":
                self._suspend()
                return
            elif key == "r" and item.question.snippet is not None:
                self._prove(item)
                continue
            else:
                self.console.print(f"  {GRADE_MEANING}", style="dim")
                continue
            self._save(item, grade, given, correct, seconds)
            return

    def _prove(self, item: Item) -> None:
        """Run the card's snippet for the variant shown and put the proof on screen."""
        question = item.question
        try:
            job = self.keys.key_job(question, item.variant)
            # The code shown is the code run: the bytes trust was checked against.
            show_code(self.console, job.snippet)
            self.console.print(Text("Running it…", style="dim"))
            proof = self.keys.prove(job, on_output=stream_to(self.console))
        except QuizError as exc:
            self.console.print(Text(safe_text(f"No proof: {exc}"), "yellow"))
            return
        outcome = proof.outcome
        report_failure_details(self.console, outcome)
        if outcome.ok and not outcome.demonstration:
            args = ", ".join(f"{k}={v!r}" for k, v in proof.job.args.items())
            computed = f"answer({args}) = {outcome.value!r} on {outcome.device}"
            self.console.print(Text(safe_text(computed)))
        mark, style = ("✓ Proved", "bold green") if proof.passed else ("✗ Not proved", "bold red")
        self.console.print(Text(f"{mark}: {safe_text(proof.message)}", style=style))

    def _save(
        self, item: Item, grade: int, given: str | None, correct: bool | None, seconds: float
    ) -> None:
        try:
            with _no_interrupt():
                graded = self.session.grade(grade, answer=given, correct=correct, seconds=seconds)
        except StoreError as exc:
            # The database changed under the session (a `quiz restore` took away the history
            # a repeat belongs to): the same grade would be refused again, so the card leaves
            # this sitting and the others go on.
            self.session.drop_current()
            message = f"  Not saved: {exc}; the card leaves this session."
            self.console.print(Text(safe_text(message), "yellow"))
            self.console.print()
            return
        self._after_save(graded)

    def _after_save(self, graded: Graded) -> None:
        after = graded.recorded.after
        if graded.item.kind == "drill":
            message = f"Saved {graded.recorded.after.question_id}: practice repeat, schedule kept"
        else:
            days = after.state.interval
            message = f"Saved: next review in {days} day{'s' if days != 1 else ''}"
        if graded.requeued is not None:
            message += "; it comes back later in this session"
        self.console.print(message, style="green")
        if graded.recorded.became_leech:
            self.console.print(
                f"{graded.item.question.id} is a leech: failed {after.lapses} times, so it is"
                " now suspended and tagged 'leech'. Rewrite it in your own words, then"
                f" `quiz unsuspend {graded.item.question.id}`.",
                style="bold red",
            )
        self.console.print()

    def _undo(self) -> bool:
        try:
            with _no_interrupt():
                undone = self.session.undo()
        except StoreError as exc:
            # Another session graded the card since, or the database was restored: the log
            # keeps the answer and this session goes on. The store words its refusals as
            # "cannot undo: …", which the line already says.
            reason = str(exc).removeprefix("cannot undo: ")
            message = f"  Cannot undo: {reason}; the grade stands."
            self.console.print(Text(safe_text(message), "yellow"))
            return False
        if undone is None:
            self.console.print("  Nothing to undo in this session.", style="yellow")
            return False
        self.console.print(
            f"Undid the grade of {undone.item.question.id}; it comes up again now.",
            style="yellow",
        )
        self.console.print()
        return True

    def _suspend(self) -> None:
        with _no_interrupt():
            item = self.session.suspend()
        self.console.print(
            f"Suspended {item.question.id}: it stays out of reviews until"
            f" `quiz unsuspend {item.question.id}`.",
            style="yellow",
        )
        self.console.print()

    # -- rendering --------------------------------------------------------------------------

    def _show(self, item: Item, prompt: str) -> None:
        question = item.question
        session = self.session
        header = Text()
        header.append(f"[{session.position + 1}/{session.total}] ", style="bold")
        header.append(question.bank, style="magenta")
        label = {"drill": "repeat"}.get(item.kind, "new" if item.review_number == 0 else "due")
        header.append(f" ({label})", style="dim")
        if question.tags:  # last: on a narrow terminal the tags are what gets cut
            tags = "  #" + " #".join(question.tags)
            header.append(safe_text(tags, multiline=False), style="dim")
        self.console.rule(header, align="left", style="dim")
        if item.edited:
            self.console.print(
                Text("Edited since you last saw it: read it afresh.", style="bold yellow")
            )
        print_question(self.console, question, prompt, self.lang)
        self.console.print(Text(ANSWER_HINTS[question.type], style="dim"))

    def _reveal(self, item: Item, key: Any, judgement: answers.Judgement | None) -> None:
        question = item.question
        if judgement is not None:
            if judgement.correct:
                self.console.print(Text("✓ Right", style="bold green"))
            else:
                self.console.print(Text("✗ Wrong", style="bold red"))
        shown = safe_text(answers.format_key(question, key, self.lang))
        self.console.print(Text.assemble(("Answer: ", "bold"), shown))
        explanation = pick(question.explanation, self.lang)
        if explanation:
            self.console.print(Text(safe_text(explanation), style="italic"))


def render_summary(console: Console, summary: Summary) -> None:
    """The end-of-session report."""
    console.rule(Text("Session summary", style="bold"), align="left", style="dim")
    if summary.reviewed == 0:
        console.print("No cards graded this session.")
    else:
        line = f"Reviewed {summary.reviewed} card{'s' if summary.reviewed != 1 else ''}"
        extras = []
        if summary.new:
            extras.append(f"{summary.new} new")
        if summary.drills:
            extras.append(f"{summary.drills} repeats")
        if extras:
            line += f" ({', '.join(extras)})"
        percent = summary.percent_correct
        if percent is not None:
            line += f" · {percent:.0f}% correct"
        line += f" · {_duration(summary.seconds)}"
        console.print(line)
    for leech in summary.leeches:
        console.print(f"Leech suspended: {leech}", style="red")
    console.print(f"Due tomorrow: {summary.due_tomorrow} · due within a week: {summary.due_week}")


def _duration(seconds: float) -> str:
    whole = int(round(seconds))
    minutes, rest = divmod(whole, 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"
