"""YAML banks -> validated Question objects.

Owns the bank format: reading files safely, the allowed keys and their types, and where a
bank's snippets live (never outside the bank's folder). Anything the loader cannot use is
refused with a BankError whose message starts with `file:line` and ends with the question
id. Owns which banks are loaded too: the built-in ones, those the student registered
(`quiz banks add`, kept in the settings file), `QUIZ_BANKS` and `--bank`. Judging answers,
drawing variants and running snippets belong to other modules.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from quiz import config
from quiz.errors import BankError, QuizError
from quiz.model import Bank, Diagnostic, Question, QuestionList
from quiz.paths import builtin_questions_dir

MAX_BANK_BYTES = 2 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")

BUILT_IN, REGISTERED, FROM_ENV, FROM_OPTION = "built-in", "registered", "QUIZ_BANKS", "--bank"
"""Where a loaded bank comes from, as `quiz banks` names it."""


class QuestionIndex(Mapping[str, Question]):
    """Questions by id across banks; each is built only when looked up."""

    def __init__(self) -> None:
        self._where: dict[str, tuple[QuestionList, int, str]] = {}

    def __getitem__(self, question_id: str) -> Question:
        questions, index, _ = self._where[question_id]
        return questions[index]

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def add(self, questions: QuestionList, bank_id: str) -> None:
        """Index a bank's questions; their ids are new to the index (the assembly saw to it)."""
        for index, question_id in enumerate(questions.ids):
            self._where[question_id] = (questions, index, bank_id)

    def bank_of(self, question_id: str) -> str | None:
        """The id of the bank that holds a question, without building the question."""
        where = self._where.get(question_id)
        return where[2] if where is not None else None


@dataclass
class Catalog:
    """Every loaded bank and its questions by id."""

    banks: list[Bank] = field(default_factory=list)
    questions: QuestionIndex = field(default_factory=QuestionIndex)
    by_source: dict[Path, list[str]] = field(default_factory=dict)
    file_banks: dict[Path, str] = field(default_factory=dict)
    origins: dict[str, tuple[str, Path]] = field(default_factory=dict)
    """Bank id -> where it comes from (BUILT_IN, REGISTERED, …) and the path named there."""
    missing: list[Path] = field(default_factory=list)
    """Registered bank paths that no longer exist: left out, for the command to warn of."""

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def bank_of(self, question_id: str) -> str | None:
        return self.questions.bank_of(question_id)

    def add(self, bank: Bank) -> None:
        self.questions.add(bank.questions, bank.id)
        self.banks.append(bank)
        for file in bank.files:
            self.file_banks[file.resolve()] = bank.id

    def renames(self) -> dict[str, str]:
        """{former id: current id} from every question's `renamed_from`."""
        return {
            old: question_id
            for bank in self.banks
            for question_id, olds in zip(bank.questions.ids, bank.questions.renamed, strict=True)
            for old in olds
        }

    def select(
        self, bank_ids: Iterable[str] | None = None, tags: Iterable[str] = ()
    ) -> QuestionList:
        """Questions in bank order, of some banks and with any of some tags (in any case);
        unbuilt. QuizError for a tag that no loaded question has."""
        tags = list(tags)
        self.check_tags(tags)
        wanted_banks = set(bank_ids) if bank_ids is not None else None
        wanted_tags = {tag.casefold() for tag in tags}
        chosen = QuestionList()
        for bank in self.banks:
            if wanted_banks is not None and bank.id not in wanted_banks:
                continue
            questions = bank.questions
            if wanted_tags:
                questions = questions.pick(
                    i
                    for i, have in enumerate(questions.tags)
                    if any(tag.casefold() in wanted_tags for tag in have)
                )
            chosen = chosen + questions
        return chosen

    def tags(self) -> dict[str, str]:
        """Every tag of the loaded questions: {casefolded: as first written}."""
        found: dict[str, str] = {}
        for bank in self.banks:
            for have in dict.fromkeys(bank.questions.tags):
                for tag in have:
                    found.setdefault(tag.casefold(), tag)
        return found

    def check_tags(self, tags: Iterable[str]) -> None:
        """QuizError naming the first of `tags` that no loaded question has, and the nearest
        one that some question has: a typo must not select nothing in silence."""
        known = None
        for tag in tags:
            known = self.tags() if known is None else known
            if tag.casefold() not in known:
                raise QuizError(_unknown_tag(tag, known))


