"""Plain values shared by the modules: questions, banks, grades, review outcomes.

No I/O here. A text field is a mapping of language to string; a plain YAML string is stored
under ANY_LANGUAGE and serves every language.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import IntEnum
from pathlib import Path
from typing import Any, NamedTuple, overload

ANY_LANGUAGE = "*"
QUESTION_TYPES = ("numeric", "shape", "choice", "multi", "text", "open", "code", "predict")
OBJECTIVE_TYPES = ("numeric", "shape", "choice", "multi", "text", "code", "predict")

Text = dict[str, str]


class Grade(IntEnum):
    """SM-2 quality of a recall, 0..5."""

    BLACKOUT = 0
    WRONG = 1
    WRONG_BUT_FAMILIAR = 2
    HARD = 3
    GOOD = 4
    EASY = 5


def pick(text: Text | None, lang: str | None) -> str:
    """The text in `lang`, else in its base language (zh for zh-CN or zh_TW), else English,
    else whatever language the field has."""
    if not text:
        return ""
    base = lang.replace("_", "-").split("-")[0].lower() if lang else None
    for key in (lang, base, ANY_LANGUAGE, "en"):
        if key and key in text:
            return text[key]
    return next(iter(text.values()))


class Phrase(str):
    """Words for the student that a lower layer writes: the English, as a plain str reads
    it, which keeps the template and values it was made from, so that a screen in another
    language can word it afresh (tui/words.py). A template given no values is taken as
    written, braces and all."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Phrase:
        phrase = super().__new__(cls, template.format(**values) if values else template)
        phrase.template = template
        phrase.values = values
        return phrase


@dataclass(frozen=True)
class SnippetRef:
    """A question's snippet: a name inside the bank's snippets folder and fixed arguments."""

    name: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Code:
    """The code of an executable question.

    `code`: the student writes `function`; the editor is seeded with `starter`, and the
    answer runs against the snippet's answer() on the fixed `cases` and `random_cases` more
    drawn by its random_case(). `wrong` solutions (each with its line) must fail a case.
    `predict`: `block` is the code shown and run (None: the snippet file is the code), its
    key what it prints or the exception it raises.
    """

    starter: str = ""
    function: str = ""
    cases: tuple[dict[str, Any], ...] = ()
    random_cases: int = 0
    wrong: tuple[tuple[str, int], ...] = ()
    block: str | None = None
    block_line: int = 0


@dataclass(frozen=True)
class Mistake:
    """A wrong answer students often give to a question, and why they give it. Its value is
    fixed (`value`, as a key of the question's type) or computed for the variant shown by a
    function of the question's snippet (`function`, a `mistake_…` name)."""

    name: str
    explain: Text
    value: Any = None
    function: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: Text
    answer: Any
    bank: str
    file: Path
    line: int
    explanation: Text = field(default_factory=dict)
    choices: tuple[Text, ...] = ()
    shuffle: bool = True
    """Whether the choices are shown in a drawn order (schedule/shuffle.py); the key's
    letters always follow the bank order."""
    wrong_answers: tuple[str, ...] = ()
    """Answers the author lists as wrong (`examples: wrong`): never "probably right"."""
    tolerance: float | None = None
    rel_tol: float | None = None
    match: str = "exact"
    params: dict[str, list[Any]] = field(default_factory=dict)
    variants: tuple[dict[str, Any], ...] = ()
    snippet: SnippetRef | None = None
    tags: tuple[str, ...] = ()
    renamed_from: tuple[str, ...] = ()
    content_hash: str = ""
    """A hash of what the student sees and is judged on (type, prompt, answer, choices)."""
    mistakes: tuple[Mistake, ...] = ()
    """The usual wrong answers, which the judge names when a student gives one."""
    code: Code | None = None
    """What a `code` or `predict` question runs beside its snippet (None for the others)."""

    @property
    def parametric(self) -> bool:
        return bool(self.params or self.variants)

    @property
    def key_from_snippet(self) -> bool:
        return isinstance(self.answer, str) and self.answer == "snippet"

    @property
    def languages(self) -> set[str]:
        return {lang for lang in self.prompt if lang != ANY_LANGUAGE}


