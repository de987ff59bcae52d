"""A bank's snippet files: found inside its snippets folder, read once as UTF-8 bytes.

Finding and reading only: whether a snippet may run is quiz.snippets.trust's, running it is
quiz.snippets'. No subprocess and no database here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quiz.errors import SnippetError, SnippetMissing
from quiz.model import Bank, Question

# A snippet is a page of code; anything this big is not one, and is refused before it is read.
MAX_SNIPPET_BYTES = 1_000_000


@dataclass(frozen=True)
class Snippet:
    """A snippet's file and the exact bytes read from it: what is hashed for trust, shown to
    the student and sent to the worker are these bytes, never a second read of the file."""

    path: Path
    source: bytes
    label: str = ""
    """For code written in a bank file (a predict block, a wrong solution): what it is, as
    `predict-view (code)`; empty for a snippet file."""

    @property
    def name(self) -> str:
        """How messages name it: the snippet's file name, or what the bank's code is."""
        return self.label or self.path.name

    @classmethod
    def read(cls, path: Path) -> Snippet:
        """Read the file once; SnippetError if it cannot be read as UTF-8 text."""
        try:
            with open(path, "rb") as file:
                source = file.read(MAX_SNIPPET_BYTES + 1)
        except OSError as exc:
            raise SnippetError(f"snippet {path}: cannot be read ({exc.strerror or exc})") from None
        if len(source) > MAX_SNIPPET_BYTES:
            raise SnippetError(f"snippet {path}: larger than {MAX_SNIPPET_BYTES:,} bytes")
        try:
            source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SnippetError(
                f"snippet {path}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
            ) from None
        return cls(path, source)

    @property
    def digest(self) -> str:
        import hashlib

        return hashlib.sha256(self.source).hexdigest()

    @property
    def text(self) -> str:
        return self.source.decode("utf-8")


def resolve(bank: Bank, name: str) -> Path:
    """The file of snippet `name` in the bank's snippets folder; refuses any way out of it."""
    from quiz.bank.catalog import snippets_dir_refusal

    folder = _resolved(bank.snippets_dir, f"the snippets folder of bank {bank.id}")
    # Loading refuses such a bank already; checked again here for every reader of code.
    refusal = snippets_dir_refusal(bank.files[0] if bank.files else bank.path, folder)
    if refusal is not None:
        raise SnippetError(f"bank {bank.id}: {refusal}")
    if not name or os.path.isabs(name) or "/" in name or "\\" in name or ".." in name:
        raise SnippetError(f"snippet {name!r} of bank {bank.id} escapes {folder}: refused")
    candidate = folder / f"{name}.py"
    target = _resolved(candidate, f"snippet {name!r} of bank {bank.id}")
    if not target.is_relative_to(folder):
        raise SnippetError(
            f"snippet {name!r} of bank {bank.id} resolves to {target}, outside {folder}: refused"
        )
    if not target.is_file():
        raise SnippetMissing(f"snippet {name!r} of bank {bank.id} not found: no {candidate}")
    return target


def _resolved(path: Path, what: str) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop: RuntimeError before 3.13
        raise SnippetError(f"{what}: {path} cannot be resolved ({exc})") from None


def bank_snippets(bank: Bank) -> list[Path]:
    """Every snippet file the bank's questions name (each once)."""
    paths: dict[Path, None] = {}
    for question in bank.questions:
        if question.snippet is not None:
            paths[resolve(bank, question.snippet.name)] = None
    return list(paths)


def inline_code(question: Question) -> list[Snippet]:
    """The code a question writes in its bank file, each piece as the Snippet that trust
    hashes and the worker runs: a predict block, and a code question's wrong solutions."""
    code = question.code
    if code is None:
        return []
    found = []
    if code.block is not None:
        found.append(Snippet(question.file, code.block.encode(), f"{question.id} (code)"))
    for index, (text, _) in enumerate(code.wrong, 1):
        found.append(Snippet(question.file, text.encode(), f"{question.id} (wrong {index})"))
    return found


def snippet_args(question: Question, variant: dict[str, Any] | None) -> dict[str, Any]:
    """The arguments answer() gets: the question's fixed args, then the variant's values."""
    args = dict(question.snippet.args) if question.snippet else {}
    args.update(variant or {})
    return args
