"""The bank format's rules: one parsed bank document -> a Bank and every problem in it.

Each problem is a Diagnostic with file, line, column, severity and the question id, so
`quiz check` can report them all at once like a compiler. The loader (catalog.py) uses the
same checks and refuses a file on its first error. Reading YAML is yamlsafe's; problems that
need more than one file (duplicate ids across banks, snippet files) are lint.py's.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quiz.bank import format
from quiz.model import (
    ANY_LANGUAGE,
    QUESTION_TYPES,
    Bank,
    Code,
    Diagnostic,
    Mistake,
    Outline,
    Question,
    QuestionList,
    SnippetRef,
    Text,
)
from quiz.schedule.answers import REGEX_SECONDS
from quiz.schedule.params import MAX_FORMAT_WIDTH, oversized_spec

ID_PATTERN = format.name_check(format.ID)
LANG_PATTERN = format.name_check(format.LANGUAGE)
SNIPPET_NAME_PATTERN = format.name_check(format.SNIPPET_NAME)
MISTAKE_FUNCTION_PATTERN = format.name_check(format.MISTAKE_FUNCTION)
# A regex quantifier, with its lazy `?` or possessive `+`; a `{` that starts none is a literal.
_QUANTIFIER = re.compile(r"(?:[*+?]|\{(\d*)(,(\d*))?\})[?+]?")

RawMapping = dict[Any, Any]
"""A YAML mapping as parsed (a yamlsafe.Located): its keys may be any scalar, not only str."""
Where = tuple[int, int]
"""A 1-based (line, column); (0, 0) when unknown."""
Grid = tuple[tuple[str, list[Any]], ...]
"""A question's `params`: each name with its values, in the bank's order."""
Variants = tuple[dict[str, Any], ...]
"""A question's explicit `variants`: each a mapping of param names to values."""


class _Invalid(Exception):
    """A field that cannot be used; its diagnostic is already recorded."""


@dataclass
class Report:
    """Collects the diagnostics of one file."""

    file: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    def add(self, where: Where, severity: str, message: str, qid: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(self.file, where[0], where[1], severity, message, qid))

    def error(self, where: tuple[int, int], message: str, qid: str | None = None) -> _Invalid:
        self.add(where, "error", message, qid)
        return _Invalid(message)

    def warning(self, where: tuple[int, int], message: str, qid: str | None = None) -> None:
        self.add(where, "warning", message, qid)


def position(raw: Any, key: Any = None, *, value: bool = False) -> tuple[int, int]:
    """Where a mapping (or one of its keys or values) starts; (0, 0) when unknown."""
    start = (getattr(raw, "line", 0), getattr(raw, "column", 0))
    if key is None:
        return start
    marks = getattr(raw, "value_marks" if value else "key_marks", {})
    found: Where = marks.get(key, start)
    return found


def item_position(items: Any, index: int) -> tuple[int, int]:
    marks = getattr(items, "item_marks", None)
    if marks and index < len(marks):
        found: Where = marks[index]
        return found
    return (getattr(items, "line", 0), getattr(items, "column", 0))


