"""Typed answers: parse what a student typed, judge it against the key, suggest a grade.

Pure functions. Parsing is forgiving about how a value is written (`23.5M`, `1,204`,
full-width digits, `1x64x112x112`, `192*16+25`) and strict about what it means: input that
cannot be read raises Unparseable, and the caller asks again instead of grading it.
Arithmetic is read by a small parser of its own, never by `eval`. Whatever a terminal
delivers (a megabyte pasted on one line, a NUL, bytes that were not UTF-8) is either
Unparseable or judged; nothing typed makes judging raise anything else or hang, and
`storable` turns any typed text into what the review log can keep.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from quiz.model import ANY_LANGUAGE, Phrase, Question, pick

MAX_ANSWER_CHARS = 10_000
"""A typed answer longer than this is a paste gone wrong, not an answer."""
MAX_DIMENSION_DIGITS = 19
"""A tensor dimension fits in int64: more digits than this is no dimension."""
REGEX_SECONDS = 0.25
"""How long one `match: regex` pattern may take on one answer: a linear pattern takes
microseconds on the longest answer, a catastrophically backtracking one never ends."""
MAX_EXPRESSION_CHARS = 200
"""Typed arithmetic longer than this is not a working-out; it is refused unread."""
MAX_BRACKETS = 10
"""Brackets nested deeper than this are refused: arithmetic worked out by hand needs three,
and each level costs the parser five stack frames."""
MAX_MAGNITUDE = 308
"""A power whose result would pass 10**308 is refused before it is computed: a float ends
there, and no key is that large."""
CLOSE_COUNT = 0.01
"""A count (a whole-number key, no tolerance) missed by at most this fraction, by an answer
with fewer significant digits, was rounded: 61.7k for 61,706."""
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_NUMBER = re.compile(r"(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")
_OPERATORS = frozenset("+-*/^()")
_OPERATOR_SPELLINGS = (("**", "^"), ("×", "*"), ("·", "*"), ("⋅", "*"), ("÷", "/"))
# An operand runs up to the next operator, except the sign of an exponent (1e-3). The
# digits before `e` can be split only one way, so a long run of them is matched in linear
# time, not quadratic.
_TOKEN = re.compile(
    r"(?:\d+(?:\.\d*)?|\.\d+)e[+-]\d+[^-+*/^()]*|[^-+*/^()]+|[-+*/^()]", re.IGNORECASE
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TIMES_X = re.compile(r"(?<=[\d)])x(?=[\d(.])", re.IGNORECASE)
_SUPERSCRIPTS = re.compile("[⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_FROM_SUPERSCRIPT = str.maketrans("⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "+-0123456789")


class Unparseable(ValueError):
    """The input does not read as an answer of the question's type; ask again. Its message
    is a Phrase (`phrase`): an English template and its values, which a screen words in the
    student's language."""

    def __init__(self, template: str, **values: Any) -> None:
        self.phrase = Phrase(template, **values)
        super().__init__(self.phrase)


@dataclass(frozen=True)
class Judgement:
    correct: bool
    given: str
    note: str | None = None
    """A short line shown under the verdict: what a nearly right answer got wrong."""
    unsure: bool = False
    """Not wrong for sure either: a text answer that holds the key's term. The student
    reads the model answer and grades; no grade is suggested."""
    mistake: str | None = None
    """The name of the question's mistake this wrong answer is (its `note` explains it)."""


