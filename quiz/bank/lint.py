"""`quiz check`: every problem in a set of banks, the ones no single file can show included.

Per-file rules are validate.py's (through catalog.inspect_file); this module adds what needs
the whole set: question ids unique across banks, bank ids unique across paths, snippet
references that resolve inside their bank's snippets folder to files that can be read as
snippets, and mistake functions that those files define (read with ast, never run). It
never stops at the first problem and never raises for a bank's content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quiz.bank.catalog import Catalog, assemble, inspect_file
from quiz.errors import BankError
from quiz.model import Bank, Diagnostic, Outline
from quiz.paths import builtin_questions_dir


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    catalog: Catalog = field(default_factory=Catalog)
    files: int = 0
    questions: int = 0
    """Question entries in the files, usable or not."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def lint(paths: list[Path] | None = None) -> LintResult:
    """Check bank files and folders (the built-in banks when `paths` is empty): the loader's
    own assembly, with every problem reported instead of the first one raised."""
    result = LintResult()
    builtin_dir = builtin_questions_dir().resolve()
    # A built-in bank named by its path is the built-in bank: trusted as it is when loaded.
    sources = (
        [(p, p.resolve().is_relative_to(builtin_dir)) for p in paths]
        if paths
        else [(builtin_dir, True)]
    )

    def inspected(file: Path, builtin: bool) -> Bank | None:
        result.files += 1
        bank, diagnostics = inspect_file(file, builtin=builtin)
        result.diagnostics.extend(diagnostics)
        result.questions += len(bank.outline) if bank is not None else 0
        return bank

    result.catalog = assemble(sources, read=inspected, report=result.diagnostics.append)
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
    for entry in _entries(catalog):
        twin = builtin.get(entry.id) if entry.id is not None else None
        if twin is not None and twin.file.resolve() != entry.file.resolve():
            problems.append(
                Diagnostic(
                    entry.file, entry.line, 1, "error",
                    f"question id also used by built-in bank {twin.bank} ({twin.file.name}:"
                    f"{twin.line}); ids must be unique across all loaded banks",
                    entry.id,
                )
            )  # fmt: skip
    return problems


def _entries(catalog: Catalog) -> list[Outline]:
    """Every question entry of the checked files, those that failed other checks too."""
    return [entry for bank in catalog.banks for entry in bank.outline]


def _snippet_references(catalog: Catalog) -> list[Diagnostic]:
    """Each snippet a question names must resolve inside its folder (no way out, no symlink
    loop) and be readable UTF-8 text, as running it will need."""
    from quiz.bank.files import resolve
    from quiz.errors import SnippetError

    problems = []
    read: dict[Path, str | None] = {}  # each file is read once: its problem, if any
    defined: dict[Path, set[str] | None] = {}
    for bank in catalog.banks:
        for entry in bank.outline:
            if entry.snippet is None:
                continue
            try:
                path = resolve(bank, entry.snippet)
            except SnippetError as exc:
                problem: str | None = str(exc)
            else:
                if path not in read:
                    read[path] = _unreadable(path)
                problem = read[path]
            if problem is not None:
                line, column = entry.snippet_at
                problems.append(Diagnostic(entry.file, line, column, "error", problem, entry.id))
                continue
            if not entry.mistake_functions:
                continue
            if path not in defined:
                defined[path] = _functions(path)
            names = defined[path]
            for function, (line, column) in entry.mistake_functions:
                if names is not None and function not in names:
                    problems.append(
                        Diagnostic(
                            entry.file, line, column, "error",
                            f"snippet {path.name} defines no function {function}()",
                            entry.id,
                        )
                    )  # fmt: skip
    return problems


def _functions(path: Path) -> set[str] | None:
    """The functions a snippet defines at its top level, read with ast and never run; None
    when it does not parse (running it will say where)."""
    import ast

    from quiz.bank.files import Snippet

    try:
        tree = ast.parse(Snippet.read(path).source, filename=str(path))
    except (SyntaxError, ValueError):
        return None
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def _unreadable(path: Path) -> str | None:
    """Why a snippet file cannot be read as a snippet (too large, not UTF-8); None if it can."""
    from quiz.bank.files import Snippet
    from quiz.errors import SnippetError

    try:
        Snippet.read(path)
    except SnippetError as exc:
        return str(exc)
    return None