def plain(value: Any) -> Any:
    """A parsed YAML value without its position bookkeeping: plain dicts and lists, so a
    cached bank unpickles without importing the YAML reader."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def placeholders(template: str) -> set[str]:
    """The `{name}` fields a prompt template uses."""
    return {name for name, _ in _fields(template)}


def _fields(template: str) -> list[tuple[str, str]]:
    """(name, format spec) of each `{name:spec}` field in a template; none if it is not one."""
    try:
        return [
            (name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name
        ]
    except ValueError:
        return []


def nested_repeat(pattern: str) -> bool:
    """Whether a regex repeats a group that itself holds a repeat, as (a+)+ or (\\w+\\s?)*
    do: the shape that backtracks exponentially on a near miss.

    A scan of the pattern's text, not a parse (the parser's module is private): escapes and
    character classes are skipped, and `?`, `*?` or `{0,1}` do not count as repeating.
    """
    holds_repeat = [False]  # one entry per open group: whether a repeat is inside it
    last = None  # what a quantifier here applies to: None, "atom" or "repeating group"
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            last, index = "atom", index + 2
            continue
        if char == "[":
            last, index = "atom", _class_end(pattern, index)
            continue
        quantifier = _QUANTIFIER.match(pattern, index) if last is not None else None
        if quantifier:
            if _repeats(quantifier):
                if last == "repeating group":
                    return True
                holds_repeat[-1] = True
            last, index = None, quantifier.end()
            continue
        if char == "(":
            holds_repeat.append(False)
            last = None
        elif char == ")" and len(holds_repeat) > 1:
            inner = holds_repeat.pop()
            holds_repeat[-1] = holds_repeat[-1] or inner
            last = "repeating group" if inner else "atom"
        else:
            last = None if char == "|" else "atom"
        index += 1
    return False


def _repeats(quantifier: re.Match[str]) -> bool:
    """Whether a quantifier lets its atom match more than once."""
    text = quantifier.group()
    if text[0] in "*+":
        return True
    if text[0] == "?":
        return False
    low, comma, high = quantifier.group(1, 2, 3)
    if comma is None:
        high = low
    elif not high:
        return True
    return len(high.lstrip("0")) > 1 or high.lstrip("0") > "1"


def _class_end(pattern: str, start: int) -> int:
    """The index just past the character class that opens at `start`."""
    index = start + 1
    if pattern.startswith("^", index):
        index += 1
    if pattern.startswith("]", index):  # a `]` first is a literal
        index += 1
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index + 1


# -- a whole bank ---------------------------------------------------------------------------


def check_bank(
    path: Path, document: Any, *, builtin: bool, snippets_folder: Path
) -> tuple[Bank | None, Report]:
    """Validate one parsed bank file; the Bank holds its usable questions."""
    report = Report(path)
    if not isinstance(document, dict):
        report.error((1, 1), "a bank must be a mapping with a 'questions' list")
        return None, report
    _unknown_keys(document, format.BANK_KEYS, report, None)
    bank_id = document.get("bank", path.stem)
    if not isinstance(bank_id, str) or not ID_PATTERN.match(bank_id):
        report.error(position(document, "bank", value=True), "bank id must be a word like 'conv'")
        bank_id = path.stem
    title: Text = {ANY_LANGUAGE: bank_id}
    for key in ("title", "description"):
        if key in document:
            try:
                parsed = _text(document, key, report, None)
                title = parsed if key == "title" else title
            except _Invalid:
                pass
    try:
        tags = _strings_or_empty(document, "tags", report, None)
    except _Invalid:
        tags = []
    configured = document.get("snippets_dir")
    if "snippets_dir" in document and (not isinstance(configured, str) or not configured.strip()):
        report.error(
            position(document, "snippets_dir", value=True), "'snippets_dir' must be a path"
        )
        configured = None
    raw_questions = document.get("questions")
    if not isinstance(raw_questions, list):
        where = position(document, "questions", value="questions" in document)
        report.error(where, "'questions' must be a list of questions")
        return None, report
    questions: list[Question] = []
    first_line: dict[str, int] = {}
    outline = []
    for index, raw in enumerate(raw_questions):
        outline.append(_outline(path, raw, item_position(raw_questions, index)))
        question = _question(raw, item_position(raw_questions, index), bank_id, tags, report)
        if question is None:
            continue
        if question.id in first_line:
            report.error(
                position(raw, "id", value=True),
                f"duplicate question id, first defined at line {first_line[question.id]}",
                question.id,
            )
            continue
        first_line[question.id] = question.line
        questions.append(question)
    _language_coverage(document, raw_questions, report)
    bank = Bank(
        id=bank_id,
        title=title,
        path=path,
        questions=QuestionList(questions),
        snippets_dir=snippets_folder,
        snippets_config=configured,
        builtin=builtin,
        tags=tuple(tags),
        files=(path,),
        outline=tuple(outline),
    )
    return bank, report


def _outline(path: Path, raw: Any, where: tuple[int, int]) -> Outline:
    """The id and snippet a question mapping names, whatever else is wrong with it."""
    if not isinstance(raw, dict):
        return Outline(path, None, where[0])
    qid = raw.get("id")
    qid = qid if isinstance(qid, str) and ID_PATTERN.match(qid) else None
    line = position(raw)[0]
    value, at = raw.get("snippet"), position(raw, "snippet", value=True)
    if isinstance(value, dict):
        value, at = value.get("name"), position(value, "name", value=True)
    if not isinstance(value, str) or not SNIPPET_NAME_PATTERN.match(value):
        return Outline(path, qid, line)
    listed = raw.get("mistakes")
    functions = tuple(
        (item["function"], position(item, "function", value=True))
        for item in (listed if isinstance(listed, list) else [])
        if isinstance(item, dict)
        and isinstance(item.get("function"), str)
        and MISTAKE_FUNCTION_PATTERN.match(item["function"])
    )
    if raw.get("type") == "code":
        # The reference, and the generator of its random cases.
        functions += (("answer", at),)
        if raw.get("random_cases"):
            functions += (("random_case", position(raw, "random_cases", value=True)),)
    return Outline(path, qid, line, value, at, functions)


def _language_coverage(document: RawMapping, raw_questions: list[Any], report: Report) -> None:
    """Warn where a text map lacks a language that the rest of the bank has."""
    fields: list[tuple[Any, Any, str | None]] = []
    for key in ("title", "description"):
        fields.append((document, key, None))
    for raw in raw_questions:
        if isinstance(raw, dict):
            qid = raw.get("id") if isinstance(raw.get("id"), str) else None
            for key in ("prompt", "explanation", "answer"):
                fields.append((raw, key, qid))
            listed = raw.get("mistakes")
            for item in listed if isinstance(listed, list) else []:
                if isinstance(item, dict):
                    fields.append((item, "explain", qid))
    maps = [(raw, key, qid) for raw, key, qid in fields if isinstance(raw.get(key), dict)]
    languages: set[str] = set()
    for raw, key, _ in maps:
        languages |= {lang for lang in raw[key] if isinstance(lang, str)}
    for raw, key, qid in maps:
        if key == "answer" and raw.get("type") != "open":
            continue
        missing = sorted(languages - set(raw[key]))
        for lang in missing:
            report.warning(
                position(raw, key, value=True),
                f"'{key}' has no '{lang}' text, which the rest of the bank has",
                qid,
            )


# -- one question ---------------------------------------------------------------------------


def _question(
    raw: Any, where: tuple[int, int], bank_id: str, bank_tags: list[str], report: Report
) -> Question | None:
    if not isinstance(raw, dict):
        report.error(where, "each question must be a mapping (id: ..., type: ..., prompt: ...)")
        return None
    errors_before = report.errors
    qid = raw.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        report.error(
            position(raw, "id", value="id" in raw),
            "question needs an 'id' made of letters, digits, '-', '_' or '.'",
        )
        qid = None
    _unknown_keys(raw, format.QUESTION_KEYS, report, qid)
    values: dict[str, Any] = {}

    def check(name: str, compute: Callable[[], Any]) -> None:
        try:
            values[name] = compute()
        except _Invalid:
            values[name] = _Invalid

    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        where_type = position(raw, "type", value="type" in raw) if "type" in raw else position(raw)
        report.error(where_type, f"'type' must be one of {', '.join(QUESTION_TYPES)}", qid)
        qtype = None
    executable = qtype in format.EXECUTABLE_TYPES
    for key in ("prompt",) if executable else ("prompt", "answer"):
        if key not in raw:
            what = "the model answer" if key == "answer" and qtype == "open" else None
            report.error(position(raw), f"missing '{key}'" + (f" ({what})" if what else ""), qid)
    check("prompt", lambda: _text(raw, "prompt", report, qid) if "prompt" in raw else {})
    check(
        "explanation",
        lambda: _text(raw, "explanation", report, qid) if "explanation" in raw else {},
    )
    check("choices", lambda: _choices(raw, qtype, report, qid))
    check("shuffle", lambda: _shuffle(raw, qtype, report, qid))
    for key in ("tolerance", "rel_tol"):
        check(key, functools.partial(_tolerance, raw, key, qtype, report, qid))
    check("match", lambda: _match(raw, qtype, report, qid))
    check("snippet", lambda: _snippet(raw, report, qid))
    check("params", lambda: _params(raw, report, qid))
    check("tags", lambda: _strings_or_empty(raw, "tags", report, qid))
    check("renamed_from", lambda: _renamed_from(raw, report, qid))
    check("examples", lambda: _examples(raw, qtype, report, qid))
    check("mistakes", lambda: _mistakes(raw, qtype, values.get("snippet"), report, qid))
    check("code", lambda: _code(raw, qtype, values, report, qid))
    if executable:
        # The snippet computes a code question's key, and the block's run a predict's.
        values["answer"] = None if qtype == "code" else "snippet"
    elif qtype is not None and "answer" in raw and _usable(values, "choices", "match", "snippet"):
        check("answer", lambda: _answer(raw, qtype, values, report, qid))
    if _usable(values, "prompt", "params", "code") and values["params"] != ((), ()):
        block = values["code"].block if qtype == "predict" and values["code"] else None
        _placeholders(raw, values["prompt"], values["params"], report, qid, block)
    if qtype in format.CHOICE_TYPES and _usable(values, "explanation", "choices", "shuffle"):
        if values["shuffle"]:
            _letter_citations(raw, values["explanation"], len(values["choices"]), report, qid)
    if qtype == "text" and _usable(values, "answer", "match") and values["match"] == "exact":
        _single_accepted(raw, values["answer"], report, qid)
    if report.errors > errors_before or qid is None or qtype is None:
        return None
    grid, variants = values["params"]
    question = Question(
        id=qid,
        type=qtype,
        prompt=values["prompt"],
        answer=values["answer"],
        bank=bank_id,
        file=report.file,
        line=position(raw)[0],
        explanation=values["explanation"],
        choices=values["choices"],
        shuffle=values["shuffle"],
        wrong_answers=values["examples"].get("wrong", ()) if values["examples"] else (),
        tolerance=values["tolerance"],
        rel_tol=values["rel_tol"],
        match=values["match"],
        params=dict(grid),
        variants=variants,
        snippet=values["snippet"],
        tags=tuple(dict.fromkeys([*bank_tags, *values["tags"]])),
        renamed_from=values["renamed_from"],
        content_hash=content_hash(
            qtype, values["prompt"], _hashed_answer(values), values["choices"]
        ),
        code=values["code"],
    )
    if values["mistakes"]:
        question = replace(question, mistakes=_mistake_values(question, values["mistakes"], report))
    if values["examples"]:
        _judge_examples(raw, question, values["examples"], report)
    if report.errors > errors_before:
        return None
    return question


MISTAKE_FORM = "(name, explain, and a value or a function)"


def _mistakes(
    raw: RawMapping, qtype: str | None, snippet: Any, report: Report, qid: str | None
) -> list[tuple[Mistake, RawMapping]]:
    """`mistakes:` as written, each with its mapping; fixed values are checked once the
    question is built (_mistake_values), against its type, choices and key."""
    if "mistakes" not in raw:
        return []
    listed = raw["mistakes"]
    if qtype == "open":
        raise report.error(
            position(raw, "mistakes"), "'mistakes' are for judged questions, not open ones", qid
        )
    if not isinstance(listed, list) or not listed:
        raise report.error(
            position(raw, "mistakes", value=True),
            f"'mistakes' must be a list of mappings {MISTAKE_FORM}",
            qid,
        )
    found: list[tuple[Mistake, RawMapping]] = []
    first_line: dict[str, int] = {}
    failed = False
    for index, item in enumerate(listed):
        try:
            mistake = _mistake(item, item_position(listed, index), snippet, report, qid)
        except _Invalid:
            failed = True
            continue
        if mistake.name in first_line:
            report.error(
                position(item, "name", value=True),
                f"mistake name {mistake.name!r} is used twice (first at line"
                f" {first_line[mistake.name]})",
                qid,
            )
            failed = True
            continue
        first_line[mistake.name] = position(item, "name", value=True)[0]
        found.append((mistake, item))
    if failed:
        raise _Invalid("mistakes")
    return found


def _mistake(item: Any, where: Where, snippet: Any, report: Report, qid: str | None) -> Mistake:
    if not isinstance(item, dict):
        raise report.error(where, f"each mistake must be a mapping {MISTAKE_FORM}", qid)
    extra = [key for key in item if key not in format.MISTAKE_KEYS]
    if extra:
        raise report.error(
            position(item, extra[0]),
            f"unknown key {extra[0]!r} in a mistake ({', '.join(format.MISTAKE_KEYS)})",
            qid,
        )
    name = item.get("name")
    if not isinstance(name, str) or not ID_PATTERN.match(name):
        raise report.error(
            position(item, "name", value=True) if "name" in item else position(item),
            "a mistake needs a 'name' made of letters, digits, '-', '_' or '.'",
            qid,
        )
    if "explain" not in item:
        raise report.error(
            position(item), f"mistake {name!r} needs an 'explain': why students give it", qid
        )
    explain = _text_value(
        item["explain"], position(item, "explain", value=True), "explain", report, qid
    )
    if "value" in item and "function" in item:
        raise report.error(
            position(item, "function"),
            f"mistake {name!r} has both a 'value' and a 'function': give one",
            qid,
        )
    if "function" not in item:
        if "value" not in item or item["value"] is None:
            raise report.error(
                position(item, "value", value=True) if "value" in item else position(item),
                f"mistake {name!r} needs a 'value' or a 'function' that computes it",
                qid,
            )
        return Mistake(name, explain, plain(item["value"]))
    function = item["function"]
    at = position(item, "function", value=True)
    if not isinstance(function, str) or not MISTAKE_FUNCTION_PATTERN.match(function):
        raise report.error(
            at,
            f"mistake function {function!r} must be named mistake_… (letters, digits, '_'):"
            " no other function of a snippet is called",
            qid,
        )
    if snippet is None:
        raise report.error(
            at, f"mistake {name!r}: a 'function' needs the question's 'snippet' to run in", qid
        )
    return Mistake(name, explain, function=function)


def _mistake_values(
    question: Question, written: list[tuple[Mistake, RawMapping]], report: Report
) -> tuple[Mistake, ...]:
    """The mistakes with their fixed values read as the judge compares them: each must fit
    the question's type, and none may be a fixed key itself."""
    from quiz.schedule import answers

    mistakes = []
    for mistake, item in written:
        if mistake.function is not None:
            mistakes.append(mistake)
            continue
        where = position(item, "value", value=True)
        try:
            value = answers.mistake_value(question, mistake.value)
        except ValueError as exc:
            report.error(where, f"mistake {mistake.name!r}: {exc}", question.id)
            continue
        if not question.key_from_snippet and answers.mistake_is_key(
            question, question.answer, value
        ):
            import json

            shown = json.dumps(mistake.value, ensure_ascii=False)
            report.error(
                where,
                f"mistake {mistake.name!r} has the value {shown}, which is judged right:"
                " a mistake must be a wrong answer",
                question.id,
            )
            continue
        mistakes.append(replace(mistake, value=value))
    return tuple(mistakes)


