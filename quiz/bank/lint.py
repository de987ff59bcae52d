"""`quiz check`: every problem in a set of banks, the ones no single file can show included.

Per-file rules are validate.py's (through catalog.inspect_file); this module adds what needs
the whole set: question ids unique across banks, bank ids unique across paths, and snippet
references that resolve inside their bank's snippets folder to files that can be read as
snippets. It never stops at the first problem and never raises for a bank's content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quiz.bank.catalog import Catalog, bank_files, inspect_file
from quiz.errors import BankError
from quiz.model import Bank, Diagnostic, Question, QuestionList
from quiz.paths import builtin_questions_dir


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    catalog: Catalog = field(default_factory=Catalog)
    files: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def lint(paths: list[Path] | None = None) -> LintResult:
    """Check bank files and folders (the built-in banks when `paths` is empty)."""
    result = LintResult()
    sources = [(p, False) for p in paths] if paths else [(builtin_questions_dir(), True)]
    first_seen: dict[str, tuple[Path, int]] = {}
    bank_sources: dict[str, Path] = {}
    for source, builtin in sources:
        try:
            files = bank_files(source)
        except BankError as exc:
            message = str(exc).removeprefix(f"{source}: ")
            result.diagnostics.append(Diagnostic(source, 0, 0, "error", message))
            continue
        merged: dict[str, Bank] = {}
        for file in files:
            if file.resolve() in result.catalog.file_banks:
                continue
            result.files += 1
            bank, diagnostics = inspect_file(file, builtin=builtin)
            result.diagnostics += diagnostics
            if bank is None:
                continue
            kept = []
            for question in bank.questions:
                earlier = first_seen.get(question.id)
                if earlier is not None:
                    result.diagnostics.append(
                        Diagnostic(
                            file, question.line, 1, "error",
                            f"duplicate question id, first defined at {earlier[0]}:{earlier[1]}",
                            question.id,
                        )
                    )  # fmt: skip
                    continue
                first_seen[question.id] = (file, question.line)
                kept.append(question)
            bank = _with_questions(bank, kept)
            if bank.id in bank_sources and bank.id not in merged:
                result.diagnostics.append(
                    Diagnostic(
                        file, 1, 1, "error",
                        f"bank id {bank.id!r} is already used by {bank_sources[bank.id]}",
                    )
                )  # fmt: skip
                continue
            bank_sources.setdefault(bank.id, file)
            earlier_bank = merged.get(bank.id)
            merged[bank.id] = bank if earlier_bank is None else _merge(earlier_bank, bank)
        for bank in merged.values():
            result.catalog.add(bank)
    if paths:
        result.diagnostics += _clashes_with_builtin(result.catalog)
    result.diagnostics += _snippet_references(result.catalog)
    result.diagnostics.sort(key=lambda d: (str(d.file), d.line, d.column))
    return result


def _clashes_with_builtin(catalog: Catalog) -> list[Diagnostic]:
    """A bank is always loaded beside the built-in ones: its ids must not repeat theirs."""
    from quiz.bank.catalog import load_path

    try:
        builtin = {
            q.id: q for bank in load_path(builtin_questions_dir(), builtin=True)
            for q in bank.questions
        }  # fmt: skip
    except BankError:
        return []
    problems = []
    for question in catalog.questions.values():
        twin = builtin.get(question.id)
        if twin is not None and twin.file.resolve() != question.file.resolve():
            problems.append(
                Diagnostic(
                    question.file, question.line, 1, "error",
                    f"question id also used by built-in bank {twin.bank} ({twin.file.name}:"
                    f"{twin.line}); ids must be unique across all loaded banks",
                    question.id,
                )
            )  # fmt: skip
    return problems


def _snippet_references(catalog: Catalog) -> list[Diagnostic]:
    """Each snippet a question names must resolve inside its folder (no way out, no symlink
    loop) and be readable UTF-8 text, as running it will need."""
    from quiz.bank.files import resolve
    from quiz.errors import SnippetError

    problems = []
    read: dict[Path, str | None] = {}  # each file is read once: its problem, if any
    for bank in catalog.banks:
        for question in bank.questions:
            if question.snippet is None:
                continue
            try:
                path = resolve(bank, question.snippet.name)
            except SnippetError as exc:
                problem: str | None = str(exc)
            else:
                if path not in read:
                    read[path] = _unreadable(path)
                problem = read[path]
            if problem is not None:
                problems.append(
                    Diagnostic(question.file, question.line, 1, "error", problem, question.id)
                )
    return problems


def _unreadable(path: Path) -> str | None:
    """Why a snippet file cannot be read as a snippet (too large, not UTF-8); None if it can."""
    from quiz.bank.files import Snippet
    from quiz.errors import SnippetError

    try:
        Snippet.read(path)
    except SnippetError as exc:
        return str(exc)
    return None


def _with_questions(bank: Bank, questions: list[Question]) -> Bank:
    from dataclasses import replace

    return replace(bank, questions=QuestionList(questions))


def _merge(first: Bank, second: Bank) -> Bank:
    from dataclasses import replace

    return replace(
        first, questions=first.questions + second.questions, files=first.files + second.files
    )
