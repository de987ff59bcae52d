"""The terminal review loop: renders a Session with rich and reads the student's keys.

The session owns the queue and the saving; this module only shows cards, reads answers and
grades, and asks the answer judge. It works in a real terminal (single-key grades) and with
piped stdin (one line per answer or key, no colour codes). Everything from outside the
program (bank text, what a snippet prints, what the student typed) is printed as rich Text
made safe by safetext: never read as markup, never with its control characters.

The answer line takes commands after a colon (`:u`, `:s`, `:b`, `:f`, `:e`, `:q`); the grade
prompt takes the same keys, with or without the colon. Grades are SM-2's six (0-5) or, with
`quiz config grades 4`, Anki's four keys (again, hard, good, easy = grades 1, 3, 4, 5); the
prompt shows the interval each would give, as the scheduler computes it.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from quiz.errors import QuizError, StoreError, UntrustedSnippet
from quiz.model import Grade, pick
from quiz.safetext import safe_text
from quiz.schedule import answers, params, policy, shuffle
from quiz.study.session import Graded, Item, Session, Summary
from quiz.tui.input import EndSession, Keys, edit_file
from quiz.tui.proofs import report_failure_details, show_code, stream_to
from quiz.tui.render import plural, print_explanation, print_keeping_commands, print_question

if TYPE_CHECKING:
    from quiz.snippets.prover import Prover

ANSWER_HELP = "? shows the answer · :u undo · :s suspend · :b bury · :f flag · :e edit · :q quit"
CARD_KEYS = "u undo · s suspend · b bury · f flag · e edit · q quit"
GRADE_KEYS = "Enter keeps it · {span} changes it · " + CARD_KEYS
OPEN_GRADE_KEYS = "{span} grades it · " + CARD_KEYS
PROOF_KEY = " · r runs the proof · c shows its code"
UNDONE = {"grade": "grade", "suspend": "suspension", "bury": "burial"}


@dataclass(frozen=True)
class GradeScale:
    """The grade keys: each key's SM-2 grade, and the grades' names."""

    keys: dict[str, int]
    names: dict[int, str]
    named: bool
    """Whether the prompt names the grade beside its key (the four-key scale)."""

    @property
    def span(self) -> str:
        return f"{min(self.keys)}-{max(self.keys)}"

    @property
    def meaning(self) -> str:
        return " · ".join(f"{key} {self.names[grade]}" for key, grade in self.keys.items())

    def key_for(self, grade: int) -> str:
        """The key of a suggested grade: the highest of the scale not above it."""
        fitting = [(g, key) for key, g in self.keys.items() if g <= grade]
        return max(fitting)[1] if fitting else min(self.keys)

    def label(self, key: str) -> str:
        return f"{key} {self.names[self.keys[key]]}" if self.named else key


SIX_GRADES = GradeScale(
    {str(g): g for g in range(6)},
    {0: "blank", 1: "wrong", 2: "wrong, but familiar", 3: "hard", 4: "good", 5: "easy"},
    named=False,
)
FOUR_GRADES = GradeScale(
    {"1": 1, "2": 3, "3": 4, "4": 5}, {1: "again", 3: "hard", 4: "good", 5: "easy"}, named=True
)

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
        grades: int | None = None,
    ) -> None:
        """`grades`: 6 (SM-2's 0-5) or 4 (again, hard, good, easy); None: the setting."""
        if grades is None:
            from quiz import config

            grades = config.get("grades")
        self.session = session
        self.console = console
        self.lang = lang
        self.input = Keys(interactive)
        self.keys = keys
        self.scale = FOUR_GRADES if grades == 4 else SIX_GRADES
        self._warmed = False

    def run(self) -> Summary:
        """Review until the queue is empty or the student stops; always returns a summary."""
        with self.session.marked_open() as other:
            if other is not None:
                self.console.print(
                    f"Another quiz review is open (pid {other}); grades made here are checked"
                    " against it.",
                    style="yellow",
                )
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
        # Typed while the key was computed, or meant for the card before: not this answer.
        self.input.flush()
        self.session.begin()
        started = time.monotonic()
        self._show(item, prompt)
        warm_up = None if self._warmed else self._warm_up
        is_open = item.question.type == "open"
        label = "Your answer (Enter to reveal) › " if is_open else "› "
        while True:
            given = self.input.line(self.console, label, then=warm_up).strip()
            warm_up = None
            if given.startswith(":"):
                if self._command(given):
                    return
                continue
            if is_open:
                seconds = time.monotonic() - started
                self._reveal(item, key, None)
                self._grade_loop(item, None, given or None, None, seconds, started)
                return
            if given == "?":
                judgement = answers.Judgement(False, "?")
                break
            try:
                order = _choice_order(item)
                judgement = shuffle.judge(item.question, key, order, given, self.lang)
                break
            except answers.Unparseable as exc:
                retry = f"  {exc}; not graded, try again ({ANSWER_HELP})"
                self.console.print(Text(safe_text(retry)))
        seconds = time.monotonic() - started
        self._reveal(item, key, judgement)
        suggested = policy.suggest_grade(judgement.correct)
        # Logged in the bank's letters, so that answers given under different orders
        # compare in the history; the screen alone speaks the letters shown.
        logged = _choice_order(item).bank_answer(given)
        self._grade_loop(item, suggested, logged, judgement.correct, seconds, started)

    def _warm_up(self) -> None:
        """Once the first card waits for its answer: start computing the keys of the cards
        to come (the worker imports torch while the student reads)."""
        self._warmed = True
        self.keys.prefetch_all([(i.question, i.variant) for i in self.session.queue])

    def _variant_failed(self, item: Item, reason: str) -> None:
        if not self.session.skip_variant():
            message = f"Skipped {item.question.id}: no variant of it could be prepared ({reason})"
            self.console.print(Text(safe_text(message), "yellow"))

    def _command(self, given: str) -> bool:
        """An answer-line command (`:u`…); True when the current card is no longer being
        answered (it left, or comes up afresh), False to ask for the answer again."""
        letter = given[1:2].lower()
        if letter in ("q", "u", "s", "b", "f", "e"):
            return self._card_key(letter)
        self.console.print(Text(safe_text(f"  unknown command {given}; {ANSWER_HELP}")))
        return False

    def _card_key(self, letter: str) -> bool:
        """q, u, s, b, f or e at either prompt; True when the card was left (or is to be
        shown afresh), False when it is still being answered or graded."""
        if letter == "q":
            raise EndSession
        if letter == "u":
            return self._undo()
        if letter == "s":
            self._suspend()
            return True
        if letter == "b":
            self._bury()
            return True
        if letter == "f":
            self._flag()
            return False
        return self._edit()

    def _grade_loop(
        self,
        item: Item,
        suggested: Grade | None,
        given: str | None,
        correct: bool | None,
        seconds: float,
        started: float,
    ) -> None:
        scale = self.scale
        has_code = item.question.snippet is not None
        keys = (GRADE_KEYS if suggested is not None else OPEN_GRADE_KEYS).format(span=scale.span)
        self.console.print(Text(keys + (PROOF_KEY if has_code else ""), style="dim"))
        self._show_intervals()
        kept = scale.key_for(int(suggested)) if suggested is not None else None
        label = (
            f"Grade [{scale.label(kept)}] › " if kept is not None else f"Grade ({scale.span}) › "
        )
        while True:
            key = self.input.key(self.console, label, commands=True).lower()
            if key.startswith(":") and len(key) == 2:  # `:u` here is `u`
                key = key[1:]
            if key == "" and kept is not None:
                grade = scale.keys[kept]
            elif key in scale.keys:
                grade = scale.keys[key]
            elif key in ("q", "u", "s", "b", "f", "e"):
                if self._card_key(key):
                    return
                continue
            elif key == "r" and has_code:
                self._prove(item)
                # Keys pressed while it ran were pressed blind: none of them is a grade.
                self.input.flush()
                continue
            elif key == "c" and has_code:
                self._show_code(item)
                continue
            else:
                self.console.print(f"  {scale.meaning}", style="dim")
                continue
            self._save(item, grade, given, correct, seconds, time.monotonic() - started)
            return

    def _show_intervals(self) -> None:
        """The interval each grade would give, as the scheduler computes it for this card."""
        scale = self.scale
        intervals = self.session.next_intervals(scale.keys.values())
        if intervals is None:
            line = "A same-day repeat: its grade leaves the schedule as it is."
        else:
            shown = (f"{scale.label(key)} {intervals[g]}d" for key, g in scale.keys.items())
            line = "Next review: " + " · ".join(shown)
        self.console.print(Text(line, style="dim"))

    def _prove(self, item: Item) -> None:
        """Run the card's snippet for the variant shown and put what it prints and the verdict
        on screen; its code is only for `c`. Ctrl-C stops waiting for it and comes back to
        the card (the worker lets the run finish within its time limit, unseen)."""
        question = item.question
        stream = stream_to(self.console)
        try:
            job = self.keys.key_job(question, item.variant)
            name = safe_text(job.snippet.path.name, multiline=False)
            self.console.print(Text(f"Running {name}… (Ctrl-C cancels)", style="dim"))
            proof = self.keys.prove(job, on_output=stream)
        except QuizError as exc:
            stream.stop()
            self.console.print(Text(safe_text(f"No proof: {exc}"), "yellow"))
            return
        except KeyboardInterrupt:
            stream.stop()
            self.console.print(
                Text("Proof cancelled: back to the card. Ctrl-C again ends the session.", "yellow")
            )
            return
        stream.stop()
        outcome = proof.outcome
        report_failure_details(self.console, outcome)
        if outcome.ok and not outcome.demonstration:
            args = ", ".join(f"{k}={v!r}" for k, v in proof.job.args.items())
            computed = f"answer({args}) = {outcome.value!r} on {outcome.device}"
            self.console.print(Text(safe_text(computed)))
        mark, style = ("✓ Proved", "bold green") if proof.passed else ("✗ Not proved", "bold red")
        self.console.print(Text(f"{mark}: {safe_text(proof.message)}", style=style))
        self.console.print(Text("c shows the code it ran", style="dim"))

    def _show_code(self, item: Item) -> None:
        """`c`: the card's snippet, through the pager when taller than the screen."""
        try:
            # The code shown is the code run: the bytes trust was checked against.
            snippet = self.keys.key_job(item.question, item.variant).snippet
        except QuizError as exc:
            self.console.print(Text(safe_text(f"No code to show: {exc}"), "yellow"))
            return
        show_code(self.console, snippet, page=True)

    def _save(
        self,
        item: Item,
        grade: int,
        given: str | None,
        correct: bool | None,
        seconds: float,
        on_card: float,
    ) -> None:
        try:
            with _no_interrupt():
                graded = self.session.grade(
                    grade, answer=given, correct=correct, seconds=seconds, on_card=on_card
                )
        except StoreError as exc:
            # The database changed under the session (another review graded the card since
            # it was shown, a `quiz restore` took away the history a repeat belongs to): the
            # same grade would be refused again, so the card leaves this sitting and the
            # others go on.
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
            print_keeping_commands(
                self.console,
                f"{graded.item.question.id} is a leech: failed {after.lapses} times, so it is"
                " now suspended and tagged 'leech'. Rewrite it in your own words, then"
                f" `quiz unsuspend {graded.item.question.id}`.",
                style="bold red",
            )
        self.console.print()

    def _undo(self) -> bool:
        """Undo the last grade, suspension or burial of today (this session's first); True
        when a card came back to the front."""
        what = None
        try:
            what = self.session.pending_undo()
            if what is None:
                self.console.print("  Nothing to undo today.", style="yellow")
                return False
            with _no_interrupt():
                undone = self.session.undo()
        except StoreError as exc:
            # Another session touched the card since, or the database was restored: the log
            # keeps the answer and this session goes on. The store words its refusals as
            # "cannot undo: …", which the line already says.
            reason = str(exc).removeprefix("cannot undo: ")
            message = f"  Cannot undo: {reason}; the {UNDONE.get(what or '', 'action')} stands."
            self.console.print(Text(safe_text(message), "yellow"))
            return False
        if undone is None:
            self.console.print("  Nothing to undo today.", style="yellow")
            return False
        # The id may come from an earlier session's row: text from the database.
        done = safe_text(f"Undid the {UNDONE[undone.kind]} of {undone.question_id}")
        if undone.item is None:
            message = f"{done}; its bank is not loaded in this review, so it is not shown."
            self.console.print(Text(message, style="yellow"))
            return False
        self.console.print(Text(f"{done}; it comes up again now.", style="yellow"))
        self.console.print()
        return True

    def _suspend(self) -> None:
        with _no_interrupt():
            item = self.session.suspend()
        print_keeping_commands(
            self.console,
            f"Suspended {item.question.id}: it stays out of reviews until"
            f" `quiz unsuspend {item.question.id}` (u undoes it).",
            style="yellow",
        )
        self.console.print()

    def _bury(self) -> None:
        with _no_interrupt():
            item = self.session.bury()
        message = f"Buried {item.question.id}: it comes back on the next study day (u undoes it)."
        self.console.print(Text(safe_text(message), style="yellow"))
        self.console.print()

    def _flag(self) -> None:
        qid = self.session.current.question.id if self.session.current else ""
        if self.session.flag():
            message = f"  Flagged {qid}: `quiz list --flagged` lists it (f again unflags it)."
        else:
            message = f"  Unflagged {qid}."
        print_keeping_commands(self.console, safe_text(message), style="yellow")

    def _edit(self) -> bool:
        """`e`: the question in the student's editor, then read again from its file; True
        when the card is to be shown afresh (or left the session)."""
        question = self.session.current.question if self.session.current else None
        if question is None:
            return False
        if _built_in(question.file):
            print_keeping_commands(
                self.console,
                f"  {question.id} is in the built-in bank {question.bank}, which is read-only:"
                " copy the question into a bank of your own to change it (`quiz new bank NAME`"
                " starts one).",
                style="yellow",
            )
            return False
        failure = edit_file(question.file, question.line)
        if failure is not None:
            print_keeping_commands(self.console, f"  {safe_text(failure)}", style="yellow")
            return False
        try:
            reloaded = self.session.reload_current()
        except QuizError as exc:
            message = f"  Not reloaded: {exc}; the card stays as it was."
            self.console.print(Text(safe_text(message), "yellow"))
            return False
        for problem in reloaded.problems:
            style = "red" if problem.severity == "error" else "yellow"
            self.console.print(Text(safe_text(str(problem)), style), soft_wrap=True)
        where = safe_text(str(question.file), multiline=False)
        if reloaded.gone:
            message = f"{question.id} is no longer in {where}: it leaves this session."
            self.console.print(Text(safe_text(message), "yellow"))
            self.console.print()
            return True
        if reloaded.question is None:
            self.console.print(
                "  Not reloaded: the file has errors (your edit is kept in it); fix them and"
                " press e again. The card stays as it was.",
                style="yellow",
            )
            return False
        self.console.print(Text(f"Reloaded {question.id} from {where}.", style="green"))
        self.console.print()
        return True

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
        print_question(self.console, question, prompt, self.lang, _choice_order(item))
        self.console.print(Text(ANSWER_HINTS[question.type], style="dim"))

    def _reveal(self, item: Item, key: Any, judgement: answers.Judgement | None) -> None:
        question = item.question
        if judgement is not None:
            if judgement.correct:
                self.console.print(Text("✓ Right", style="bold green"))
            else:
                self.console.print(Text("✗ Wrong", style="bold red"))
            if judgement.note:
                self.console.print(Text(safe_text(judgement.note), style="dim"))
        shown = safe_text(shuffle.key_text(question, key, _choice_order(item), self.lang))
        self.console.print(Text.assemble(("Answer: ", "bold"), shown))
        explanation = pick(question.explanation, self.lang)
        if explanation:
            print_explanation(self.console, safe_text(explanation))


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
            extras.append(plural(summary.drills, "repeat"))
        if extras:
            line += f" ({', '.join(extras)})"
        percent = summary.percent_correct
        if percent is not None:
            line += f" · {percent:.0f}% of {plural(summary.judged, 'judged answer')} right"
        line += f" · {_duration(summary.seconds)} on the cards"
        console.print(line)
    for leech in summary.leeches:
        console.print(f"Leech suspended: {leech}", style="red")
    console.print(f"Due tomorrow: {summary.due_tomorrow} · due within a week: {summary.due_week}")


def _duration(seconds: float) -> str:
    whole = int(round(seconds))
    minutes, rest = divmod(whole, 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"


def _built_in(file: Path) -> bool:
    """Whether a bank file is one of quiz's own: read-only, whatever its file mode."""
    from quiz.paths import builtin_questions_dir

    return file.resolve().is_relative_to(builtin_questions_dir().resolve())


def _choice_order(item: Item) -> shuffle.ChoiceOrder:
    """The order the card's choices are shown in: drawn per review, so a reprint, a resumed
    session or a same-day repeat shows the same one, and the next review another."""
    return shuffle.order(item.question, item.review_number)
