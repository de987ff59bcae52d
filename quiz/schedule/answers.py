"""Typed answers: parse what a student typed, judge it against the key, suggest a grade.

Pure functions. Parsing is forgiving about how a value is written (`23.5M`, `1,204`,
full-width digits, `1x64x112x112`) and strict about what it means: input that cannot be read
raises Unparseable, and the caller asks again instead of grading it. Whatever a terminal
delivers (a megabyte pasted on one line, a NUL, bytes that were not UTF-8) is either
Unparseable or judged; nothing typed makes judging raise anything else or hang, and
`storable` turns any typed text into what the review log can keep.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from quiz.model import ANY_LANGUAGE, Question, pick

MAX_ANSWER_CHARS = 10_000
"""A typed answer longer than this is a paste gone wrong, not an answer."""
MAX_DIMENSION_DIGITS = 19
"""A tensor dimension fits in int64: more digits than this is no dimension."""
REGEX_SECONDS = 0.25
"""How long one `match: regex` pattern may take on one answer: a linear pattern takes
microseconds on the longest answer, a catastrophically backtracking one never ends."""
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Unparseable(ValueError):
    """The input does not read as an answer of the question's type; ask again."""


@dataclass(frozen=True)
class Judgement:
    correct: bool
    given: str


def storable(text: str) -> str:
    """Typed text as the review log keeps it: UTF-8 encodable and at most MAX_ANSWER_CHARS.

    A terminal that sends bytes that are not UTF-8 gives Python lone surrogates
    ('\\udcff'), which neither SQLite nor a UTF-8 file can take; each becomes U+FFFD.
    Control characters other than tab and newline are dropped: they only garble a report.
    """
    text = _SURROGATE.sub("\ufffd", text[:MAX_ANSWER_CHARS])
    return "".join(c for c in text if c in "\t\n" or unicodedata.category(c) != "Cc")


def _check_typed(text: str) -> None:
    """Unparseable for what no answer of any type holds, before it is parsed."""
    if len(text) > MAX_ANSWER_CHARS:
        raise Unparseable(
            f"that is {len(text):,} characters: too long for an answer"
            f" (at most {MAX_ANSWER_CHARS:,})"
        )
    if _SURROGATE.search(text):
        raise Unparseable(
            "that holds bytes that are not UTF-8 text (check the terminal's encoding)"
        )
    if any(c not in "\t\n" and unicodedata.category(c) == "Cc" for c in text):
        raise Unparseable("that holds a control character, which no answer has")


def normalize(text: str) -> str:
    """Unicode-compatible, case-folded, single-spaced: how text answers are compared."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split())


def parse_number(text: str) -> float:
    """`1.2e3`, `23.5M`, `1,204`, `−3`, `１２８`, `1/4` -> a float."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    cleaned = cleaned.replace("_", "").replace(" ", "")
    if not cleaned:
        raise Unparseable("type a number")
    if "/" in cleaned:
        top, _, bottom = cleaned.partition("/")
        if "/" in bottom:
            raise Unparseable(f"{_shown(text)} is not a number (write a fraction as 1/4)")
        denominator = parse_number(bottom)
        if denominator == 0:
            raise Unparseable(f"{_shown(text)} divides by zero")
        value = parse_number(top) / denominator
        if not math.isfinite(value):
            raise Unparseable(f"{_shown(text)} is too large a number")
        return value
    scale = 1.0
    if cleaned[-1].lower() in _SCALE and not cleaned[-1].lower() == "e":
        scale = _SCALE[cleaned[-1].lower()]
        cleaned = cleaned[:-1]
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            raise Unparseable(f"{_shown(text)} is not a number (commas group thousands)")
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.fullmatch(cleaned.lower()):
        raise Unparseable(f"{_shown(text)} is not a number (try 28, 0.25, 1.2e3 or 23.5M)")
    value = float(cleaned) * scale
    if not math.isfinite(value):
        # float() turns 5,000 digits or 1e999 into inf, which no key equals or prints as.
        raise Unparseable(f"{_shown(text)} is too large a number")
    return value


def parse_shape(text: str) -> tuple[int, ...]:
    """`(1, 64, 112, 112)`, `1x64x112x112`, `[1,64]`, `torch.Size([3])` -> a tuple of ints."""
    cleaned = unicodedata.normalize("NFKC", text).strip().lower()
    cleaned = cleaned.removeprefix("torch.size")
    cleaned = cleaned.strip().strip("()[] ")
    if not cleaned:
        if text.strip():
            return ()
        raise Unparseable("type a shape such as (1, 64, 112, 112) or 1x64x112x112")
    parts = [p for p in re.split(r"[\s,x×*]+", cleaned) if p]
    # isdecimal, not isdigit: '²' and '፩' are digits that int() refuses.
    if not parts or not all(p.isdecimal() for p in parts):
        raise Unparseable(f"{_shown(text)} is not a shape (try (1, 64, 112, 112))")
    if any(len(p) > MAX_DIMENSION_DIGITS for p in parts):
        raise Unparseable(f"{_shown(text)} has a dimension too large for a tensor")
    return tuple(int(p) for p in parts)