PROBABLY_RIGHT = Phrase("it holds the key's term: read the model answer and grade it yourself")


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
            "that is {count:,} characters: too long for an answer (at most {most:,})",
            count=len(text),
            most=MAX_ANSWER_CHARS,
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
    """`1.2e3`, `23.5M`, `1,204`, `−3`, `１２８`, `1/4`, `192*16+25*16*32`, `2^10` -> a float.

    Arithmetic takes + - * / and ^ (or **, right-associative), brackets, and × · ÷ for * and
    /. Commas group thousands only in a lone number: in `1,5*2` a comma could as well be a
    decimal comma, and a wrong reading would be graded.
    """
    # Superscripts first: NFKC would read `10²` as 102.
    cleaned = _SUPERSCRIPTS.sub(lambda m: "^(" + m.group().translate(_FROM_SUPERSCRIPT) + ")", text)
    cleaned = unicodedata.normalize("NFKC", cleaned).strip().replace("\u2212", "-")
    cleaned = cleaned.replace("_", "").replace(" ", "")
    for spelling, operator in _OPERATOR_SPELLINGS:
        cleaned = cleaned.replace(spelling, operator)
    # A Latin x between two numbers is a times sign (10^6 x 10^6), as × is.
    cleaned = _TIMES_X.sub("*", cleaned)
    if not cleaned:
        raise Unparseable("type a number")
    tokens = _TOKEN.findall(cleaned)
    if tokens[-1] not in _OPERATORS and all(t in ("+", "-") for t in tokens[:-1]):
        sign = -1.0 if tokens.count("-") % 2 else 1.0
        return sign * _literal(tokens[-1], _shown(text))
    if len(cleaned) > MAX_EXPRESSION_CHARS:
        raise Unparseable(
            "{shown} is too long for arithmetic (at most {most} characters)",
            shown=_shown(text),
            most=MAX_EXPRESSION_CHARS,
        )
    if "," in cleaned:
        raise Unparseable(
            "{shown} has a comma: in arithmetic, write 1204, not 1,204", shown=_shown(text)
        )
    return _Arithmetic(tokens, _shown(text)).value()


def _literal(operand: str, shown: str) -> float:
    """One unsigned number as written (`23.5M`, `1.2e3`, `1,204`); `shown` names it in
    messages."""
    scale = 1.0
    if operand[-1].lower() in _SCALE:
        scale = _SCALE[operand[-1].lower()]
        operand = operand[:-1]
    if "," in operand:
        if not _THOUSANDS.fullmatch(operand):
            raise Unparseable("{shown} is not a number (commas group thousands)", shown=shown)
        operand = operand.replace(",", "")
    if not _NUMBER.fullmatch(operand.lower()):
        raise Unparseable("{shown} is not a number (try 28, 0.25, 1.2e3 or 23.5M)", shown=shown)
    value = float(operand) * scale
    if not math.isfinite(value):
        # float() turns 5,000 digits or 1e999 into inf, which no key equals or prints as.
        raise Unparseable("{shown} is too large a number", shown=shown)
    return value


