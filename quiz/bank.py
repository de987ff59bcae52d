"""YAML banks -> validated Question objects.

Owns the bank format: reading files safely, the allowed keys and their types, and where a
bank's snippets live. Anything the loader cannot use is refused with a BankError whose
message starts with `file:line` and ends with the question id. Judging answers, drawing
variants and running snippets belong to other modules.
"""

from __future__ import annotations

import difflib
import os
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quiz.errors import BankError
from quiz.model import ANY_LANGUAGE, QUESTION_TYPES, Bank, Question, SnippetRef, Text
from quiz.paths import builtin_questions_dir

BANK_KEYS = ("bank", "title", "description", "tags", "snippets_dir", "questions")
QUESTION_KEYS = (
    "id", "type", "prompt", "answer", "explanation", "choices", "tolerance", "rel_tol",
    "match", "params", "variants", "snippet", "tags", "renamed_from",
)  # fmt: skip
MAX_BANK_BYTES = 4 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*\Z")
_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)?\Z")
_SNIPPET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*\Z")


@dataclass
class Catalog:
    """Every loaded bank and its questions by id."""

    banks: list[Bank] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    by_source: dict[Path, list[str]] = field(default_factory=dict)
    file_banks: dict[Path, str] = field(default_factory=dict)

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def add(self, bank: Bank) -> None:
        for question in bank.questions:
            earlier = self.questions.get(question.id)
            if earlier is not None:
                raise BankError(
                    f"{question.file}:{question.line}: duplicate question id, first defined"
                    f" at {earlier.file}:{earlier.line} [{question.id}]"
                )
            self.questions[question.id] = question
        self.banks.append(bank)
        for file in bank.files:
            self.file_banks[file.resolve()] = bank.id


def read_bank_bytes(path: Path) -> bytes:
    """The raw bytes of a bank file, refusing files too large to be a bank."""
    try:
        size = path.stat().st_size
        if size > MAX_BANK_BYTES:
            raise BankError(
                f"{path}: {size // 1024} KiB is too large for a bank"
                f" (limit {MAX_BANK_BYTES // 1024} KiB); split it into several files"
            )
        return path.read_bytes()
    except OSError as exc:
        raise BankError(f"{path}: cannot read bank ({exc.strerror or exc})") from None


def read_yaml(path: Path, raw: bytes | None = None) -> Any:
    """Parse one YAML file with the safe loader; errors name file:line:column."""
    if raw is None:
        raw = read_bank_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BankError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from None
    from quiz import yamlsafe

    try:
        return yamlsafe.parse(text)
    except yamlsafe.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = exc.problem or exc.context or "invalid YAML"
        raise BankError(f"{where}: {problem}") from None
    except yamlsafe.YAMLError as exc:
        raise BankError(f"{path}: invalid YAML ({exc})") from None


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
    return load_files(bank_files(path), builtin=builtin)


def load_files(files: Iterable[Path], *, builtin: bool = False) -> list[Bank]:
    merged: dict[str, Bank] = {}
    for file in files:
        bank = load_file(file, builtin=builtin)
        earlier = merged.get(bank.id)
        if earlier is None:
            merged[bank.id] = bank
        else:
            merged[bank.id] = Bank(
                id=earlier.id,
                title=earlier.title,
                path=earlier.path,
                questions=earlier.questions + bank.questions,
                snippets_dir=earlier.snippets_dir,
                builtin=builtin,
                tags=earlier.tags,
                files=earlier.files + bank.files,
            )
    return list(merged.values())


def load_catalog(paths: Iterable[Path] = (), *, builtin: bool = True) -> Catalog:
    """The built-in banks, the `QUIZ_BANKS` ones and `paths`, with ids unique across all.

    A path already loaded (itself, or inside a folder loaded before) is not loaded twice.
    """
    catalog = Catalog()
    sources: list[tuple[Path, bool]] = []
    if builtin:
        sources.append((builtin_questions_dir(), True))
    sources += [(p, False) for p in env_bank_paths()]
    sources += [(Path(p), False) for p in paths]
    for path, is_builtin in sources:
        files = bank_files(path)
        fresh = [f for f in files if f.resolve() not in catalog.file_banks]
        for bank in load_files(fresh, builtin=is_builtin):
            if catalog.bank(bank.id) is not None:
                raise BankError(f"{bank.path}: bank id {bank.id!r} is already loaded")
            catalog.add(bank)
        catalog.by_source[path.resolve()] = list(
            dict.fromkeys(catalog.file_banks[f.resolve()] for f in files)
        )
    return catalog


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


