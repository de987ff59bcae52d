"""Plain values shared by the modules: questions, banks, grades, review outcomes.

No I/O here. A text field is a mapping of language to string; a plain YAML string is stored
under ANY_LANGUAGE and serves every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

ANY_LANGUAGE = "*"
QUESTION_TYPES = ("numeric", "shape", "choice", "multi", "text", "open")
OBJECTIVE_TYPES = ("numeric", "shape", "choice", "multi", "text")

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
    """The text in `lang`, else English, else whatever language the field has."""
    if not text:
        return ""
    for key in (lang, ANY_LANGUAGE, "en"):
        if key and key in text:
            return text[key]
    return next(iter(text.values()))


@dataclass(frozen=True)
class SnippetRef:
    """A question's snippet: a name inside the bank's snippets folder and fixed arguments."""

    name: str
    args: dict[str, Any] = field(default_factory=dict)


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

    @property
    def parametric(self) -> bool:
        return bool(self.params or self.variants)

    @property
    def key_from_snippet(self) -> bool:
        return self.answer == "snippet"

    @property
    def languages(self) -> set[str]:
        return {lang for lang in self.prompt if lang != ANY_LANGUAGE}


@dataclass(frozen=True)
class Bank:
    id: str
    title: Text
    path: Path
    questions: tuple[Question, ...]
    snippets_dir: Path
    builtin: bool = False
    tags: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    snippets_config: str | None = None