class _Arithmetic:
    """A recursive-descent reading of tokens as arithmetic over floats:

        sum     = product (("+" | "-") product)*
        product = signed (("*" | "/") signed)*
        signed  = ("+" | "-")* power          -2^2 is -4, as on paper and in Python
        power   = atom ("^" signed)?          right-associative: 2^3^2 is 2^9
        atom    = number | "(" sum ")"

    Every step stays finite or raises Unparseable, which names the whole answer (`shown`)
    or, for an operand that does not read, that operand. MAX_BRACKETS bounds the recursion
    through brackets, MAX_EXPRESSION_CHARS the rest (a hundred `^`, two frames each).
    """

    def __init__(self, tokens: list[str], shown: str) -> None:
        self.tokens = tokens
        self.at = 0
        self.shown = shown
        self.depth = 0

    def value(self) -> float:
        result = self._sum()
        if self.at < len(self.tokens):
            if self.tokens[self.at] == ")":
                raise Unparseable("{shown} has a ')' that closes nothing", shown=self.shown)
            raise Unparseable("{shown} is missing an operator", shown=self.shown)
        return result

    def _peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def _sum(self) -> float:
        result = self._product()
        while self._peek() in ("+", "-"):
            sign = -1.0 if self._take() == "-" else 1.0
            result = self._finite(result + sign * self._product())
        return result

    def _product(self) -> float:
        result = self._signed()
        while self._peek() in ("*", "/"):
            operator = self._take()
            right = self._signed()
            if operator == "*":
                result = self._finite(result * right)
            elif right == 0:
                raise Unparseable("{shown} divides by zero", shown=self.shown)
            else:
                result = self._finite(result / right)
        return result

    def _signed(self) -> float:
        negative = False
        while self._peek() in ("+", "-"):
            negative ^= self._take() == "-"
        result = self._power()
        return -result if negative else result

    def _power(self) -> float:
        base = self._atom()
        if self._peek() != "^":
            return base
        self._take()
        exponent = self._signed()
        if base == 0:
            if exponent < 0:
                raise Unparseable("{shown} divides by zero", shown=self.shown)
            return 0.0 if exponent > 0 else 1.0
        if base < 0 and not exponent.is_integer():
            raise Unparseable("{shown} raises a negative number to a fraction", shown=self.shown)
        # Checked on the logarithm before computing: float's ** raises OverflowError past
        # 10^308, and 9^9^9^9 is an answer to refuse, not an exception.
        if exponent * math.log10(abs(base)) > MAX_MAGNITUDE:
            raise Unparseable("{shown} is too large a number", shown=self.shown)
        return float(base**exponent)

    def _atom(self) -> float:
        token = self._peek()
        if token is None or token in _OPERATORS and token != "(":
            raise Unparseable("{shown} is missing a number", shown=self.shown)
        self._take()
        if token != "(":
            return _literal(token, _shown(token))
        self.depth += 1
        if self.depth > MAX_BRACKETS:
            raise Unparseable(
                "{shown} nests brackets too deeply (at most {most} levels)",
                shown=self.shown,
                most=MAX_BRACKETS,
            )
        result = self._sum()
        if self._peek() != ")":
            raise Unparseable("{shown} has a '(' that is not closed", shown=self.shown)
        self._take()
        self.depth -= 1
        return result

    def _finite(self, value: float) -> float:
        if not math.isfinite(value):
            raise Unparseable("{shown} is too large a number", shown=self.shown)
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
        raise Unparseable("{shown} is not a shape (try (1, 64, 112, 112))", shown=_shown(text))
    if any(len(p) > MAX_DIMENSION_DIGITS for p in parts):
        raise Unparseable("{shown} has a dimension too large for a tensor", shown=_shown(text))
    return tuple(int(p) for p in parts)


def parse_letters(text: str, choices: int, *, several: bool) -> tuple[str, ...]:
    """Choice letters: `b` -> ('B',); for multi, `A, C` or `ac` -> ('A', 'C')."""
    cleaned = unicodedata.normalize("NFKC", text).upper()
    # "(B)", "B)", "B." and "[A, C]" are letters too, as a student writes them on paper.
    letters = [c for c in cleaned if not (c.isspace() or c in ",;/+&()[].")]
    last = chr(ord("A") + choices - 1)
    if not letters or not all("A" <= c <= last for c in letters):
        if several:
            raise Unparseable("type letters from A to {last}", last=last)
        raise Unparseable("type a letter from A to {last}", last=last)
    if not several and len(letters) != 1:
        raise Unparseable("type one letter from A to {last}", last=last)
    return tuple(sorted(set(letters)))