def load_file(path: Path, *, builtin: bool = False) -> Bank:
    """One bank file, from the bank cache when the file has not changed since."""
    from quiz import bankcache

    raw = read_bank_bytes(path)
    key = bankcache.fingerprint(path, raw, builtin=builtin)
    cached = bankcache.get(key)
    if cached is not None:
        # Where its snippets live depends on folders that may have appeared since.
        folder = snippets_dir(path, cached.snippets_config)
        return replace(cached, path=path, files=(path,), snippets_dir=folder)
    bank = parse_bank(path, raw, builtin=builtin)
    bankcache.put(key, bank)
    return bank


def parse_bank(path: Path, raw: bytes, *, builtin: bool = False) -> Bank:
    document = read_yaml(path, raw)
    if not isinstance(document, dict):
        raise BankError(f"{path}:1: a bank must be a mapping with a 'questions' list")
    _refuse_unknown_keys(document, BANK_KEYS, path, None)
    bank_id = document.get("bank", path.stem)
    if not isinstance(bank_id, str) or not _ID.match(bank_id):
        raise BankError(f"{path}:{_line(document, 'bank')}: bank id must be a word like 'conv'")
    title = _text(document, "title", path, None) if "title" in document else {"*": bank_id}
    tags = _string_list(document, "tags", path, None)
    raw_questions = document.get("questions")
    if not isinstance(raw_questions, list):
        line = _line(document, "questions")
        raise BankError(f"{path}:{line}: 'questions' must be a list of questions")
    questions = []
    ids: dict[str, int] = {}
    for raw in raw_questions:
        question = _question(raw, path, bank_id, tags)
        if question.id in ids:
            raise BankError(
                f"{path}:{question.line}: duplicate question id, first defined at line"
                f" {ids[question.id]} [{question.id}]"
            )
        ids[question.id] = question.line
        questions.append(question)
    return Bank(
        id=bank_id,
        title=title,
        path=path,
        questions=tuple(questions),
        snippets_dir=snippets_dir(path, document.get("snippets_dir")),
        snippets_config=document.get("snippets_dir"),
        builtin=builtin,
        tags=tuple(tags),
        files=(path,),
    )


def snippets_dir(bank_file: Path, configured: object = None) -> Path:
    """`snippets_dir:` if given, else snippets/ beside the bank, else in the folder above."""
    folder = bank_file.parent
    if isinstance(configured, str) and configured:
        return (folder / configured).resolve()
    for candidate in (folder / "snippets", folder.parent / "snippets"):
        if candidate.is_dir():
            return candidate.resolve()
    return (folder / "snippets").resolve()


