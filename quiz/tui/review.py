"""The terminal review loop: renders a Session with rich and reads the student's keys.

The session owns the queue and the saving; this module only shows cards, reads answers and
grades, and asks the answer judge. It works in a real terminal (single-key grades) and with
piped stdin (one line per answer or key, no colour codes). Everything from outside the
program (bank text, what a snippet prints, what the student typed) is printed as rich Text
made safe by safetext: never read as markup, never with its control characters. Its own
words go through words.say, in the language the card's text is shown in.

The answer line takes commands after a colon (`:u`, `:s`, `:b`, `:f`, `:e`, `:q`); the grade
prompt takes the same keys, with or without the colon. Grades are SM-2's six (0-5) or, with
`quiz config grades 4`, Anki's four keys (again, hard, good, easy = grades 1, 3, 4, 5); the
prompt shows the interval each would give, as the scheduler computes it.
"""

from __future__ import annotations

import functools
import signal
import time
from collections.abc import Callable, Iterator
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
from quiz.tui.judge import print_judgement
from quiz.tui.proofs import report_failure_details, show_code, stream_to
from quiz.tui.render import print_explanation, print_keeping_commands, print_question
from quiz.tui.words import later, say, say_count, say_error, say_phrase

if TYPE_CHECKING:
    from quiz.snippets.prover import Prover

ANSWER_HELP = later(
    "? shows the answer · :u undo · :s suspend · :b bury · :f flag · :e edit · :q quit"
)
GRADE_KEYS = later(
    "Enter keeps it · {span} changes it · u undo · s suspend · b bury · f flag · e edit · q quit"
)
OPEN_GRADE_KEYS = later("{span} grades it · u undo · s suspend · b bury · f flag · e edit · q quit")
PROOF_KEY = later(" · r runs the proof · c shows its code")
UNDONE = {"grade": later("grade"), "suspend": later("suspension"), "bury": later("burial")}
MISTAKE_WAIT = 2.0
"""How long a wrong answer typed in a terminal waits for the values of its question's
mistakes (computed in the background since the card was shown) before it is judged without
those still running. Piped answers, a transcript, wait for them all: the same input always
gets the same verdict."""


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

    def meaning(self, lang: str | None) -> str:
        """Every key and the grade it gives, in words."""
        return " · ".join(f"{key} {say(self.names[g], lang)}" for key, g in self.keys.items())

    def key_for(self, grade: int) -> str:
        """The key of a suggested grade: the highest of the scale not above it."""
        fitting = [(g, key) for key, g in self.keys.items() if g <= grade]
        return max(fitting)[1] if fitting else min(self.keys)

    def label(self, key: str, lang: str | None) -> str:
        return f"{key} {say(self.names[self.keys[key]], lang)}" if self.named else key


SIX_GRADES = GradeScale(
    {str(g): g for g in range(6)},
    {
        0: later("blank"),
        1: later("wrong"),
        2: later("wrong, but familiar"),
        3: later("hard"),
        4: later("good"),
        5: later("easy"),
    },
    named=False,
)
FOUR_GRADES = GradeScale(
    {"1": 1, "2": 3, "3": 4, "4": 5},
    {1: later("again"), 3: later("hard"), 4: later("good"), 5: later("easy")},
    named=True,
)