def judge(
    question: Question,
    key: Any,
    text: str,
    lang: str | None = None,
    mistakes: Mapping[str, Any] | None = None,
) -> Judgement:
    """Judge typed `text` against `key` (the YAML key, or the snippet's for a variant).

    A wrong answer that is one of the question's mistakes is named, its explanation in
    `lang` as the note. `mistakes` are their values for the variant shown, by name (as
    `mistake_values` gives them); None: the fixed values the bank writes.
    """
    qtype = question.type
    if qtype != "open":
        _check_typed(text)
    values = mistake_values(question) if mistakes is None else mistakes
    if qtype == "numeric":
        # "75%" is 0.75, or 75 where the question asks in percent: either reading counts.
        percent = text.strip().endswith(("%", "％"))
        value = parse_number(text.strip()[:-1] if percent else text)
        if percent and numbers_match(float(key), value / 100, question):
            value = value / 100
        correct = numbers_match(float(key), value, question)
        note = None
        if not correct and _rounded_count(float(key), value, question):
            note = Phrase("close: the exact count is expected")
        judged = Judgement(correct, _format_number(value), note)
        return _named(
            question, judged, values, lang, lambda v: numbers_match(float(v), value, question)
        )
    if qtype == "shape":
        shape = parse_shape(text)
        judged = Judgement(shape == tuple(int(d) for d in key), format_shape(shape))
        return _named(question, judged, values, lang, lambda v: tuple(v) == shape)
    if qtype == "choice":
        [letter] = parse_letters(text, len(question.choices), several=False)
        return _named(question, Judgement(letter == key, letter), values, lang, letter.__eq__)
    if qtype == "multi":
        letters = parse_letters(text, len(question.choices), several=True)
        expected = tuple(sorted(key))
        given = ", ".join(letters)
        if letters == expected:
            return Judgement(True, given)
        judged = Judgement(False, given, _letters_note(expected, letters))
        return _named(question, judged, values, lang, lambda v: tuple(sorted(v)) == letters)
    if qtype == "text":
        given = normalize(text)
        if not given:
            raise Unparseable("type an answer")
        if text_matches(key, given, question.match):
            return Judgement(True, text.strip())
        from quiz.schedule import wording  # here: its patterns cost the first card 3 ms

        accepted = [a for strings in key.values() for a in strings]
        # An answer the author listed as wrong (`examples: wrong`) is wrong, whatever it holds.
        listed_wrong = wording.matches(question.wrong_answers, given)
        if question.match == "exact" and not listed_wrong and wording.holds_term(accepted, given):
            return Judgement(False, text.strip(), PROBABLY_RIGHT, unsure=True)
        judged = Judgement(False, text.strip())
        return _named(question, judged, values, lang, lambda v: wording.matches(v, given))
    if qtype == "predict":
        return _predicted(question, key, text)
    raise ValueError(f"{qtype} questions are self-graded, not judged")


# -- predict: what the student says the code does, against what it did ------------------------

_PREDICT_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(name: str) -> re.Pattern[str]:
    """The patterns that read printouts, compiled when a predict card is first judged, not
    when the first card of every review imports this module."""
    if not _PREDICT_PATTERNS:
        _PREDICT_PATTERNS.update(
            error=re.compile(
                r"^(?:error|raises?|exception|错误|异常|报错)\s*[:：]?\s*([A-Za-z_][\w.]*)\s*$",
                re.IGNORECASE,
            ),
            exception=re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception|Warning|Interrupt|Exit)$"),
            number=re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$"),
            scalar=re.compile(
                r"^tensor\((.*?)(?:,\s*(?:dtype|device|requires_grad|grad_fn)=.*)?\)$"
            ),
            size=re.compile(r"^(?:torch\.Size\()?\(?\[?([\d\s,]*)\]?\)?\)?$"),
        )
    return _PREDICT_PATTERNS[name]


def _said_error(typed: str) -> str | None:
    """The exception class a typed answer names (`error: RuntimeError`, `raises KeyError`,
    or a bare `RuntimeError`), or None if it names none."""
    said = _pattern("error").match(typed)
    if said:
        return said.group(1)
    return typed if _pattern("exception").match(typed) else None


def _printed_number(text: str) -> tuple[float, int] | None:
    """A printed number (`0.25`, `tensor(0.2500)`, `tensor(3, dtype=torch.int32)`) and how
    many decimals it was printed with; None if the text is not one number."""
    text = text.strip()
    inside = _pattern("scalar").match(text)
    if inside:
        text = inside.group(1).strip()
    if not _pattern("number").match(text):
        return None
    mantissa = text.lower().split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    exponent = int(text.lower().split("e")[1]) if "e" in text.lower() else 0
    return float(text), decimals - exponent


def _printed_shape(text: str) -> tuple[int, ...] | None:
    """A printed shape (`torch.Size([2, 3])`, `(2, 3)`), or None."""
    text = text.strip()
    if not text.startswith(("torch.Size(", "(")):
        return None
    found = _pattern("size").match(text)
    if not found:
        return None
    parts = [p for p in found.group(1).replace(" ", "").split(",") if p]
    return tuple(int(p) for p in parts)


