"""Mock exams: drawing a paper, scoring it, and the report, with no terminal I/O.

A paper is a seeded draw of objective questions, so the same seed gives the same paper (and
the same order of every question's choices: the seed stands in for the review's review
number in shuffle.order, so each question of a paper is shuffled its own way); with
`open_questions` it may hold open ones too, which the student marks against the model answer
once the paper is done. Scoring happens only at the end; unanswered questions count as
wrong. A paper that Ctrl-C or the time limit ended before every question was answered is
`interrupted`: its answered part is scored, and the history keeps it out of the trend. The
schedule is left alone unless the exam is recorded (`record`, here, through the scheduling
policy).
The time allowed and the seed are checked before a paper is drawn: an exam is saved after
it is sat, and a value that cannot be saved then would lose it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from quiz.errors import QuizError
from quiz.model import OBJECTIVE_TYPES, Card, Phrase, Question, pick
from quiz.schedule import params, policy, shuffle

if TYPE_CHECKING:
    from quiz.store import Schedule, Store

WEAK_BANKS = 3
MAX_MINUTES = 24 * 60
MAX_SEED = 2**63 - 1
"""The largest seed an SQLite INTEGER column holds."""


def check_sitting(minutes: float | None, seed: int | None) -> None:
    """QuizError for a time allowed or a seed that an exam cannot have."""
    # Written so that nan, which compares false with everything, fails it too.
    if minutes is not None and not 0 < minutes <= MAX_MINUTES:
        raise QuizError(
            f"--minutes {minutes:g}: give the time allowed in minutes, more than 0 and at"
            f" most {MAX_MINUTES:,} (a day)"
        )
    if seed is not None and not 0 <= seed <= MAX_SEED:
        shown = str(seed) if abs(seed) < 10**40 else "(over 40 digits)"
        raise QuizError(f"--seed {shown}: a seed is a whole number from 0 to {MAX_SEED:,}")


@dataclass
class Paper:
    seed: int
    questions: list[Question]
    variants: list[dict[str, Any] | None]
    variant_indices: list[int | None]


@dataclass
class Answer:
    question: Question
    variant: dict[str, Any] | None
    variant_index: int | None
    key: Any
    given: str | None = None  # as typed, in the letters shown; None: not answered in time
    correct: bool = False
    seconds: float = 0.0
    order: shuffle.ChoiceOrder | None = None
    """The order its choices were shown in (`choice_order`); None: the bank's."""

    @property
    def shown(self) -> shuffle.ChoiceOrder:
        return self.order or shuffle.bank_order(self.question)

    @property
    def logged(self) -> str | None:
        """The answer as the history keeps it: in the bank's letters, as the review log
        does, so that answers compare whatever order each exam showed."""
        return None if self.given is None else self.shown.bank_answer(self.given)

    @property
    def self_marked(self) -> bool:
        """An open question: the student decides, against the model answer, if it was right."""
        return self.question.type == "open"