class QuestionList(Sequence[Question]):
    """Questions in bank order, with their ids, tags, former ids and files at hand.

    Pickled (into the bank cache) each question becomes bytes of its own, and comes back
    as a Question only when first used: a review of a 10,000-question bank builds the few
    cards it shows, and finds the rest by id and tag without building them.
    """

    __slots__ = ("_items", "files", "ids", "renamed", "tags")
    _INDEX = ("ids", "tags", "renamed", "files")

    def __init__(self, questions: Iterable[Question] = ()) -> None:
        items = list(questions)
        self._items: list[Question | bytes] = list(items)
        self.ids: tuple[str, ...] = tuple(q.id for q in items)
        self.tags: tuple[tuple[str, ...], ...] = tuple(q.tags for q in items)
        self.renamed: tuple[tuple[str, ...], ...] = tuple(q.renamed_from for q in items)
        self.files: tuple[Path, ...] = tuple(q.file for q in items)

    @classmethod
    def of(cls, questions: Iterable[Question]) -> QuestionList:
        return questions if isinstance(questions, QuestionList) else cls(questions)

    @classmethod
    def _from_parts(cls, items: list[Question | bytes], *index: tuple[Any, ...]) -> QuestionList:
        made = cls.__new__(cls)
        made._items = items
        for name, values in zip(cls._INDEX, index, strict=True):
            setattr(made, name, values)
        return made

    def _index(self) -> list[tuple[Any, ...]]:
        return [getattr(self, name) for name in self._INDEX]

    def __reduce__(self) -> tuple[Any, ...]:
        # Each question without its file: the files are kept once, beside them (rebuilding
        # a Path for every question took most of the time to unpickle one).
        blobs = [
            item
            if isinstance(item, bytes)
            # None for the moment of pickling only: the file comes back from the index.
            else pickle.dumps(replace(item, file=None), pickle.HIGHEST_PROTOCOL)  # type: ignore[arg-type]
            for item in self._items
        ]
        # Equal tag tuples and paths shared, so the cache stores (and loads) each once.
        shared: dict[Any, Any] = {}
        tags = tuple(shared.setdefault(t, t) for t in self.tags)
        files = tuple(shared.setdefault(f, f) for f in self.files)
        return (QuestionList._from_parts, (blobs, self.ids, tags, self.renamed, files))

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Question: ...
    @overload
    def __getitem__(self, index: slice) -> QuestionList: ...
    def __getitem__(self, index: int | slice) -> Question | QuestionList:
        if isinstance(index, slice):
            return self.pick(range(len(self))[index])
        item = self._items[index]
        if isinstance(item, bytes):
            item = pickle.loads(item)  # noqa: S301 - our own cache
            object.__setattr__(item, "file", self.files[index])
            self._items[index] = item
        return item

    def __iter__(self) -> Iterator[Question]:
        for index in range(len(self._items)):
            yield self[index]

    def __add__(self, other: Iterable[Question]) -> QuestionList:
        other = QuestionList.of(other)
        index = [mine + theirs for mine, theirs in zip(self._index(), other._index(), strict=True)]
        return QuestionList._from_parts(self._items + other._items, *index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (QuestionList, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"QuestionList({list(self.ids)!r})"

    @property
    def built(self) -> int:
        """How many of these questions exist as Question objects so far."""
        return sum(not isinstance(item, bytes) for item in self._items)

    def pick(self, indices: Iterable[int]) -> QuestionList:
        """These questions, in this order, still unbuilt."""
        chosen = list(indices)
        index = [tuple(values[i] for i in chosen) for values in self._index()]
        return QuestionList._from_parts([self._items[i] for i in chosen], *index)


@dataclass(frozen=True)
class Outline:
    """Where one question of a bank file is, usable or not: `quiz check` checks the ids and
    snippets of questions that failed other checks too, so all problems show in one run."""

    file: Path
    id: str | None
    line: int
    snippet: str | None = None
    snippet_at: tuple[int, int] = (0, 0)
    mistake_functions: tuple[tuple[str, tuple[int, int]], ...] = ()
    """Each function the question calls in its snippet, with where: its mistakes'
    `function:`s, a code question's answer() and random_case(). Lint looks for each."""


@dataclass(frozen=True)
class Bank:
    id: str
    title: Text
    path: Path
    questions: QuestionList
    snippets_dir: Path
    builtin: bool = False
    tags: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    snippets_config: str | None = None
    outline: tuple[Outline, ...] = ()
    """Every question mapping of the bank's files, in order; `questions` holds the usable."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", QuestionList.of(self.questions))


# -- what checks and runs report ----------------------------------------------------------


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a bank, where it is."""

    file: Path
    line: int
    column: int
    severity: str  # "error" or "warning"
    message: str
    question: str | None = None
    in_yaml: bool = False  # a problem of the YAML itself, whose column the loader shows too

    def __str__(self) -> str:
        suffix = f" [{self.question}]" if self.question else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}{suffix}"

    def as_load_error(self) -> str:
        """The loader's one-line form: `file:line: message [id]`."""
        suffix = f" [{self.question}]" if self.question else ""
        if not self.line:  # about the path itself (a missing file, an empty folder)
            return f"{self.file}: {self.message}{suffix}"
        where = f"{self.line}:{self.column}" if self.in_yaml else f"{self.line}"
        return f"{self.file}:{where}: {self.message}{suffix}"


@dataclass(frozen=True)
class Outcome:
    """What running one snippet gave."""

    ok: bool
    value: Any = None
    error: str | None = None
    traceback: str | None = None
    output: str = ""
    dropped: int = 0
    seconds: float = 0.0
    device: str = "cpu"
    demonstration: bool = False

    @classmethod
    def from_report(cls, report: dict[str, Any]) -> Outcome:
        return cls(
            ok=bool(report.get("ok")),
            value=report.get("value"),
            error=report.get("error"),
            traceback=report.get("traceback"),
            output=report.get("output", ""),
            dropped=int(report.get("dropped", 0)),
            seconds=float(report.get("wall", 0.0)),
            device=report.get("device", "cpu"),
            demonstration=bool(report.get("demonstration")),
        )


@dataclass
class Tally:
    """Answers counted: a day's in `quiz stats`, a session's in its summary."""

    reviewed: int = 0
    new: int = 0
    judged: int = 0
    correct: int = 0
    seconds: float = 0.0

    @property
    def percent_correct(self) -> float | None:
        """Of the answers that were judged, the share right; None when none was."""
        return 100.0 * self.correct / self.judged if self.judged else None


# -- schedules and the review log ----------------------------------------------------------


HUNDREDTH = Decimal("0.01")
INITIAL_EASINESS = Decimal("2.50")


def _as_easiness(value: object) -> Decimal:
    # str() first: Decimal(2.6) would carry the float's binary error into the schedule.
    return Decimal(str(value)).quantize(HUNDREDTH)


@dataclass(frozen=True)
class CardState:
    """What SM-2 remembers about a card between reviews."""

    easiness: Decimal = INITIAL_EASINESS
    interval: int = 0
    repetitions: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "easiness", _as_easiness(self.easiness))