def _squashed(text: str) -> str:
    """Text as a printout is compared: no spaces, case folded, and torch's own names
    without their `torch.` (float32 for torch.float32), as a student writes them."""
    return "".join(normalize(text).split()).removeprefix("torch.")


def _predicted(question: Question, key: Any, text: str) -> Judgement:
    typed = text.strip()
    if not typed:
        raise Unparseable("type what it prints, or error: and the exception's class")
    said = _said_error(typed)
    if "error" in key:
        raised = str(key["error"])
        if said is None:
            return Judgement(False, typed, Phrase("it does not print: it raises"))
        named = said.rsplit(".", 1)[-1].casefold()
        return Judgement(named == raised.casefold(), f"error: {said}")
    output = str(key.get("output", ""))
    if said is not None and _squashed(typed) != _squashed(output):
        return Judgement(False, typed, Phrase("it raises nothing: it prints"))
    number = _printed_number(output)
    if number is not None and "\n" not in output:
        return _predicted_number(question, number, typed)
    shape = _printed_shape(output)
    if shape is not None:
        try:
            given = parse_shape(typed.removeprefix("torch.").removeprefix("Size").strip())
        except Unparseable:
            return Judgement(False, typed)
        return Judgement(given == shape, format_shape(given))
    return Judgement(_squashed(typed) == _squashed(output), typed)


def _predicted_number(question: Question, printed: tuple[float, int], typed: str) -> Judgement:
    """A number against a printed one: within the question's tolerance if it sets one, else
    within what the printing rounded away (0.3333 stands for 1/3)."""
    value, decimals = printed
    inside = _pattern("scalar").match(typed)
    try:
        given = parse_number(inside.group(1) if inside else typed)
    except Unparseable:
        return Judgement(False, typed)
    if question.tolerance is not None or question.rel_tol is not None:
        return Judgement(numbers_match(value, given, question), _format_number(given))
    slack = 0.5 * 10.0 ** (-decimals) if decimals > 0 else 0.0
    close = abs(given - value) <= slack + 1e-9 * max(1.0, abs(value))
    return Judgement(close, _format_number(given))


def _named(
    question: Question,
    judged: Judgement,
    values: Mapping[str, Any],
    lang: str | None,
    given_is: Callable[[Any], bool],
) -> Judgement:
    """A wrong answer named after the first of the question's mistakes whose value it is
    (compared as with the key: `given_is(value)`); any other judgement as it is."""
    if judged.correct or judged.unsure:
        return judged
    for mistake in question.mistakes:
        value = values.get(mistake.name)
        if value is not None and given_is(value):
            note = Phrase("a common mistake: {explain}", explain=pick(mistake.explain, lang))
            return replace(judged, note=note, mistake=mistake.name)
    return judged