def parse_letters(text: str, choices: int, *, several: bool) -> tuple[str, ...]:
    """Choice letters: `b` -> ('B',); for multi, `A, C` or `ac` -> ('A', 'C')."""
    cleaned = unicodedata.normalize("NFKC", text).upper()
    letters = [c for c in cleaned if not (c.isspace() or c in ",;/+&")]
    last = chr(ord("A") + choices - 1)
    if not letters or not all("A" <= c <= last for c in letters):
        raise Unparseable(f"type {'letters' if several else 'a letter'} from A to {last}")
    if not several and len(letters) != 1:
        raise Unparseable(f"type one letter from A to {last}")
    return tuple(sorted(set(letters)))


def judge(question: Question, key: Any, text: str, lang: str | None = None) -> Judgement:
    """Judge typed `text` against `key` (the YAML key, or the snippet's for a variant)."""
    qtype = question.type
    if qtype != "open":
        _check_typed(text)
    if qtype == "numeric":
        value = parse_number(text)
        return Judgement(numbers_match(float(key), value, question), _format_number(value))
    if qtype == "shape":
        shape = parse_shape(text)
        return Judgement(shape == tuple(int(d) for d in key), format_shape(shape))
    if qtype in ("choice", "multi"):
        letters = parse_letters(text, len(question.choices), several=qtype == "multi")
        expected = (key,) if qtype == "choice" else tuple(key)
        return Judgement(letters == tuple(sorted(expected)), ", ".join(letters))
    if qtype == "text":
        given = normalize(text)
        if not given:
            raise Unparseable("type an answer")
        return Judgement(text_matches(key, given, question.match), text.strip())
    raise ValueError(f"{qtype} questions are self-graded, not judged")


def numbers_match(key: float, value: float, question: Question) -> bool:
    if question.tolerance is not None:
        # A hair of slack so that a tolerance of 0.01 accepts 0.26 for 0.25 despite binary.
        return abs(value - key) <= question.tolerance + 1e-12 * max(1.0, abs(key))
    rel_tol = question.rel_tol if question.rel_tol is not None else 1e-9
    return math.isclose(value, key, rel_tol=rel_tol, abs_tol=1e-12)


def text_matches(accepted: dict[str, tuple[str, ...]], given: str, match: str) -> bool:
    candidates = [a for values in accepted.values() for a in values]
    if match == "regex":
        return any(_regex_matches(p, given) for p in candidates)
    return any(normalize(a) == given for a in candidates)


def _regex_matches(pattern: str, given: str) -> bool:
    """Whether `pattern` matches all of `given`, within REGEX_SECONDS.

    The `regex` module, a superset of `re` for every pattern the bank checks accept, can
    stop a match that runs too long: a pattern such as (a|aa)+$ backtracks for longer than
    a review lasts on thirty characters. A pattern that runs out of time matches nothing:
    the student sees the key and can still change the suggested grade.
    """
    import regex

    try:
        return regex.fullmatch(pattern, given, regex.IGNORECASE, timeout=REGEX_SECONDS) is not None
    except (TimeoutError, regex.error):
        return False


def key_matches(question: Question, key: Any, computed: Any) -> bool:
    """Whether a snippet's value proves the key, under the question's tolerance."""
    try:
        qtype = question.type
        if qtype == "numeric":
            if isinstance(computed, bool) or not isinstance(computed, (int, float)):
                return False
            return numbers_match(float(key), float(computed), question)
        if qtype == "shape":
            return isinstance(computed, list) and tuple(computed) == tuple(int(d) for d in key)
        if qtype == "choice":
            return isinstance(computed, str) and computed.strip().upper() == key
        if qtype == "multi":
            letters = computed if isinstance(computed, list) else list(str(computed))
            return sorted(str(c).strip().upper() for c in letters if str(c).strip()) == sorted(key)
        if qtype == "text":
            return isinstance(computed, str) and text_matches(
                key, normalize(computed), question.match
            )
    except (TypeError, ValueError):
        return False
    return False


def key_from_value(question: Question, value: Any) -> Any:
    """A snippet's value as the key of an `answer: snippet` question; ValueError if unfit."""
    qtype = question.type
    if qtype == "numeric" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if (
        qtype == "shape"
        and isinstance(value, list)
        and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in value)
    ):
        return tuple(value)
    if qtype == "choice" and isinstance(value, str) and len(value.strip()) == 1:
        letter = value.strip().upper()
        if 0 <= ord(letter) - 65 < len(question.choices):
            return letter
    if qtype == "text" and isinstance(value, str) and value.strip():
        return {ANY_LANGUAGE: (value,)}
    raise ValueError(f"answer() returned {value!r}, which is not a {qtype} key")


def format_key(question: Question, key: Any, lang: str | None) -> str:
    """The key as a student reads it."""
    qtype = question.type
    if qtype == "numeric":
        return _format_number(float(key))
    if qtype == "shape":
        return format_shape(tuple(key))
    if qtype == "choice":
        return f"{key}) {pick(question.choices[ord(key) - 65], lang)}"
    if qtype == "multi":
        return "; ".join(f"{k}) {pick(question.choices[ord(k) - 65], lang)}" for k in key)
    if qtype == "text":
        # A text key maps each language to the answers it accepts.
        values: tuple[str, ...] = key.get(lang) or key.get(ANY_LANGUAGE) or next(iter(key.values()))
        return values[0]
    return pick(key, lang)


def format_shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _shown(text: str) -> str:
    """What the student typed, quoted for a message, cut short if long."""
    text = text.strip()
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _format_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return f"{value:.6g}"