def placeholders(template: str) -> set[str]:
    """The `{name}` fields a prompt template uses."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return set()


# -- one question ---------------------------------------------------------------------------


def _question(raw: Any, path: Path, bank_id: str, bank_tags: list[str]) -> Question:
    if not isinstance(raw, dict):
        line = getattr(raw, "line", 0)
        raise BankError(f"{path}:{line or '?'}: each question must be a mapping")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise BankError(
            f"{path}:{_line(raw, 'id')}: question needs an 'id' made of letters, digits,"
            " '-', '_' or '.'"
        )
    _refuse_unknown_keys(raw, QUESTION_KEYS, path, qid)

    def fail(key: str | None, message: str) -> BankError:
        return BankError(f"{path}:{_line(raw, key)}: {message} [{qid}]")

    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        raise fail("type", f"'type' must be one of {', '.join(QUESTION_TYPES)}")
    for key in ("prompt", "answer"):
        if key not in raw:
            raise fail(None, f"missing '{key}'")
    prompt = _text(raw, "prompt", path, qid)
    explanation = _text(raw, "explanation", path, qid) if "explanation" in raw else {}

    choices: tuple[Text, ...] = ()
    if qtype in ("choice", "multi"):
        items = raw.get("choices")
        if not isinstance(items, list) or len(items) < 2:
            raise fail("choices", f"a {qtype} question needs 'choices': a list of 2 or more")
        choices = tuple(_text_value(c, raw, "choices", path, qid) for c in items)
    elif "choices" in raw:
        raise fail("choices", f"'choices' only belongs to choice and multi questions, not {qtype}")

    for key in ("tolerance", "rel_tol"):
        if key in raw:
            if qtype != "numeric":
                raise fail(key, f"'{key}' only belongs to numeric questions")
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise fail(key, f"'{key}' must be a number of 0 or more")
    match = raw.get("match", "exact")
    if "match" in raw and qtype != "text":
        raise fail("match", "'match' only belongs to text questions")
    if match not in ("exact", "regex"):
        raise fail("match", "'match' must be 'exact' or 'regex'")

    snippet = _snippet(raw, fail)
    params, variants = _params(raw, fail)
    answer = _answer(raw, path, qtype, choices, match, snippet, fail)
    if params or variants:
        names = set(params) or set().union(*(v.keys() for v in variants))
        for lang, template in prompt.items():
            unknown = placeholders(template) - names
            if unknown:
                where = "" if lang == ANY_LANGUAGE else f" ({lang})"
                raise fail(
                    "prompt",
                    f"prompt{where} uses {{{sorted(unknown)[0]}}}, which is not a param",
                )
    tags = _string_list(raw, "tags", path, qid)
    return Question(
        id=qid,
        type=qtype,
        prompt=prompt,
        answer=answer,
        bank=bank_id,
        file=path,
        line=_line(raw, None),
        explanation=explanation,
        choices=choices,
        tolerance=raw.get("tolerance"),
        rel_tol=raw.get("rel_tol"),
        match=match,
        params=params,
        variants=variants,
        snippet=snippet,
        tags=tuple(dict.fromkeys([*bank_tags, *tags])),
        renamed_from=tuple(_string_list(raw, "renamed_from", path, qid)),
    )


def _answer(raw, path: Path, qtype, choices, match, snippet, fail) -> Any:
    answer = raw["answer"]
    if answer == "snippet" and qtype in ("numeric", "shape", "choice", "text"):
        if snippet is None:
            raise fail("answer", "'answer: snippet' needs a 'snippet' to compute the key")
        return answer
    if qtype == "numeric":
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            raise fail("answer", "a numeric answer must be a number (or 'snippet')")
        return answer
    if qtype == "shape":
        if not isinstance(answer, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in answer
        ):
            raise fail("answer", "a shape answer must be a list of non-negative integers")
        return tuple(answer)
    if qtype == "choice":
        return _letters([answer], choices, fail)[0]
    if qtype == "multi":
        letters = list(answer) if isinstance(answer, str) else answer
        if not isinstance(letters, list) or not letters:
            raise fail("answer", "a multi answer must be a list of letters such as [A, C]")
        picked = _letters(letters, choices, fail)
        if len(set(picked)) != len(picked):
            raise fail("answer", "a multi answer lists a letter twice")
        return tuple(sorted(picked))
    if qtype == "text":
        accepted = _accepted_texts(answer, fail)
        if match == "regex":
            for pattern in (p for values in accepted.values() for p in values):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise fail("answer", f"invalid regex {pattern!r}: {exc}") from None
        return accepted
    return _text_value(answer, raw, "answer", path, raw.get("id"))


def _letters(values: list, choices: tuple[Text, ...], fail) -> list[str]:
    letters = []
    for value in values:
        if not isinstance(value, str) or len(value) != 1 or not value.isalpha():
            raise fail("answer", f"answer {value!r} must be a choice letter such as A")
        letter = value.upper()
        index = ord(letter) - ord("A")
        if not 0 <= index < len(choices):
            last = chr(ord("A") + len(choices) - 1)
            raise fail("answer", f"answer {letter} is out of range: choices are A..{last}")
        letters.append(letter)
    return letters


def _accepted_texts(answer: Any, fail) -> dict[str, tuple[str, ...]]:
    def strings(value: Any) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, (str, int, float)) for v in values):
            raise fail("answer", "a text answer must be a string or a list of strings")
        return tuple(str(v) for v in values)

    if isinstance(answer, dict):
        return {_language(lang, fail): strings(v) for lang, v in answer.items()}
    return {ANY_LANGUAGE: strings(answer)}


def _snippet(raw: dict, fail) -> SnippetRef | None:
    if "snippet" not in raw:
        return None
    value = raw["snippet"]
    args: dict[str, Any] = {}
    if isinstance(value, dict):
        extra = set(value) - {"name", "args"}
        if extra:
            raise fail("snippet", f"unknown key {sorted(extra)[0]!r} in 'snippet' (name, args)")
        args = value.get("args") or {}
        if not isinstance(args, dict) or not all(isinstance(k, str) for k in args):
            raise fail("snippet", "snippet 'args' must be a mapping of names to values")
        value = value.get("name")
    if not isinstance(value, str) or not _SNIPPET_NAME.match(value):
        raise fail(
            "snippet",
            f"snippet name {value!r} must be a file stem in the bank's snippets folder (no paths)",
        )
    return SnippetRef(value, dict(args))


def _params(raw: dict, fail) -> tuple[dict[str, list[Any]], tuple[dict[str, Any], ...]]:
    params: dict[str, list[Any]] = {}
    variants: tuple[dict[str, Any], ...] = ()
    if "params" in raw and "variants" in raw:
        raise fail("variants", "use either 'params' (a grid) or 'variants' (a list), not both")
    if "params" in raw:
        grid = raw["params"]
        if not isinstance(grid, dict) or not grid:
            raise fail("params", "'params' must map each name to a list of values")
        for name, values in grid.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise fail("params", f"param name {name!r} must be an identifier")
            if not isinstance(values, list) or not values:
                raise fail("params", f"param {name!r} needs a non-empty list of values")
            params[name] = list(values)
    if "variants" in raw:
        listed = raw["variants"]
        if not isinstance(listed, list) or not listed:
            raise fail("variants", "'variants' must be a non-empty list of mappings")
        for item in listed:
            if not isinstance(item, dict) or not item:
                raise fail("variants", "each variant must be a mapping of param values")
        variants = tuple(dict(v) for v in listed)
    return params, variants


def _text(raw: dict, key: str, path: Path, qid: str | None) -> Text:
    return _text_value(raw.get(key), raw, key, path, qid)


def _text_value(value: Any, raw: dict, key: str, path: Path, qid: str | None) -> Text:
    suffix = f" [{qid}]" if qid else ""
    where = f"{path}:{_line(raw, key)}"

    def fail(message: str) -> BankError:
        return BankError(f"{where}: {message}{suffix}")

    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value)
        if not text.strip():
            raise fail(f"'{key}' is empty")
        return {ANY_LANGUAGE: text}
    if isinstance(value, dict) and value:
        result = {}
        for lang, text in value.items():
            if not isinstance(lang, str) or not _LANG.match(lang):
                raise fail(f"'{key}' language {lang!r} must be a code such as en or zh")
            if not isinstance(text, (str, int, float)) or isinstance(text, bool):
                raise fail(f"'{key}' ({lang}) must be a string")
            result[lang] = str(text)
        return result
    raise fail(f"'{key}' must be a string or a map of language to string (en: ..., zh: ...)")


def _language(lang: Any, fail) -> str:
    if not isinstance(lang, str) or not _LANG.match(lang):
        raise fail("answer", f"language {lang!r} must be a code such as en or zh")
    return lang


def _string_list(raw: dict, key: str, path: Path, qid: str | None) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        suffix = f" [{qid}]" if qid else ""
        raise BankError(f"{path}:{_line(raw, key)}: '{key}' must be a list of strings{suffix}")
    return list(value)


def _refuse_unknown_keys(raw: dict, allowed: tuple[str, ...], path: Path, qid) -> None:
    for key in raw:
        if key not in allowed:
            near = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            suffix = f" [{qid}]" if qid else ""
            raise BankError(f"{path}:{_line(raw, key)}: unknown key {key!r}{hint}{suffix}")


def _line(raw: dict, key: Any) -> int:
    line = getattr(raw, "line", 0)
    return getattr(raw, "key_lines", {}).get(key, line) if key is not None else line


def iter_questions(catalog: Catalog, bank_ids: Iterable[str] | None = None) -> Iterator[Question]:
    """Questions in bank order, optionally only from some banks."""
    wanted = set(bank_ids) if bank_ids is not None else None
    for bank in catalog.banks:
        if wanted is None or bank.id in wanted:
            yield from bank.questions