def mistake_values(question: Question, computed: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The values of the question's mistakes by name: the fixed ones the bank writes, and
    `computed` (by their functions, for one variant) for the others; one with no value for
    this variant (its function returned None, failed, or has not run) is left out."""
    values = {m.name: m.value for m in question.mistakes if m.function is None}
    for name, value in (computed or {}).items():
        if value is not None:
            values[name] = value
    return values


def mistake_value(question: Question, value: Any) -> Any:
    """A mistake's value, fixed in the bank or returned by its function, as the judge
    compares it: a number, a shape tuple, a letter, sorted letters, accepted strings. None
    stays None (the mistake cannot be made on this variant). ValueError saying why for a
    value that no answer to the question could be."""
    qtype = question.type
    if value is None:
        return None
    if qtype == "numeric":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and _finite(value):
            return value
        raise ValueError("a numeric mistake must be a finite number")
    if qtype == "shape":
        if isinstance(value, (list, tuple)) and all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in value
        ):
            return tuple(value)
        raise ValueError("a shape mistake must be a list of non-negative integers")
    last = chr(64 + len(question.choices))
    if qtype == "choice":
        if (
            isinstance(value, str)
            and len(value.strip()) == 1
            and "A" <= value.strip().upper() <= last
        ):
            return value.strip().upper()
        raise ValueError(f"a choice mistake must be one letter from A to {last}")
    if qtype == "multi":
        letters = list(value) if isinstance(value, str) else value
        if (
            isinstance(letters, (list, tuple))
            and letters
            and all(
                isinstance(c, str) and len(c) == 1 and "A" <= c.upper() <= last for c in letters
            )
            and len({c.upper() for c in letters}) == len(letters)
        ):
            return tuple(sorted(c.upper() for c in letters))
        raise ValueError(
            f"a multi mistake must be letters from A to {last}, none twice, such as [A, C]"
        )
    if qtype == "text":
        items = value if isinstance(value, (list, tuple)) else [value]
        if items and all(isinstance(v, str) and v.strip() for v in items):
            return tuple(items)
        raise ValueError("a text mistake must be a string or a list of strings")
    raise ValueError(f"{qtype} questions have no mistakes: the student grades them")


def mistake_is_key(question: Question, key: Any, value: Any) -> bool:
    """Whether a mistake's value (as mistake_value gives it) would be judged right: a
    "mistake" that is the key."""
    qtype = question.type
    if qtype == "numeric":
        return numbers_match(float(key), float(value), question)
    if qtype == "shape":
        return tuple(value) == tuple(int(d) for d in key)
    if qtype == "choice":
        return bool(value == key)
    if qtype == "multi":
        return tuple(sorted(value)) == tuple(sorted(key))
    if qtype == "text":
        return any(text_matches(key, normalize(v), question.match) for v in value)
    return False


def _finite(number: float) -> bool:
    """Whether a number compares as a float does: not inf or nan, nor an int past float's
    range."""
    try:
        return math.isfinite(float(number))
    except OverflowError:
        return False


def _rounded_count(key: float, value: float, question: Question) -> bool:
    """Whether `value` is `key`, an exact count, written rounded: 61.7k or 61,700 for 61,706,
    not 61,705 (a miscount) nor 60k (too far to be a rounding)."""
    if question.tolerance is not None or question.rel_tol is not None:
        return False
    if key == 0 or not key.is_integer() or abs(value - key) > CLOSE_COUNT * abs(key):
        return False
    return _significant_digits(value) < _significant_digits(key)


def _significant_digits(value: float) -> int:
    # Thirteen digits, not seventeen: 8.2M is 8199999.999999999 in binary, and still 82.
    mantissa = f"{abs(value):.12e}".partition("e")[0]
    return len(mantissa.replace(".", "").rstrip("0"))


def _letters_note(expected: tuple[str, ...], given: tuple[str, ...]) -> str | None:
    """`missing E · extra D` for a multi answer that got some of its letters right."""
    if not set(expected) & set(given):
        return None
    missing = [letter for letter in expected if letter not in given]
    extra = [letter for letter in given if letter not in expected]
    if missing and extra:
        return Phrase(
            "missing {missing} · extra {extra}", missing=", ".join(missing), extra=", ".join(extra)
        )
    if missing:
        return Phrase("missing {missing}", missing=", ".join(missing))
    return Phrase("extra {extra}", extra=", ".join(extra))


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
    from quiz.schedule import wording

    return wording.matches(candidates, given)


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
    if qtype == "predict" and isinstance(value, dict):
        device = value.get("device")
        if isinstance(value.get("error"), str) and value["error"]:
            return {"error": value["error"], "device": device}
        if isinstance(value.get("output"), str) and value["output"].strip():
            return {"output": value["output"], "device": device}
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
    if qtype == "code":
        return Phrase("a function that passes all its cases")
    if qtype == "predict":
        shown = f"error: {key['error']}" if "error" in key else str(key.get("output", ""))
        device = key.get("device")
        return shown if device in (None, "cpu") else f"{shown}  (on {device})"
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