def _single_accepted(raw: RawMapping, key: Any, report: Report, qid: str | None) -> None:
    """A text key with one accepted string marks right only that spelling of it."""
    if isinstance(key, dict) and sum(len(values) for values in key.values()) == 1:
        report.warning(
            position(raw, "answer", value=True),
            "a text question with a single accepted answer: list the variants students"
            " write (synonyms, the abbreviation, each language)",
            qid,
        )


def _examples(
    raw: RawMapping, qtype: str | None, report: Report, qid: str | None
) -> dict[str, tuple[str, ...]]:
    """`examples: {right: [...], wrong: [...]}`, as written; judged once the question is."""
    if "examples" not in raw:
        return {}
    value = raw["examples"]
    where = position(raw, "examples", value=True)
    if qtype == "open":
        raise report.error(where, "'examples' are for judged questions, not open ones", qid)
    if raw.get("answer") == "snippet" or "params" in raw or "variants" in raw:
        raise report.error(
            where,
            "'examples' need a fixed key: not a parametric one or one a snippet computes",
            qid,
        )
    if not isinstance(value, dict) or not set(value) <= set(format.EXAMPLE_KINDS):
        raise report.error(
            where, "'examples' must be a mapping with 'right' and 'wrong' lists", qid
        )
    examples = {}
    for kind in format.EXAMPLE_KINDS:
        items = value.get(kind, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise report.error(
                position(value, kind, value=True),
                f"examples '{kind}' must be a list of strings",
                qid,
            )
        examples[kind] = tuple(items)
    return examples


def _judge_examples(
    raw: RawMapping, question: Question, examples: dict[str, tuple[str, ...]], report: Report
) -> None:
    """Each example judged as the review would: a right one that is not right, or a wrong one
    judged right or probably right, is an error at the example itself."""
    from quiz.schedule import answers

    for kind in format.EXAMPLE_KINDS:
        items = raw["examples"].get(kind, [])
        for index, typed in enumerate(examples[kind]):
            try:
                judgement = answers.judge(question, question.answer, typed)
            except answers.Unparseable as exc:
                verdict = f"unreadable ({exc})"
            else:
                verdict = (
                    "right"
                    if judgement.correct
                    else "probably right"
                    if judgement.unsure
                    else "wrong"
                )
            # A wrong example may be unreadable: the review asks again, and grades nothing.
            # One that holds the key's term is wrong by being listed, never "probably right".
            failed = verdict != "right" if kind == "right" else verdict == "right"
            if failed:
                report.error(
                    item_position(items, index),
                    f"example {typed!r} is listed as {kind}, but the judge says {verdict}",
                    question.id,
                )


def content_hash(qtype: str, prompt: Text, answer: Any, choices: tuple[Text, ...]) -> str:
    """Changes when the question a student sees, or its key, changes; not for tags or typos
    in the explanation."""
    import hashlib
    import json

    canonical = json.dumps(
        [qtype, prompt, answer, list(choices)], sort_keys=True, default=list, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _usable(values: dict[str, Any], *names: str) -> bool:
    return all(values.get(name) is not _Invalid for name in names)


def _choices(
    raw: RawMapping, qtype: str | None, report: Report, qid: str | None
) -> tuple[Text, ...]:
    if qtype not in format.CHOICE_TYPES:
        if "choices" in raw and qtype is not None:
            raise report.error(
                position(raw, "choices"),
                f"'choices' only belongs to choice and multi questions, not {qtype}",
                qid,
            )
        return ()
    items = raw.get("choices")
    if not isinstance(items, list) or len(items) < 2:
        where = position(raw, "choices", value=True) if "choices" in raw else position(raw)
        raise report.error(where, f"a {qtype} question needs 'choices': a list of 2 or more", qid)
    choices = []
    seen: dict[str, int] = {}
    failed = False
    for index, item in enumerate(items):
        try:
            text = _text_value(item, item_position(items, index), "choices", report, qid)
        except _Invalid:
            failed = True
            continue
        shown = " ".join(str(v) for v in text.values()).casefold()
        letter = chr(65 + index)
        if shown in seen:
            # Reported, but the choices still count: the answer's letters are checked
            # against them in the same run, not on the next one.
            report.error(
                item_position(items, index),
                f"choice {letter} repeats choice {chr(65 + seen[shown])}",
                qid,
            )
        seen.setdefault(shown, index)
        choices.append(text)
    if failed:
        raise _Invalid("choices")
    return tuple(choices)


def _shuffle(raw: RawMapping, qtype: str | None, report: Report, qid: str | None) -> bool:
    if "shuffle" not in raw:
        return True
    if qtype is not None and qtype not in format.CHOICE_TYPES:
        raise report.error(
            position(raw, "shuffle"),
            f"'shuffle' only belongs to choice and multi questions, not {qtype}",
            qid,
        )
    value = raw["shuffle"]
    if not isinstance(value, bool):
        raise report.error(
            position(raw, "shuffle", value=True), "'shuffle' must be true or false", qid
        )
    return value


def _letter_citations(
    raw: RawMapping, explanation: Text, choices: int, report: Report, qid: str | None
) -> None:
    """Warn where the explanation of a shuffled question names a choice by its letter: the
    student saw that choice under another letter."""
    source = raw.get("explanation")
    for lang, text in explanation.items():
        found = cited_letter(text, choices)
        if found is None:
            continue
        where = "" if lang == ANY_LANGUAGE else f" ({lang})"
        spot = position(source, lang, value=True) if isinstance(source, dict) else None
        report.warning(
            spot or position(raw, "explanation", value=True),
            f"explanation{where} cites a choice by its letter ({found!r}), but the choices"
            " are shown shuffled: name the choice instead, or set 'shuffle: false'",
            qid,
        )


def cited_letter(text: str, choices: int) -> str | None:
    """The first place where `text` refers to a choice by its letter ("(B)", "B)", "B:",
    "option B", "B is wrong", "选项B", "B 项", "B 错"), None if it does not.

    Only letters of the question's choices count, and only where they stand alone: "A100",
    "ReLU", "B/s", "f(A)", "(N, C)" and an article such as "A larger batch" are no citations.
    """
    for match in _citation_pattern(choices).finditer(text):
        if match.group("closing") and _inside_parentheses(text[: match.start()]):
            continue  # the last item of a tuple such as (N, C)
        return match.group().strip()
    return None


@functools.lru_cache(maxsize=32)
def _citation_pattern(choices: int) -> re.Pattern[str]:
    letter = f"[A-{chr(64 + max(1, min(choices, 26)))}]"
    alone = r"(?<![A-Za-z0-9_])"  # CJK text may touch the letter: 选项B
    after = r"(?![A-Za-z0-9_])"
    forms = [
        rf"{alone}[(（]{letter}[)）]",  # (B)
        rf"(?P<closing>{alone}(?<![(（\[.]){letter}[)）])",  # B) 0.25
        rf"{alone}(?<![\[.'’-]){letter}[:：](?![:/\\])",  # B: ...
        rf"\b(?i:options?|choices?|answers?|letters?)\s+(?:(?:is|are|was)\s+)?[(（]?{letter}"
        r"(?:[)）]|(?![A-Za-z0-9_]|/[a-z]))",  # option B, answer is B; not "answer B/s"
        rf"{alone}{letter}\s+(?:is|are)\s+(?:(?:also|both)\s+)?"
        r"(?:wrong|right|correct|incorrect|false|true|backwards|reversed|the opposite)\b",
        rf"(?:选项|选择|选|答案(?:是|为)?)\s*[(（]?{letter}{after}",  # 选项B, 选 B, 答案是 B
        rf"{alone}{letter}\s*(?:项|也?(?:错|正确|不对|不正确|说反))",  # B 项, B 错
    ]
    return re.compile("|".join(f"(?:{form})" for form in forms))


def _inside_parentheses(before: str) -> bool:
    opened = before.count("(") + before.count("（")
    return opened > before.count(")") + before.count("）")


def _tolerance(
    raw: RawMapping, key: str, qtype: str | None, report: Report, qid: str | None
) -> float | None:
    if key not in raw:
        return None
    if qtype is not None and qtype not in format.TOLERANCE_TYPES:
        raise report.error(
            position(raw, key), f"'{key}' only belongs to numeric, code and predict questions", qid
        )
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise report.error(
            position(raw, key, value=True), f"'{key}' must be a number of 0 or more", qid
        )
    if not _finite(value):
        raise report.error(position(raw, key, value=True), f"'{key}' must be finite", qid)
    return value


def _finite(number: float) -> bool:
    """Whether a number compares as a float does: not .inf, nor an int past float's range."""
    try:
        return math.isfinite(float(number))
    except OverflowError:
        return False


def _match(raw: RawMapping, qtype: str | None, report: Report, qid: str | None) -> str:
    match = raw.get("match", "exact")
    if "match" in raw and qtype is not None and qtype != "text":
        raise report.error(position(raw, "match"), "'match' only belongs to text questions", qid)
    if not isinstance(match, str) or match not in ("exact", "regex"):
        raise report.error(
            position(raw, "match", value=True), "'match' must be 'exact' or 'regex'", qid
        )
    return match


def _snippet(raw: RawMapping, report: Report, qid: str | None) -> SnippetRef | None:
    if "snippet" not in raw:
        return None
    value = raw["snippet"]
    where = position(raw, "snippet", value=True)
    args: dict[str, Any] = {}
    if isinstance(value, dict):
        extra = sorted(str(k) for k in set(value) - {"name", "args"})
        if extra:
            raise report.error(
                position(value, extra[0]),
                f"unknown key {extra[0]!r} in 'snippet' (name, args)",
                qid,
            )
        args = value.get("args", {})
        if not isinstance(args, dict) or not all(isinstance(k, str) for k in args):
            raise report.error(
                position(value, "args", value=True),
                "snippet 'args' must be a mapping of names to values",
                qid,
            )
        where = position(value, "name", value=True)
        value = value.get("name")
    if not isinstance(value, str) or not SNIPPET_NAME_PATTERN.match(value):
        raise report.error(
            where,
            f"snippet name {value!r} must be a file stem in the bank's snippets folder (no paths)",
            qid,
        )
    return SnippetRef(value, plain(args))


def _params(raw: RawMapping, report: Report, qid: str | None) -> tuple[Grid, Variants]:
    """(grid items, explicit variants); both empty for a fixed question."""
    grid: list[tuple[str, list[Any]]] = []
    variants: Variants = ()
    if "params" in raw and "variants" in raw:
        raise report.error(
            position(raw, "variants"),
            "use either 'params' (a grid) or 'variants' (a list), not both",
            qid,
        )
    if "params" in raw:
        table = raw["params"]
        if not isinstance(table, dict) or not table:
            raise report.error(
                position(raw, "params", value=True),
                "'params' must map each name to a list of values",
                qid,
            )
        failed = False
        for name, values in table.items():
            if not isinstance(name, str) or not name.isidentifier():
                report.error(
                    position(table, name), f"param name {name!r} must be an identifier", qid
                )
                failed = True
            elif not isinstance(values, list) or not values:
                report.error(
                    position(table, name, value=True),
                    f"param {name!r} needs a non-empty list of values",
                    qid,
                )
                failed = True
            else:
                grid.append((name, plain(values)))
        if failed:
            raise _Invalid("params")
        count = math.prod(len(values) for _, values in grid)
        if count > format.MAX_VARIANTS:
            raise report.error(position(raw, "params"), _too_many(count), qid)
        if count > format.MAX_CHECKABLE_VARIANTS:
            report.warning(
                position(raw, "params"),
                f"{count:,} variants are too many to prove with `quiz check --run`"
                f" (over {format.MAX_CHECKABLE_VARIANTS:,}); narrow the grid",
                qid,
            )
    if "variants" in raw:
        listed = raw["variants"]
        if not isinstance(listed, list) or not listed:
            raise report.error(
                position(raw, "variants", value=True),
                "'variants' must be a non-empty list of mappings",
                qid,
            )
        if len(listed) > format.MAX_VARIANTS:
            raise report.error(position(raw, "variants"), _too_many(len(listed)), qid)
        for index, item in enumerate(listed):
            if not isinstance(item, dict) or not item:
                raise report.error(
                    item_position(listed, index),
                    "each variant must be a mapping of param values",
                    qid,
                )
            for name in item:
                if not isinstance(name, str) or not name.isidentifier():
                    raise report.error(
                        position(item, name), f"param name {name!r} must be an identifier", qid
                    )
        variants = tuple(plain(v) for v in listed)
    return tuple(grid), variants


def _too_many(count: int) -> str:
    # A grid of 20,000 two-valued params has a count of 6,000 digits, more than str() of an
    # int may print.
    shown = f"{count:,}" if count < 10**30 else f"about 10^{math.floor(math.log10(count))}"
    return f"{shown} variants: a question may have at most {format.MAX_VARIANTS:,}; narrow the grid"


def _placeholders(
    raw: RawMapping,
    prompt: Text,
    parametric: tuple[Grid, Variants],
    report: Report,
    qid: str | None,
    block: str | None = None,
) -> None:
    grid, variants = parametric
    names = {name for name, _ in grid} or set().union(*(v.keys() for v in variants))
    # A predict block shows its params' values where it names them, as `{name}`.
    used: set[str] = {name for name in names if block and "{" + name + "}" in block}
    for lang, template in prompt.items():
        fields = placeholders(template)
        used |= fields
        unknown = fields - names
        where = "" if lang == ANY_LANGUAGE else f" ({lang})"
        source = raw["prompt"]
        spot = position(source, lang, value=True) if isinstance(source, dict) else None
        spot = spot or position(raw, "prompt", value=True)
        if unknown:
            report.error(
                spot, f"prompt{where} uses {{{sorted(unknown)[0]}}}, which is not a param", qid
            )
        for name, spec in _fields(template):
            if oversized_spec(spec):
                field = f"{{{name}:{spec}}}" if len(spec) <= 40 else f"{{{name}:{spec[:39]}…}}"
                report.error(
                    spot,
                    f"prompt{where} formats {field}, more than {MAX_FORMAT_WIDTH}"
                    " characters wide: refused",
                    qid,
                )
    for name in sorted(names - used):
        # A value the student never sees still changes the key: nobody could answer it.
        report.error(
            position(raw, "params" if grid else "variants"),
            f"param {name!r} is never used in the prompt",
            qid,
        )


# -- code and predict questions -------------------------------------------------------------


def _code(
    raw: RawMapping, qtype: str | None, values: dict[str, Any], report: Report, qid: str | None
) -> Code | None:
    """A code question's starter, cases and wrong solutions, or a predict question's block;
    None for the other types, which may have none of them."""
    if qtype not in format.EXECUTABLE_TYPES:
        for key in (*format.CODE_KEYS, *format.PREDICT_KEYS):
            if key in raw and qtype is not None:
                owner = "code" if key in format.CODE_KEYS else "predict"
                report.error(position(raw, key), f"'{key}' only belongs to {owner} questions", qid)
        return None
    failed = False
    for key in format.NOT_FOR_EXECUTABLE:
        if key in raw:
            why = {
                "answer": "its key is what the code does when it runs",
                "examples": "list wrong solutions under 'wrong'" if qtype == "code" else None,
            }.get(key)
            report.error(
                position(raw, key),
                f"a {qtype} question has no '{key}'" + (f": {why}" if why else ""),
                qid,
            )
            failed = True
    other = format.PREDICT_KEYS if qtype == "code" else format.CODE_KEYS
    for key in other:
        if key in raw and key not in format.NOT_FOR_EXECUTABLE:
            report.error(position(raw, key), f"'{key}' does not belong to {qtype} questions", qid)
            failed = True
    if qtype == "code":
        code = _code_question(raw, values, report, qid)
    else:
        code = _predict_question(raw, values, report, qid)
    if failed:
        raise _Invalid("code")
    return code


def _code_question(
    raw: RawMapping, values: dict[str, Any], report: Report, qid: str | None
) -> Code:
    if "params" in raw or "variants" in raw:
        raise report.error(
            position(raw, "params" if "params" in raw else "variants"),
            "a code question draws its inputs from 'cases', not 'params'",
            qid,
        )
    if "snippet" not in raw:
        raise report.error(
            position(raw),
            "missing 'snippet': a code question's answer() is the reference the student's"
            " function is checked against",
            qid,
        )
    if "starter" not in raw:
        raise report.error(
            position(raw), "missing 'starter' (the signature and docstring to write)", qid
        )
    starter, function, takes = _starter(raw, report, qid)
    cases = _cases(raw, report, qid)
    for index, case in enumerate(cases):
        unknown = sorted(set(case) - takes) if takes is not None else []
        if unknown:
            raise report.error(
                item_position(raw["cases"], index),
                f"case {index + 1} gives {unknown[0]!r}, which {function}() does not take",
                qid,
            )
    random_cases = raw.get("random_cases", 0)
    if (
        isinstance(random_cases, bool)
        or not isinstance(random_cases, int)
        or not (0 <= random_cases <= format.MAX_CASES)
    ):
        raise report.error(
            position(raw, "random_cases", value=True),
            f"'random_cases' must be a whole number from 0 to {format.MAX_CASES}",
            qid,
        )
    if not cases and not random_cases:
        raise report.error(
            position(raw),
            "a code question needs 'cases' or 'random_cases': nothing checks the answer",
            qid,
        )
    if len(cases) + random_cases > format.MAX_CASES:
        raise report.error(
            position(raw, "cases"), f"more than {format.MAX_CASES} cases in all", qid
        )
    wrong = _wrong(raw, function, report, qid)
    return Code(starter, function, cases, random_cases, wrong)


def _starter(raw: RawMapping, report: Report, qid: str | None) -> tuple[str, str, set[str] | None]:
    """The starter, the name of the function it begins (which the student writes) and the
    arguments it takes by name (None: any, it has **kwargs)."""
    import ast

    starter = raw["starter"]
    where = position(raw, "starter", value=True)
    if not isinstance(starter, str) or not starter.strip():
        raise report.error(where, "'starter' must be code: the function's def and docstring", qid)
    try:
        try:
            tree = ast.parse(starter)
        except SyntaxError:
            # A def line alone (and comments) is a starter too: the student writes the body.
            tree = ast.parse(starter.rstrip() + "\n    ...\n")
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or 1
        raise report.error(
            (where[0] + line, where[1]),
            f"'starter' does not parse as Python at its line {line}: {_reason(exc)}",
            qid,
        ) from None
    defined = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if not defined:
        raise report.error(where, "'starter' must begin the function with its def line", qid)
    arguments = defined[0].args
    named = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
    takes = (
        None if arguments.kwarg else {a.arg for a in named} - {a.arg for a in arguments.posonlyargs}
    )
    return starter, defined[0].name, takes


def _reason(exc: BaseException) -> str:
    return exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)


def _cases(raw: RawMapping, report: Report, qid: str | None) -> tuple[dict[str, Any], ...]:
    if "cases" not in raw:
        return ()
    listed = raw["cases"]
    if not isinstance(listed, list) or not listed:
        raise report.error(
            position(raw, "cases", value=True),
            "'cases' must be a list of mappings, each the function's arguments by name",
            qid,
        )
    for index, item in enumerate(listed):
        if not isinstance(item, dict) or not all(
            isinstance(name, str) and name.isidentifier() for name in item
        ):
            raise report.error(
                item_position(listed, index),
                "each case must map the function's argument names to values",
                qid,
            )
    return tuple(plain(item) for item in listed)


def _wrong(
    raw: RawMapping, function: str, report: Report, qid: str | None
) -> tuple[tuple[str, int], ...]:
    """`wrong:` solutions, each parsed and defining the function."""
    import ast

    if "wrong" not in raw:
        return ()
    listed = raw["wrong"]
    if not isinstance(listed, list) or not listed:
        raise report.error(
            position(raw, "wrong", value=True),
            "'wrong' must be a list of solutions (code) that some case must fail",
            qid,
        )
    found = []
    for index, item in enumerate(listed):
        where = item_position(listed, index)
        if not isinstance(item, str) or not item.strip():
            raise report.error(where, "each 'wrong' solution must be code", qid)
        try:
            tree = ast.parse(item)
        except (SyntaxError, ValueError) as exc:
            raise report.error(
                where, f"wrong solution {index + 1} does not parse: {_reason(exc)}", qid
            ) from None
        if not any(isinstance(n, ast.FunctionDef) and n.name == function for n in tree.body):
            raise report.error(
                where, f"wrong solution {index + 1} defines no function {function}()", qid
            )
        found.append((item, where[0]))
    return tuple(found)


def _predict_question(
    raw: RawMapping, values: dict[str, Any], report: Report, qid: str | None
) -> Code:
    import ast

    has_block, has_snippet = "code" in raw, "snippet" in raw
    if has_block == has_snippet:
        raise report.error(
            position(raw),
            "a predict question shows 'code' (inline) or a 'snippet' (its whole file), one of"
            " the two",
            qid,
        )
    if has_snippet and isinstance(raw["snippet"], dict) and raw["snippet"].get("args"):
        raise report.error(
            position(raw, "snippet", value=True),
            "a predict snippet runs as a script: it takes no 'args' (use 'params')",
            qid,
        )
    _numeric_params(raw, report, qid)
    table = raw.get("params")
    if isinstance(table, dict) and "device" in table:
        raise report.error(
            position(table, "device"),
            "'device' is the device a predict block runs on, not a param of its own",
            qid,
        )
    if not has_block:
        return Code()
    block = raw["code"]
    where = position(raw, "code", value=True)
    if not isinstance(block, str) or not block.strip():
        raise report.error(where, "'code' must be the Python code the student reads", qid)
    try:
        ast.parse(re.sub(r"\{[A-Za-z_][A-Za-z0-9_]*\}", "0", block))
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or 1
        raise report.error(
            (where[0] + line, where[1]),
            f"'code' does not parse as Python at its line {line}: {_reason(exc)}",
            qid,
        ) from None
    return Code(block=block, block_line=where[0])


def _numeric_params(raw: RawMapping, report: Report, qid: str | None) -> None:
    """A predict block's params become literals in its code: numbers only, so that no value
    a bank writes can turn into code."""
    table, listed = raw.get("params"), raw.get("variants")
    found: list[tuple[Any, str, Any]] = []
    if isinstance(table, dict):
        found += [(table, n, v) for n, vs in table.items() if isinstance(vs, list) for v in vs]
    for item in listed if isinstance(listed, list) else []:
        found += [(item, n, v) for n, v in item.items()] if isinstance(item, dict) else []
    for mapping, name, value in found:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
            raise report.error(
                position(mapping, name, value=True),
                f"param {name!r} of a predict question must be numbers: its values are"
                " written into the code",
                qid,
            )


def _hashed_answer(values: dict[str, Any]) -> Any:
    """What the content hash covers as the key: the code a student reads and is judged by."""
    code = values.get("code")
    if not isinstance(code, Code):
        return values["answer"]
    return [code.starter, list(code.cases), code.random_cases, code.block]


def _answer(
    raw: RawMapping, qtype: str, values: dict[str, Any], report: Report, qid: str | None
) -> Any:
    answer = raw["answer"]
    where = position(raw, "answer", value=True)
    if answer == "snippet" and qtype == "multi":
        raise report.error(
            where, "'answer: snippet' works for numeric, shape, choice and text questions", qid
        )
    if answer == "snippet" and qtype in format.SNIPPET_KEY_TYPES:
        if values["snippet"] is None:
            raise report.error(where, "'answer: snippet' needs a 'snippet' to compute the key", qid)
        return answer
    if qtype == "numeric":
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            raise report.error(where, "a numeric answer must be a number (or 'snippet')", qid)
        if not _finite(answer):
            raise report.error(where, f"a numeric answer must be finite, not {answer!r}", qid)
        return answer
    if qtype == "shape":
        if not isinstance(answer, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in answer
        ):
            raise report.error(where, "a shape answer must be a list of non-negative integers", qid)
        return tuple(answer)
    choices = values["choices"]
    if qtype == "choice":
        return _letters([answer], None, choices, where, report, qid)[0]
    if qtype == "multi":
        letters = list(answer) if isinstance(answer, str) else answer
        if not isinstance(letters, list) or not letters:
            raise report.error(
                where, "a multi answer must be a list of letters such as [A, C]", qid
            )
        picked = _letters(
            letters, answer if isinstance(answer, list) else None, choices, where, report, qid
        )
        if len(set(picked)) != len(picked):
            raise report.error(where, "a multi answer lists a letter twice", qid)
        if len(picked) == 1:
            report.warning(
                where, "a multi question with one right answer reads better as a choice", qid
            )
        return tuple(sorted(picked))
    if qtype == "text":
        accepted = _accepted_texts(answer, where, report, qid)
        if values["match"] == "regex":
            for pattern in (p for strings in accepted.values() for p in strings):
                shown = repr(pattern if len(pattern) <= 60 else pattern[:59] + "…")
                problem = _regex_problem(pattern)
                if problem:
                    raise report.error(where, f"invalid regex {shown}: {problem}", qid)
                if nested_repeat(pattern):
                    report.warning(
                        where,
                        f"regex {shown} repeats a group that repeats itself, which can"
                        " backtrack for ages on a wrong answer (a match is given up, as no"
                        f" match, after {REGEX_SECONDS} s); write it without the nesting",
                        qid,
                    )
        return accepted
    return _text_value(answer, where, "answer", report, qid)


def _regex_problem(pattern: str) -> str | None:
    """Why `pattern` does not compile; None when it does."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    except (ValueError, OverflowError):  # int() of a repeat count past 4,300 digits
        return "a repeat count too large to read"
    except RecursionError:  # the parser recurses once per group
        return "nested too deep"
    return None


def _letters(
    values: list[Any],
    items: Any,
    choices: tuple[Text, ...],
    where: Where,
    report: Report,
    qid: str | None,
) -> list[str]:
    letters = []
    for index, value in enumerate(values):
        spot = item_position(items, index) if items is not None else where
        if not isinstance(value, str) or len(value) != 1 or not value.isalpha():
            raise report.error(spot, f"answer {value!r} must be a choice letter such as A", qid)
        letter = value.upper()
        if not 0 <= ord(letter) - ord("A") < len(choices):
            last = chr(ord("A") + len(choices) - 1)
            raise report.error(spot, f"answer {letter} is out of range: choices are A..{last}", qid)
        letters.append(letter)
    return letters


def _accepted_texts(
    answer: Any, where: Where, report: Report, qid: str | None
) -> dict[str, tuple[str, ...]]:
    def strings(value: Any) -> tuple[str, ...]:
        items = value if isinstance(value, list) else [value]
        if not items or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in items
        ):
            raise report.error(where, "a text answer must be a string or a list of strings", qid)
        if any(not str(v).strip() for v in items):
            raise report.error(where, "an accepted text answer is empty: it could never match", qid)
        return tuple(str(v) for v in items)

    if isinstance(answer, dict):
        if not answer:
            raise report.error(where, "a text answer needs at least one accepted string", qid)
        accepted = {}
        for lang, value in answer.items():
            if not isinstance(lang, str) or not LANG_PATTERN.match(lang):
                raise report.error(
                    position(answer, lang),
                    f"language {lang!r} must be a code such as en or zh",
                    qid,
                )
            accepted[lang] = strings(value)
        return accepted
    return {ANY_LANGUAGE: strings(answer)}


def _renamed_from(raw: RawMapping, report: Report, qid: str | None) -> tuple[str, ...]:
    old_ids = _strings_or_empty(raw, "renamed_from", report, qid)
    for index, old in enumerate(old_ids):
        if not ID_PATTERN.match(old) or old == qid:
            raise report.error(
                item_position(raw["renamed_from"], index),
                f"renamed_from {old!r} must be an earlier id of this question",
                qid,
            )
    return tuple(old_ids)


def _text(raw: RawMapping, key: str, report: Report, qid: str | None) -> Text:
    return _text_value(raw.get(key), position(raw, key, value=True), key, report, qid)


def _text_value(value: Any, where: Where, key: str, report: Report, qid: str | None) -> Text:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value)
        if not text.strip():
            raise report.error(where, f"'{key}' is empty", qid)
        return {ANY_LANGUAGE: text}
    if isinstance(value, dict) and value:
        result = {}
        for lang, text in value.items():
            if not isinstance(lang, str) or not LANG_PATTERN.match(lang):
                raise report.error(
                    position(value, lang),
                    f"'{key}' language {lang!r} must be a code such as en or zh",
                    qid,
                )
            if isinstance(text, str) and not text.strip():
                raise report.error(
                    position(value, lang, value=True), f"'{key}' ({lang}) is empty", qid
                )
            if not isinstance(text, (str, int, float)) or isinstance(text, bool):
                raise report.error(
                    position(value, lang, value=True), f"'{key}' ({lang}) must be a string", qid
                )
            result[lang] = str(text)
        return result
    raise report.error(
        where, f"'{key}' must be a string or a map of language to string (en: ..., zh: ...)", qid
    )


def _strings_or_empty(raw: RawMapping, key: str, report: Report, qid: str | None) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        report.error(position(raw, key, value=True), f"'{key}' must be a list of strings", qid)
        raise _Invalid(key)
    return list(value)


def _unknown_keys(
    raw: RawMapping, allowed: tuple[str, ...], report: Report, qid: str | None
) -> None:
    for key in raw:
        if key not in allowed:
            near = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            report.error(position(raw, key), f"unknown key {key!r}{hint}", qid)