ANSWER_HINTS = {
    "numeric": later("Type a number or a sum (28, 0.25, 1.2e3, 23.5M, 1,204, 2^10, 3*64*64)."),
    "shape": later("Type a shape: (1, 64, 112, 112) or 1x64x112x112."),
    "choice": later("Type one letter."),
    "multi": later("Type every correct letter, e.g. A C."),
    "text": later("Type a word or short phrase."),
    "open": later("Answer in your head or in words, then compare with the model answer."),
    "predict": later(
        "Type what it prints (a number, a shape, text), or error: and the class it raises."
    ),
    "code": later(
        "Enter on an empty line opens your editor with the starter; or type the function, a"
        " blank line ending it."
    ),
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
        lang = self.lang
        with self.session.marked_open() as other:
            if other is not None:
                self.console.print(
                    say(
                        "Another quiz review is open (pid {pid}); grades made here are checked"
                        " against it.",
                        lang,
                        pid=other,
                    ),
                    style="yellow",
                )
            try:
                while self.session.current is not None:
                    self._one_card(self.session.current)
            except (EndSession, KeyboardInterrupt):
                self.console.print()
                self.console.print(
                    say("Stopped. Every graded answer is saved.", lang), style="yellow"
                )
        return self.session.finish()

    # -- one card ---------------------------------------------------------------------------

    def _one_card(self, item: Item) -> None:
        question = item.question
        lang = self.lang
        if not self.keys.ready(question, item.variant):
            computing = say("Computing this card's key (its snippet is running)…", lang)
            self.console.print(Text(computing, "dim"))
        try:
            key = self.keys.key(question, item.variant)
        except UntrustedSnippet as exc:
            self._skip(item, exc)
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
        warm_up: Callable[[], None] | None = functools.partial(self._while_reading, item)
        if question.type == "code":
            self._code_card(item, started, warm_up)
            return
        is_open = item.question.type == "open"
        label = say("Your answer (Enter to reveal) › ", lang) if is_open else "› "
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
                judgement = self._judge(item, key, given)
                break
            except answers.Unparseable as exc:
                retry = say(
                    "  {reason}; not graded, try again ({help})",
                    lang,
                    reason=say_phrase(exc.phrase, lang),
                    help=say(ANSWER_HELP, lang),
                )
                self.console.print(Text(safe_text(retry)))
        seconds = time.monotonic() - started
        self._reveal(item, key, judgement)
        # "Probably right" is the student's call: no grade is offered, no verdict logged.
        suggested = None if judgement.unsure else policy.suggest_grade(judgement.correct)
        correct = None if judgement.unsure else judgement.correct
        # Logged in the bank's letters, so that answers given under different orders
        # compare in the history; the screen alone speaks the letters shown.
        logged = _choice_order(item).bank_answer(given)
        self._grade_loop(
            item, suggested, logged, correct, seconds, started, mistake=judgement.mistake
        )

    def _code_card(self, item: Item, started: float, warm_up: Callable[[], None] | None) -> None:
        """A code card: the student's function, from their editor or typed, run on the
        question's cases in the worker; the verdict, the reference, then the grade."""
        from quiz.schedule import code  # here: the first card of most reviews is not code
        from quiz.tui import coding

        question, lang = item.question, self.lang
        seed = self.session.last_answer(question.id) or (
            question.code.starter if question.code else ""
        )
        verdict = None
        while True:
            given = coding.read_code(self.input, self.console, seed, lang, then=warm_up)
            warm_up = None
            if given.startswith(":"):
                if self._command(given):
                    return
                continue
            if given == "?":
                judgement = answers.Judgement(False, "?")
                break
            running = say("Running your code on its cases…", lang)
            self.console.print(Text(running, "dim"))
            try:
                judgement, verdict = code.judgement(self.keys.run_cases(question, given), given)
            except QuizError as exc:
                self._skip(item, exc)
                return
            break
        seconds = time.monotonic() - started
        coding.print_verdict(self.console, judgement, verdict, lang)
        try:
            reference = self.keys.reference(question)
        except QuizError:
            reference = ""
        if reference:
            coding.print_block(self.console, reference, title=say("Reference:", lang))
        explanation = pick(question.explanation, lang)
        if explanation:
            print_explanation(self.console, safe_text(explanation))
        suggested = policy.suggest_grade(judgement.correct)
        logged = answers.storable(given)
        self._grade_loop(item, suggested, logged, judgement.correct, seconds, started)

    def _judge(self, item: Item, key: Any, given: str) -> answers.Judgement:
        """The typed answer judged against the key; a wrong one also against the values of
        the question's mistakes for this variant, so that a known mistake is named."""
        question, order = item.question, _choice_order(item)
        judgement = shuffle.judge(question, key, order, given, self.lang)
        computed = any(m.function is not None for m in question.mistakes)
        if judgement.correct or judgement.unsure or not computed:
            return judgement
        wait = MISTAKE_WAIT if self.input.interactive else None
        values = self.keys.mistakes(question, item.variant, wait=wait)
        return shuffle.judge(question, key, order, given, self.lang, values)

    def _while_reading(self, item: Item) -> None:
        """Once a card waits for its answer: start computing its mistakes' values (before
        the keys of the cards to come), and on the first card, those keys."""
        if any(m.function is not None for m in item.question.mistakes):
            self.keys.prefetch_mistakes(item.question, item.variant)
        if not self._warmed:
            self._warm_up()

    def _warm_up(self) -> None:
        """Once the first card waits for its answer: start computing the keys of the cards
        to come (the worker imports torch while the student reads)."""
        self._warmed = True
        cards = [(i.question, i.variant) for i in self.session.queue]
        self.keys.prefetch_all(cards, mistakes=True)

    def _skip(self, item: Item, exc: QuizError) -> None:
        """The card leaves this session: what it needs cannot run (an untrusted snippet)."""
        self.session.drop_current()
        lang = self.lang
        skipped = say(
            "Skipped {id}: {reason}", lang, id=item.question.id, reason=say_error(exc, lang)
        )
        self.console.print(Text(safe_text(skipped), "yellow"))

    def _variant_failed(self, item: Item, reason: str) -> None:
        if not self.session.skip_variant():
            message = say(
                "Skipped {id}: no variant of it could be prepared ({reason})",
                self.lang,
                id=item.question.id,
                reason=reason,
            )
            self.console.print(Text(safe_text(message), "yellow"))

    def _command(self, given: str) -> bool:
        """An answer-line command (`:u`…); True when the current card is no longer being
        answered (it left, or comes up afresh), False to ask for the answer again."""
        letter = given[1:2].lower()
        if letter in ("q", "u", "s", "b", "f", "e"):
            return self._card_key(letter)
        unknown = say(
            "  unknown command {command}; {help}",
            self.lang,
            command=given,
            help=say(ANSWER_HELP, self.lang),
        )
        self.console.print(Text(safe_text(unknown)))
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
        *,
        mistake: str | None = None,
    ) -> None:
        scale = self.scale
        lang = self.lang
        has_code = item.question.snippet is not None or item.question.code is not None
        keys = say(GRADE_KEYS if suggested is not None else OPEN_GRADE_KEYS, lang, span=scale.span)
        self.console.print(Text(keys + (say(PROOF_KEY, lang) if has_code else ""), style="dim"))
        self._show_intervals()
        kept = scale.key_for(int(suggested)) if suggested is not None else None
        if kept is not None:
            label = say("Grade [{key}] › ", lang, key=scale.label(kept, lang))
        else:
            label = say("Grade ({span}) › ", lang, span=scale.span)
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
                self.console.print(f"  {scale.meaning(lang)}", style="dim")
                continue
            on_card = time.monotonic() - started
            self._save(item, grade, given, correct, seconds, on_card, mistake=mistake)
            return

    def _show_intervals(self) -> None:
        """The interval each grade would give, as the scheduler computes it for this card."""
        scale = self.scale
        lang = self.lang
        intervals = self.session.next_intervals(scale.keys.values())
        current = self.session.current
        if intervals is None and current is not None and current.practice:
            line = say("A mistakes drill: its grade leaves the schedule as it is.", lang)
        elif intervals is None:
            line = say("A same-day repeat: its grade leaves the schedule as it is.", lang)
        else:
            shown = (
                say("{grade} {days}d", lang, grade=scale.label(key, lang), days=intervals[g])
                for key, g in scale.keys.items()
            )
            line = say("Next review: {intervals}", lang, intervals=" · ".join(shown))
        self.console.print(Text(line, style="dim"))

    def _prove(self, item: Item) -> None:
        """Run the card's snippet for the variant shown and put what it prints and the verdict
        on screen; its code is only for `c`. Ctrl-C stops waiting for it and comes back to
        the card, and the run is cancelled in the worker, its processes killed."""
        question = item.question
        lang = self.lang
        stream = stream_to(self.console)
        try:
            if question.type == "code":
                job = self.keys.jobs_for(question)[0]  # the reference, on the cases
            else:
                job = self.keys.key_job(question, item.variant)
            name = safe_text(getattr(job.snippet, "name", job.snippet.path.name), multiline=False)
            running = say("Running {name}… (Ctrl-C cancels)", lang, name=name)
            self.console.print(Text(running, style="dim"))
            proof = self.keys.prove(job, on_output=stream)
        except QuizError as exc:
            stream.stop()
            self.console.print(
                Text(
                    safe_text(say("No proof: {reason}", lang, reason=say_error(exc, lang))),
                    "yellow",
                )
            )
            return
        except KeyboardInterrupt:
            stream.stop()
            cancelled = say(
                "Proof cancelled: back to the card. Ctrl-C again ends the session.", lang
            )
            self.console.print(Text(cancelled, "yellow"))
            return
        stream.stop()
        outcome = proof.outcome
        report_failure_details(self.console, outcome, lang)
        if (
            outcome.ok
            and not outcome.demonstration
            and getattr(proof.job, "function", "answer") == "answer"
        ):
            args = ", ".join(f"{k}={v!r}" for k, v in proof.job.args.items())
            computed = say(
                "answer({args}) = {value!r} on {device}",
                lang,
                args=args,
                value=outcome.value,
                device=outcome.device,
            )
            self.console.print(Text(safe_text(computed)))
        message = safe_text(say_phrase(proof.message, lang))
        if proof.passed:
            self.console.print(
                Text(say("✓ Proved: {message}", lang, message=message), "bold green")
            )
        else:
            verdict = say("✗ Not proved: {message}", lang, message=message)
            self.console.print(Text(verdict, "bold red"))
        self.console.print(Text(say("c shows the code it ran", lang), style="dim"))

    def _show_code(self, item: Item) -> None:
        """`c`: the card's snippet, through the pager when taller than the screen."""
        try:
            # The code shown is the code run: the bytes trust was checked against.
            snippet = self.keys.key_job(item.question, item.variant).snippet
        except QuizError as exc:
            nothing = say("No code to show: {reason}", self.lang, reason=say_error(exc, self.lang))
            self.console.print(Text(safe_text(nothing), "yellow"))
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
        *,
        mistake: str | None = None,
    ) -> None:
        try:
            with _no_interrupt():
                graded = self.session.grade(
                    grade,
                    answer=given,
                    correct=correct,
                    seconds=seconds,
                    on_card=on_card,
                    mistake=mistake,
                )
        except StoreError as exc:
            # The database changed under the session (another review graded the card since
            # it was shown, a `quiz restore` took away the history a repeat belongs to): the
            # same grade would be refused again, so the card leaves this sitting and the
            # others go on.
            self.session.drop_current()
            message = say(
                "  Not saved: {reason}; the card leaves this session.",
                self.lang,
                reason=say_error(exc, self.lang),
            )
            self.console.print(Text(safe_text(message), "yellow"))
            self.console.print()
            return
        self._after_save(graded)

    def _after_save(self, graded: Graded) -> None:
        after = graded.recorded.after
        lang = self.lang
        if graded.item.kind == "drill":
            message = say("Saved {id}: practice repeat, schedule kept", lang, id=after.question_id)
        else:
            message = say_count(
                "Saved: next review in {count} day",
                "Saved: next review in {count} days",
                after.state.interval,
                lang,
            )
        if graded.requeued is not None:
            message += say("; it comes back later in this session", lang)
        self.console.print(message, style="green")
        if graded.recorded.became_leech:
            print_keeping_commands(
                self.console,
                say(
                    "{id} is a leech: failed {lapses} times, so it is now suspended and tagged"
                    " 'leech'. Rewrite it in your own words, then `quiz unsuspend {id}`.",
                    lang,
                    id=graded.item.question.id,
                    lapses=after.lapses,
                ),
                style="bold red",
            )
        self.console.print()

    def _undo(self) -> bool:
        """Undo the last grade, suspension or burial of today (this session's first); True
        when a card came back to the front."""
        what = None
        lang = self.lang
        try:
            what = self.session.pending_undo()
            if what is None:
                self.console.print(say("  Nothing to undo today.", lang), style="yellow")
                return False
            with _no_interrupt():
                undone = self.session.undo()
        except StoreError as exc:
            # Another session touched the card since, or the database was restored: the log
            # keeps the answer and this session goes on. The store words its refusals as
            # "cannot undo: …", which the line already says.
            reason = say_error(exc, lang).removeprefix("cannot undo: ")
            action = say(UNDONE.get(what or "", later("action")), lang)
            message = say(
                "  Cannot undo: {reason}; the {action} stands.", lang, reason=reason, action=action
            )
            self.console.print(Text(safe_text(message), "yellow"))
            return False
        if undone is None:
            self.console.print(say("  Nothing to undo today.", lang), style="yellow")
            return False
        # The id may come from an earlier session's row: text from the database.
        action = say(UNDONE[undone.kind], lang)
        done = safe_text(
            say("Undid the {action} of {id}", lang, action=action, id=undone.question_id)
        )
        if undone.item is None:
            message = say(
                "{done}; its bank is not loaded in this review, so it is not shown.",
                lang,
                done=done,
            )
            self.console.print(Text(message, style="yellow"))
            return False
        self.console.print(Text(say("{done}; it comes up again now.", lang, done=done), "yellow"))
        self.console.print()
        return True

    def _suspend(self) -> None:
        with _no_interrupt():
            item = self.session.suspend()
        print_keeping_commands(
            self.console,
            say(
                "Suspended {id}: it stays out of reviews until `quiz unsuspend {id}`"
                " (u undoes it).",
                self.lang,
                id=item.question.id,
            ),
            style="yellow",
        )
        self.console.print()

    def _bury(self) -> None:
        with _no_interrupt():
            item = self.session.bury()
        message = say(
            "Buried {id}: it comes back on the next study day (u undoes it).",
            self.lang,
            id=item.question.id,
        )
        self.console.print(Text(safe_text(message), style="yellow"))
        self.console.print()

    def _flag(self) -> None:
        qid = self.session.current.question.id if self.session.current else ""
        if self.session.flag():
            message = say(
                "  Flagged {id}: `quiz list --flagged` lists it (f again unflags it).",
                self.lang,
                id=qid,
            )
        else:
            message = say("  Unflagged {id}.", self.lang, id=qid)
        print_keeping_commands(self.console, safe_text(message), style="yellow")

    def _edit(self) -> bool:
        """`e`: the question in the student's editor, then read again from its file; True
        when the card is to be shown afresh (or left the session)."""
        question = self.session.current.question if self.session.current else None
        lang = self.lang
        if question is None:
            return False
        if _built_in(question.file):
            print_keeping_commands(
                self.console,
                say(
                    "  {id} is in the built-in bank {bank}, which is read-only: copy the question"
                    " into a bank of your own to change it (`quiz new bank NAME` starts one).",
                    lang,
                    id=question.id,
                    bank=question.bank,
                ),
                style="yellow",
            )
            return False
        failure = edit_file(question.file, question.line, lang)
        if failure is not None:
            print_keeping_commands(self.console, f"  {safe_text(failure)}", style="yellow")
            return False
        try:
            reloaded = self.session.reload_current()
        except QuizError as exc:
            reason = say_error(exc, lang)
            message = say(
                "  Not reloaded: {reason}; the card stays as it was.", lang, reason=reason
            )
            self.console.print(Text(safe_text(message), "yellow"))
            return False
        for problem in reloaded.problems:
            style = "red" if problem.severity == "error" else "yellow"
            self.console.print(Text(safe_text(str(problem)), style), soft_wrap=True)
        where = safe_text(str(question.file), multiline=False)
        if reloaded.gone:
            message = say(
                "{id} is no longer in {file}: it leaves this session.",
                lang,
                id=question.id,
                file=where,
            )
            self.console.print(Text(safe_text(message), "yellow"))
            self.console.print()
            return True
        if reloaded.question is None:
            self.console.print(
                say(
                    "  Not reloaded: the file has errors (your edit is kept in it); fix them and"
                    " press e again. The card stays as it was.",
                    lang,
                ),
                style="yellow",
            )
            return False
        reloaded_from = say("Reloaded {id} from {file}.", lang, id=question.id, file=where)
        self.console.print(Text(reloaded_from, style="green"))
        self.console.print()
        return True

    # -- rendering --------------------------------------------------------------------------

    def _show(self, item: Item, prompt: str) -> None:
        question = item.question
        session = self.session
        lang = self.lang
        header = Text()
        header.append(f"[{session.position + 1}/{session.total}] ", style="bold")
        header.append(question.bank, style="magenta")
        if item.practice:
            label = say(" (mistakes drill)", lang)
        elif item.kind == "drill":
            label = say(" (repeat)", lang)
        else:
            label = say(" (new)", lang) if item.review_number == 0 else say(" (due)", lang)
        header.append(label, style="dim")
        if question.tags:  # last: on a narrow terminal the tags are what gets cut
            tags = "  #" + " #".join(question.tags)
            header.append(safe_text(tags, multiline=False), style="dim")
        self.console.rule(header, align="left", style="dim")
        if item.edited:
            edited = say("Edited since you last saw it: read it afresh.", lang)
            self.console.print(Text(edited, style="bold yellow"))
        print_question(self.console, question, prompt, lang, _choice_order(item))
        if question.type in ("code", "predict"):
            from quiz.tui import coding

            try:
                # The code shown is the code run: the bytes trust was checked against.
                coding.print_block(self.console, self.keys.shown_code(question, item.variant))
            except QuizError as exc:
                self.console.print(Text(safe_text(say_error(exc, lang)), "yellow"))
        self.console.print(Text(say(ANSWER_HINTS[question.type], lang), style="dim"))

    def _reveal(self, item: Item, key: Any, judgement: answers.Judgement | None) -> None:
        question = item.question
        lang = self.lang
        if judgement is not None:
            print_judgement(self.console, judgement, lang)
        shown = safe_text(shuffle.key_text(question, key, _choice_order(item), lang))
        self.console.print(Text.assemble((say("Answer: ", lang), "bold"), shown))
        explanation = pick(question.explanation, lang)
        if explanation:
            print_explanation(self.console, safe_text(explanation))