def read_bank_bytes(path: Path) -> bytes:
    """The raw bytes of a bank file, refusing files too large to be a bank."""
    try:
        size = path.stat().st_size
        if size > MAX_BANK_BYTES:
            raise BankError(
                f"{path}: {size / 2**20:.1f} MiB is too large for a bank"
                f" (limit {MAX_BANK_BYTES // 2**20} MiB); split it into several files"
            )
        return path.read_bytes()
    except OSError as exc:
        raise BankError(f"{path}: cannot read bank ({exc.strerror or exc})") from None


def inspect_file(
    path: Path, raw: bytes | None = None, *, builtin: bool = False
) -> tuple[Bank | None, list[Diagnostic]]:
    """Every problem in one bank file, and the bank made of its usable questions.

    Never raises for what the file contains: a file that cannot be read or parsed is a
    diagnostic too.
    """
    # Imported here: a review whose banks come from the cache never validates anything.
    from quiz.bank.validate import check_bank, position

    def fatal(line: int, column: int, message: str) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(path, line, column, "error", message, in_yaml=True)]

    if raw is None:
        try:
            raw = read_bank_bytes(path)
        except BankError as exc:
            return fatal(1, 1, str(exc).removeprefix(f"{path}: "))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fatal(line, column, f"not UTF-8 text (byte {exc.start})")
    from quiz.bank import yamlsafe

    try:
        document, duplicates = yamlsafe.parse(text)
    except yamlsafe.AliasBomb as exc:
        return fatal(1, 1, str(exc))
    except yamlsafe.YAMLError as exc:
        # libyaml words a tab it cannot take by where it meets it; say what it is, on every
        # line it happens. (A tab inside a block scalar or a flow list is fine, and parses.)
        return None, _tab_indents(path, text) or [_syntax_error(path, text, exc)]
    diagnostics = [
        Diagnostic(path, line, column, "error", message, in_yaml=True)
        for (line, column), message in duplicates
    ]
    configured = document.get("snippets_dir") if isinstance(document, dict) else None
    folder = snippets_dir(path, configured)
    bank, report = check_bank(path, document, builtin=builtin, snippets_folder=folder)
    refusal = snippets_dir_refusal(path, folder)
    if refusal is not None:
        # At the key that named the folder; a default folder that is a link out has none.
        where = position(document, "snippets_dir") if configured is not None else (1, 1)
        diagnostics.append(Diagnostic(path, *where, "error", refusal))
    return bank, diagnostics + report.diagnostics


def _syntax_error(path: Path, text: str, exc: Exception) -> Diagnostic:
    """Where the YAML reader stopped, and why."""
    from quiz.bank import yamlsafe

    line = column = 1
    if isinstance(exc, yamlsafe.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "python/" in problem:
            problem = "a !!python tag would run code: banks are plain data, loaded safely"
        if mark:
            line, column = mark.line + 1, mark.column + 1
    elif isinstance(exc, yamlsafe.ReaderError):
        # libyaml counts its position in bytes and PyYAML in characters; the first such
        # character in the text is the one either stopped at.
        offset = max(text.find(chr(exc.character)), 0)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
    else:
        problem = f"invalid YAML ({exc})"
    return Diagnostic(path, line, column, "error", problem, in_yaml=True)


def _tab_indents(path: Path, text: str) -> list[Diagnostic]:

    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                Diagnostic(
                    path,
                    number,
                    indent.index("\t") + 1,
                    "error",
                    "tab in indentation; YAML indents with spaces",
                    in_yaml=True,
                )
            )
    return problems