@dataclass(frozen=True)
class Card:
    """A question's scheduling record; a question without one is new."""

    question_id: str
    state: CardState
    due_day: date
    lapses: int = 0
    suspended: bool = False
    leech: bool = False
    reviews: int = 0
    introduced_day: date | None = None
    last_reviewed_at: str | None = None
    content_hash: str | None = None
    reviewed_day: date | None = None
    """The study day of the last review that moved the schedule (a drill does not)."""
    stability: float | None = None
    """FSRS memory state (days until recall falls to 90%); None until the log has been
    replayed under FSRS (schedule/fsrs.py)."""
    difficulty: float | None = None
    """FSRS difficulty, 1..10; None like `stability`."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "easiness": str(self.state.easiness),
                "interval": self.state.interval,
                "repetitions": self.state.repetitions,
                "due_day": self.due_day.isoformat(),
                "lapses": self.lapses,
                "suspended": self.suspended,
                "leech": self.leech,
                "reviews": self.reviews,
                "introduced_day": day_text(self.introduced_day),
                "last_reviewed_at": self.last_reviewed_at,
                "content_hash": self.content_hash,
                "reviewed_day": day_text(self.reviewed_day),
                "stability": self.stability,
                "difficulty": self.difficulty,
            }
        )

    @classmethod
    def from_json(cls, question_id: str, text: str | None) -> Card | None:
        if text is None:
            return None
        data = json.loads(text)
        return cls(
            question_id=question_id,
            state=CardState(decimal_value(data["easiness"]), data["interval"], data["repetitions"]),
            due_day=date.fromisoformat(data["due_day"]),
            lapses=data["lapses"],
            suspended=data["suspended"],
            leech=data["leech"],
            reviews=data["reviews"],
            introduced_day=parse_day(data["introduced_day"]),
            last_reviewed_at=data["last_reviewed_at"],
            content_hash=data.get("content_hash"),
            # Absent from states logged before FSRS came.
            reviewed_day=parse_day(data.get("reviewed_day")),
            stability=data.get("stability"),
            difficulty=data.get("difficulty"),
        )


@dataclass(frozen=True)
class Review:
    """One row of the review log."""

    id: int
    at: str
    day: date
    question_id: str
    kind: str
    variant: dict[str, Any] | None
    answer: str | None
    correct: bool | None
    grade: int | None
    seconds: float | None
    before: Card | None
    after: Card | None
    undoes: int | None
    mistake: str | None = None
    """The name of the question's mistake the answer was, if the judge recognised one."""


class Scheduled(NamedTuple):
    """A review that moved a card's schedule (not a drill, not undone): what replaying the
    log under a scheduler reads."""

    question_id: str
    at: str
    day: date
    grade: int


@dataclass(frozen=True)
class Recorded:
    """What one graded answer did: its log row and whether it made the card a leech."""

    review_id: int
    before: Card | None
    after: Card
    became_leech: bool


def decimal_value(value: Any) -> Decimal:
    """A Decimal read from stored text; ValueError naming the value if it is not one."""
    try:
        return Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        raise ValueError(f"not a number: {value!r}") from None


def day_text(day: date | None) -> str | None:
    return day.isoformat() if day else None


def parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