@dataclass
class Result:
    seed: int
    minutes: float | None
    topics: dict[str, list[str]]
    answers: list[Answer] = field(default_factory=list)
    recorded: bool = False
    interrupted: bool = False
    """Ended (Ctrl-C, the time limit) before every question was answered."""

    @property
    def correct(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def answered(self) -> int:
        return sum(a.given is not None for a in self.answers)

    @property
    def seconds(self) -> float:
        return round(sum(a.seconds for a in self.answers), 1)

    @property
    def percent(self) -> float:
        return round(100.0 * self.correct / len(self.answers), 1) if self.answers else 0.0

    def by(self, topic: str) -> dict[str, tuple[int, int]]:
        """(correct, asked) per bank or per tag."""
        scores: dict[str, list[int]] = {}
        for answer in self.answers:
            names = [answer.question.bank] if topic == "bank" else answer.question.tags
            for name in names:
                entry = scores.setdefault(name, [0, 0])
                entry[0] += answer.correct
                entry[1] += 1
        return {name: (right, asked) for name, (right, asked) in sorted(scores.items())}

    def to_record(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "minutes": self.minutes,
            "topics": self.topics,
            "questions": len(self.answers),
            "correct": self.correct,
            "seconds": self.seconds,
            "recorded": self.recorded,
            "interrupted": self.interrupted,
            "answers": [
                {
                    "id": a.question.id,
                    "bank": a.question.bank,
                    "tags": list(a.question.tags),
                    "variant": a.variant,
                    "given": a.logged,
                    "correct": a.correct,
                    "seconds": round(a.seconds, 1),
                }
                for a in self.answers
            ],
        }


def interruption(questions: int, answered: int, correct: int) -> Phrase:
    """How an interrupted exam's score reads, in its report and in the history."""
    return Phrase(
        "interrupted: {answered} of {questions} answered, {correct} right",
        answered=answered,
        questions=questions,
        correct=correct,
    )


def _pool(questions: Iterable[Question], open_questions: bool) -> list[Question]:
    types = (*OBJECTIVE_TYPES, "open") if open_questions else OBJECTIVE_TYPES
    return [q for q in questions if q.type in types]


def draw_paper(
    questions: Iterable[Question], count: int, seed: int, *, open_questions: bool = False
) -> Paper:
    """`count` questions (objective ones, and open ones if asked), in a seeded order, each
    parametric one with a variant."""
    pool = _pool(questions, open_questions)
    rng = random.Random(seed)
    chosen = rng.sample(pool, min(count, len(pool)))
    return _with_variants(chosen, seed)


def weakest_first(
    questions: Iterable[Question],
    cards: dict[str, Card],
    count: int,
    seed: int,
    *,
    open_questions: bool = False,
) -> Paper:
    """A paper from the student's weakest banks, leeches first, then the cards they fail
    most and the ones never learned."""
    pool = _pool(questions, open_questions)
    mastery: dict[str, list[int]] = {}
    for question in pool:
        card = cards.get(question.id)
        entry = mastery.setdefault(question.bank, [0, 0])
        entry[0] += bool(card and card.state.repetitions > 0 and not card.suspended)
        entry[1] += 1
    weak_banks = sorted(mastery, key=lambda b: (mastery[b][0] / mastery[b][1], b))[:WEAK_BANKS]
    rng = random.Random(seed)

    def weakness(question: Question) -> tuple:
        card = cards.get(question.id)
        if card is None:
            return (0, 0, 0.0, rng.random())
        return (int(card.leech), card.lapses, -float(card.state.easiness), rng.random())

    candidates = [q for q in pool if q.bank in weak_banks or _is_leech(cards.get(q.id))]
    candidates.sort(key=weakness, reverse=True)
    return _with_variants(candidates[:count], seed)


def _is_leech(card: Card | None) -> bool:
    return bool(card and card.leech)


def choice_order(question: Question, seed: int) -> shuffle.ChoiceOrder:
    """The order a paper drawn with `seed` shows the question's choices in."""
    return shuffle.order(question, seed)


def _with_variants(chosen: list[Question], seed: int) -> Paper:
    variants: list[dict[str, Any] | None] = []
    indices: list[int | None] = []
    for question in chosen:
        if question.parametric:
            index = params.draw_index(question, seed)
            indices.append(index)
            variants.append(params.variant_at(question, index))
        else:
            indices.append(None)
            variants.append(None)
    return Paper(seed, chosen, variants, indices)


def proof_command(answer: Answer) -> str | None:
    """The command that proves this answer's key, if a snippet can."""
    if answer.question.snippet is None:
        return None
    command = f"quiz run question {answer.question.id}"
    if answer.variant_index is not None:
        command += f" --variant {answer.variant_index}"
    return command


def markdown_report(result: Result, lang: str | None, key_text) -> str:
    """The exam report as Markdown (`quiz exam --report FILE.md`)."""
    lines = [
        f"# Mock exam: {result.correct}/{len(result.answers)} ({result.percent:.0f}%)",
        "",
    ]
    if result.interrupted:
        ended = interruption(len(result.answers), result.answered, result.correct)
        lines += [f"{ended.capitalize()}.", ""]
    lines += [
        f"Seed {result.seed} (`quiz exam --seed {result.seed}` sits the same paper) · "
        f"{result.seconds:.0f} s" + (f" of {result.minutes:g} min" if result.minutes else ""),
        "",
    ]
    for topic in ("bank", "tag"):
        lines += [f"## By {topic}", "", f"| {topic} | right | asked |", "|---|---|---|"]
        lines += [f"| {n} | {r} | {a} |" for n, (r, a) in result.by(topic).items()]
        lines.append("")
    lines += ["## Every question", "", "| # | question | your answer | result | seconds |"]
    lines.append("|---|---|---|---|---|")
    for number, answer in enumerate(result.answers, 1):
        given = "—" if answer.given is None else answer.given.replace("|", "\\|")
        mark = ("✓" if answer.correct else "✗") + (" (self-marked)" if answer.self_marked else "")
        lines.append(
            f"| {number} | {answer.question.id} | {given} | {mark} | {answer.seconds:.1f} |"
        )
    wrong = [a for a in result.answers if not a.correct]
    if wrong:
        lines += ["", "## What to review", ""]
    for answer in wrong:
        prompt = params.prompt_text(answer.question, answer.variant, lang)
        lines += [f"### {answer.question.id}", "", prompt, ""]
        lines.append(f"- Your answer: {answer.given if answer.given is not None else '(none)'}")
        lines.append(f"- Key: {key_text(answer)}")
        explanation = pick(answer.question.explanation, lang)
        if explanation:
            lines.append(f"- Why: {explanation}")
        command = proof_command(answer)
        if command:
            lines.append(f"- Prove it: `{command}`")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def record(
    store: Store,
    result: Result,
    *,
    now: datetime,
    day: date,
    schedule: Schedule = policy.apply,
) -> None:
    """Grade each answered question of a sat exam into the schedule (`quiz exam --record`),
    as the review would have suggested: wrong 1, right 4. `schedule` is the review's (with
    an exam date ahead, examdate.before_exams caps it)."""
    for answer in result.answers:
        if answer.given is None:
            continue
        store.record(
            answer.question.id,
            int(policy.suggest_grade(answer.correct)),
            now=now,
            day=day,
            answer=answer.logged,
            correct=answer.correct,
            seconds=round(answer.seconds, 3),
            variant=answer.variant,
            content_hash=answer.question.content_hash or None,
            schedule=schedule,
        )