def bank_files(path: Path) -> list[Path]:
    """The YAML files a bank path stands for: the file itself, or those under a folder."""
    if path.is_dir():
        # Hidden folders (.git, .github, .venv) hold YAML files that are not banks.
        return sorted(
            p
            for p in path.rglob("*")
            if p.suffix in YAML_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
    if path.is_file():
        return [path]
    raise BankError(f"{path}: bank path does not exist")


def load_path(path: Path, *, builtin: bool = False) -> list[Bank]:
    """Load a bank file, or every bank file under a folder (files sharing `bank:` merge)."""
    return assemble([(path, builtin)], read=_loaded, report=_refuse).banks


def load_catalog(paths: Iterable[Path] = (), *, builtin: bool = True) -> Catalog:
    """The built-in banks, the registered ones, the `QUIZ_BANKS` ones and `paths`, with ids
    unique across all: the one assembly `quiz check` runs too, stopped at its first problem.

    A path already loaded (itself, or inside a folder loaded before) is not loaded twice. A
    registered path that no longer exists is left out and listed in `missing`: the student
    may have moved a folder, and every other bank still loads.
    """
    sources: list[tuple[Path, str]] = []
    if builtin:
        sources.append((builtin_questions_dir(), BUILT_IN))
    missing = []
    for path in config.registered_banks():
        if _exists(path):
            sources.append((path, REGISTERED))
        else:
            missing.append(path)
    sources += [(p, FROM_ENV) for p in env_bank_paths()]
    sources += [(Path(p), FROM_OPTION) for p in paths]
    catalog = assemble(
        [(path, origin == BUILT_IN) for path, origin in sources], read=_loaded, report=_refuse
    )
    for path, origin in sources:
        for bank_id in catalog.by_source.get(_real(path), []):
            catalog.origins.setdefault(bank_id, (origin, path))
    catalog.missing = missing
    return catalog


def _exists(path: Path) -> bool:
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:  # there, but not readable: loading it says so
        return True
    return True


def assemble(
    sources: Iterable[tuple[Path, bool]],
    *,
    read: Callable[[Path, bool], Bank | None],
    report: Callable[[Diagnostic], None],
) -> Catalog:
    """The catalog of these sources (a bank file or folder, and whether it is built in).

    What no single file can show is checked here, for loading and `quiz check` alike: files
    of one source sharing `bank:` merge into one bank; a bank id comes from one source only;
    a question id is used once across everything loaded. `read` gives a file's bank (None
    when it has none to give); each problem goes to `report`, which raises (loading: the
    first problem stops it) or collects (`quiz check`: all of them), and what the problem
    concerns is left out.
    """

    catalog = Catalog()
    origin: dict[str, Path] = {}
    for source, builtin in sources:
        try:
            files = bank_files(source)
        except BankError as exc:
            message = str(exc).removeprefix(f"{source}: ")
            report(Diagnostic(source, 0, 0, "error", message))
            continue
        merged: dict[str, Bank] = {}
        for file in files:
            if file.resolve() in catalog.file_banks:
                continue
            bank = read(file, builtin)
            if bank is None:
                continue
            if bank.id in origin and bank.id not in merged:
                message = f"bank id {bank.id!r} is already loaded from {origin[bank.id]}"
                report(Diagnostic(file, 1, 1, "error", message))
                continue
            origin.setdefault(bank.id, file)
            earlier = merged.get(bank.id)
            merged[bank.id] = bank if earlier is None else _merged(earlier, bank)
        for bank in merged.values():
            catalog.add(_unique_questions(bank, catalog, report))
        loaded = [catalog.file_banks.get(f.resolve()) for f in files]
        catalog.by_source[source.resolve()] = list(dict.fromkeys(b for b in loaded if b))
    return catalog


def _loaded(file: Path, builtin: bool) -> Bank:
    return load_file(file, builtin=builtin)


def _refuse(diagnostic: Diagnostic) -> None:
    raise BankError(diagnostic.as_load_error())


def _merged(first: Bank, second: Bank) -> Bank:
    return replace(
        first,
        questions=first.questions + second.questions,
        files=first.files + second.files,
        outline=first.outline + second.outline,
    )


def _unique_questions(bank: Bank, catalog: Catalog, report: Callable[[Diagnostic], None]) -> Bank:
    """The bank less any question whose id is already taken, each reported; the questions
    themselves are built only for the report."""

    seen: dict[str, int] = {}
    keep = []
    for index, question_id in enumerate(bank.questions.ids):
        if question_id in seen or question_id in catalog.questions:
            question = bank.questions[index]
            first = (
                bank.questions[seen[question_id]]
                if question_id in seen
                else catalog.questions[question_id]
            )
            message = f"duplicate question id, first defined at {first.file}:{first.line}"
            report(Diagnostic(question.file, question.line, 1, "error", message, question_id))
            continue
        seen[question_id] = index
        keep.append(index)
    if len(keep) == len(bank.questions):
        return bank
    return replace(bank, questions=bank.questions.pick(keep))


def open_catalog(bank_args: Iterable[str] = ()) -> tuple[Catalog, list[str] | None]:
    """Load every bank, reading each `--bank` value as a path if one exists, else an id.

    Returns the catalog and the bank ids the command is narrowed to (None: all of them).
    """
    paths: list[Path] = []
    ids: list[str] = []
    for value in bank_args:
        path = Path(value).expanduser()
        if path.exists():
            paths.append(path)
        elif path.suffix in YAML_SUFFIXES or "/" in value or os.sep in value:
            raise BankError(f"{value}: bank path does not exist")
        else:
            ids.append(value)
    catalog = load_catalog(paths)
    if not paths and not ids:
        return catalog, None
    selected = [bank_id for p in paths for bank_id in catalog.by_source[p.resolve()]]
    for bank_id in ids:
        if catalog.bank(bank_id) is None:
            known = ", ".join(b.id for b in catalog.banks) or "none"
            raise BankError(f"unknown bank {bank_id!r} (loaded banks: {known})")
        selected.append(bank_id)
    return catalog, selected


def env_bank_paths() -> list[Path]:
    """Extra bank paths from `QUIZ_BANKS` (separated like PATH)."""
    value = os.environ.get("QUIZ_BANKS", "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


def _unknown_tag(tag: str, known: dict[str, str]) -> str:
    import difflib

    near = difflib.get_close_matches(tag.casefold(), list(known), n=1)
    if near:
        return f"unknown tag {tag!r}; did you mean {known[near[0]]!r}?"
    if not known:
        return f"unknown tag {tag!r}: the loaded banks have no tags"
    names = sorted(known.values(), key=str.casefold)
    shown = ", ".join(names[:12]) + (f", … ({len(names)} in all)" if len(names) > 12 else "")
    return f"unknown tag {tag!r} (tags: {shown})"


# -- the registered banks ---------------------------------------------------------------------


def register(value: str) -> tuple[Path, list[Bank]]:
    """Register a bank file or folder for every command: its absolute path and its banks.

    It must load on its own and beside every bank loaded already (no bank id or question id
    twice); BankError with the first problem otherwise, and nothing is registered.
    """
    path = Path(value).expanduser()
    if not _exists(path):
        raise BankError(f"{value}: bank path does not exist")
    path = _real(path)
    if path.is_file() and path.suffix not in YAML_SUFFIXES:
        raise BankError(f"{path}: a bank file ends in .yaml or .yml")
    catalog = load_catalog()
    if path in config.registered_banks():
        ids = ", ".join(catalog.by_source.get(path, [])) or "no bank"
        raise BankError(f"{path} is already registered ({ids})")
    for file in bank_files(path):
        loaded_as = catalog.file_banks.get(file.resolve())
        if loaded_as is not None:
            origin, source = catalog.origins[loaded_as]
            raise BankError(f"{file}: already loaded as bank {loaded_as} ({origin} {source})")
    banks = load_path(path)
    if not banks:
        raise BankError(f"{path}: no bank files (*.yaml) in this folder")
    for bank in banks:
        if catalog.bank(bank.id) is not None:
            origin, source = catalog.origins[bank.id]
            where = "(built-in)" if origin == BUILT_IN else f"from {source} ({origin})"
            raise BankError(
                f"{bank.path}: bank id {bank.id!r} is already loaded {where};"
                " give this bank another id with `bank:`"
            )
    load_catalog([path])  # every question id unique across all the banks
    config.register_bank(path)
    return path, banks


def unregister(value: str) -> tuple[Path, list[str]]:
    """Take a registered bank off the list, named by its path or one of its bank ids: the
    path and the ids of its banks (none when it no longer loads). Its history is untouched.
    """
    registered = config.registered_banks()
    given = Path(value).expanduser()
    for candidate in (given.absolute(), _real(given)):
        if candidate in registered:
            config.unregister_bank(candidate)
            return candidate, _bank_ids(candidate)
    owned = {path: _bank_ids(path) for path in registered}
    for path, ids in owned.items():
        if value in ids:
            config.unregister_bank(path)
            return path, ids
    if value in _bank_ids(builtin_questions_dir(), builtin=True):
        raise QuizError(
            f"{value} is a built-in bank: it cannot be removed"
            " (`--bank ID` narrows a command to the banks you name)"
        )
    if any(value in _bank_ids(path) for path in env_bank_paths()):
        raise QuizError(
            f"{value} comes from QUIZ_BANKS, not from the registered banks:"
            " take it out of QUIZ_BANKS"
        )
    import difflib

    names = [bank_id for ids in owned.values() for bank_id in ids]
    near = difflib.get_close_matches(value, names, n=1)
    if near:
        raise QuizError(f"no registered bank {value!r}; did you mean {near[0]!r}?")
    if not registered:
        raise QuizError(
            f"no registered bank {value!r} (none is: `quiz banks add PATH` registers one)"
        )
    shown = ", ".join(names) if names else ", ".join(map(str, registered))
    raise QuizError(f"no registered bank {value!r} (registered: {shown})")


def _bank_ids(path: Path, *, builtin: bool = False) -> list[str]:
    """The ids of the banks at a path; none when they no longer load, since a bank being
    removed may be one that broke."""
    try:
        return [bank.id for bank in load_path(path, builtin=builtin)]
    except (BankError, OSError):
        return []


def load_file(path: Path, *, builtin: bool = False) -> Bank:
    """One bank file, from the bank cache when the file has not changed since."""
    from quiz.bank import cache as bankcache

    raw = read_bank_bytes(path)
    key = bankcache.fingerprint(path, raw, builtin=builtin)
    cached = bankcache.get(key)
    if cached is not None:
        # Where its snippets live depends on folders that may have appeared since; one that
        # leads out now is left to the parse below, which refuses it with its line.
        folder = snippets_dir(path, cached.snippets_config)
        if snippets_dir_refusal(path, folder) is None:
            return replace(cached, path=path, files=(path,), snippets_dir=folder)
    bank = parse_bank(path, raw, builtin=builtin)
    bankcache.put(key, bank)
    return bank


def parse_bank(path: Path, raw: bytes, *, builtin: bool = False) -> Bank:
    """One bank file's Bank; BankError with the first error if it has any."""
    bank, diagnostics = inspect_file(path, raw, builtin=builtin)
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            raise BankError(diagnostic.as_load_error())
    if bank is None:  # inspect_file gives no bank only with an error, raised above
        raise BankError(f"{path}: no bank could be read from this file")
    return bank


def snippets_dir(bank_file: Path, configured: object = None) -> Path:
    """`snippets_dir:` if given, else snippets/ beside the bank, else in the folder above."""
    folder = bank_file.parent
    if isinstance(configured, str) and configured:
        return _real(folder / configured)
    for candidate in (folder / "snippets", folder.parent / "snippets"):
        if candidate.is_dir():
            return _real(candidate)
    return _real(folder / "snippets")


def _real(path: Path) -> Path:
    """Where `path` leads; itself, made absolute, when it cannot be followed (a symlink
    loop), so that the snippets that live there are reported, not the loader's crash."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def snippets_dir_refusal(bank_file: Path, folder: Path) -> str | None:
    """Why a bank may not use `folder` for its snippets; None when it may.

    Snippets are code that the tool reads, shows, hashes and runs, so they must come from the
    bank's own folder: `folder` must lie inside the folder that holds the bank file, or be
    the `snippets/` folder of the folder above it (the built-in layout: questions/*.yaml
    with ../snippets). Both are judged where they really lead, so an absolute path, `..`
    and a symlink out are refused alike.
    """
    home = _real(bank_file.parent)
    real = _real(folder)
    if real.is_relative_to(home) or real == home.parent / "snippets":
        return None
    return (
        f"snippets folder {real} is outside the bank's folder {home}; a bank's snippets must"
        " be in a folder inside it, or in ../snippets"
    )