def render_summary(console: Console, summary: Summary, lang: str | None = None) -> None:
    """The end-of-session report."""
    console.rule(Text(say("Session summary", lang), style="bold"), align="left", style="dim")
    if summary.reviewed == 0:
        console.print(say("No cards graded this session.", lang))
    else:
        line = say_count("Reviewed {count} card", "Reviewed {count} cards", summary.reviewed, lang)
        extras = []
        if summary.new:
            extras.append(say("{count} new", lang, count=summary.new))
        if summary.drills:
            extras.append(say_count("{count:,} repeat", "{count:,} repeats", summary.drills, lang))
        if extras:
            line += say(" ({extras})", lang, extras=say(", ", lang).join(extras))
        percent = summary.percent_correct
        if percent is not None:
            line += say_count(
                " · {percent:.0f}% of {count:,} judged answer right",
                " · {percent:.0f}% of {count:,} judged answers right",
                summary.judged,
                lang,
                percent=percent,
            )
        line += say(" · {time} on the cards", lang, time=_duration(summary.seconds, lang))
        console.print(line)
    for leech in summary.leeches:
        console.print(say("Leech suspended: {id}", lang, id=leech), style="red")
    console.print(
        say(
            "Due tomorrow: {tomorrow} · due within a week: {week}",
            lang,
            tomorrow=summary.due_tomorrow,
            week=summary.due_week,
        )
    )


def _duration(seconds: float, lang: str | None) -> str:
    minutes, rest = divmod(int(round(seconds)), 60)
    if minutes:
        return say("{minutes}m {seconds:02d}s", lang, minutes=minutes, seconds=rest)
    return say("{seconds}s", lang, seconds=rest)


def _built_in(file: Path) -> bool:
    """Whether a bank file is one of quiz's own: read-only, whatever its file mode."""
    from quiz.paths import builtin_questions_dir

    return file.resolve().is_relative_to(builtin_questions_dir().resolve())


def _choice_order(item: Item) -> shuffle.ChoiceOrder:
    """The order the card's choices are shown in: drawn per review, so a reprint, a resumed
    session or a same-day repeat shows the same one, and the next review another."""
    return shuffle.order(item.question, item.review_number)
