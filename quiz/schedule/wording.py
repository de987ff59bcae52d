"""How a typed text answer is compared with the accepted ones: the variants a competent
student writes are the same answer, and an answer that holds the key's term is probably
right without being certainly so.

Pure. Both sides are brought to a core form before they are compared:
- Unicode-compatible, case-folded, single-spaced; a hyphen inside a word and an underscore
  are spaces, a hyphen in front is a minus sign (U+2212 alike);
- a leading article ("the", "a", "an") goes;
- a trailing generic word goes: problem, function, algorithm, technique, method (and their
  plurals), 问题, 算法, 技术, 方法, 函数, 现象: "dying ReLU problem" is "dying ReLU";
- English plurals fold to the singular: "dying ReLUs" is "dying ReLU";
- spaces next to Chinese characters go: "ReLU 死亡" is "ReLU死亡";
- a bracketed part at the end is an abbreviation or a gloss, and either half may be the
  answer: "non-maximum suppression (NMS)" is both "non-maximum suppression" and "NMS".
Negated forms ("no activation", 不使用激活函数) are answers an author lists like any other;
the judge only refuses to call an answer probably right when it negates what the key says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

GENERIC_WORDS = frozenset(
    {"problem", "function", "algorithm", "technique", "method", "approach", "phenomenon"}
)
GENERIC_SUFFIXES_ZH = ("问题", "算法", "技术", "方法", "函数", "现象")
ARTICLES = frozenset({"the", "a", "an"})
NEGATIONS = frozenset({"no", "not", "without", "non", "never", "don't", "doesn't", "isn't"})
NEGATIONS_ZH = ("不", "无", "非", "没有", "未")
MIN_CORE_CHARS = 3
"""A key term shorter than this ("BN", "L2") is too short to be found inside an answer."""
MIN_CJK_CHARS = 2
"""In Chinese two characters make a word ("线性")."""

_BRACKETED = re.compile(r"^(?P<head>.*?)\s*[(（\[]\s*(?P<inner>[^()（）\[\]]*?)\s*[)）\]]$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_JOINING_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_SPACE_BY_CJK = re.compile(r"\s+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\s+")


def normalize(text: str) -> str:
    """Unicode-compatible, case-folded, single-spaced."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split())


def forms(text: str) -> set[str]:
    """The core forms an answer stands for: itself, and each half of `term (gloss)`."""
    text = normalize(text)
    found = {_core(text)}
    bracketed = _BRACKETED.match(text)
    if bracketed:
        for part in (bracketed["head"], bracketed["inner"]):
            if part.strip():
                found.add(_core(part))
    return {form for form in found if form}


def matches(accepted: Iterable[str], given: str) -> bool:
    """Whether `given` is one of the accepted answers, up to the variants above."""
    typed = forms(given)
    return any(typed & forms(answer) for answer in accepted)


def holds_term(accepted: Iterable[str], given: str) -> bool:
    """Whether `given` contains an accepted answer's core term (whole words; in Chinese, the
    characters in a row) without negating it: "dying ReLU in deep nets" holds "dying ReLU",
    "not dying ReLU" does not. What it says besides may be right or not: the student reads
    the model answer and grades."""
    typed = forms(given)
    for answer in accepted:
        for term in forms(answer):
            if len(term) < (MIN_CJK_CHARS if _CJK.search(term) else MIN_CORE_CHARS):
                continue
            for form in typed:
                if form != term and _contains(form, term) and not _negates(form, term):
                    return True
    return False


def _core(text: str) -> str:
    # A hyphen inside a word joins ("non-maximum"); one in front is a minus sign ("-∇L").
    text = _JOINING_HYPHEN.sub(" ", text.replace("\u2212", "-")).replace("_", " ")
    words = text.split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    if len(words) > 1 and _singular(words[-1]) in GENERIC_WORDS:
        words = words[:-1]
    words = [_singular(word) for word in words]
    # Chinese runs without spaces: "ReLU 死亡" and "ReLU死亡" are one answer.
    core = _SPACE_BY_CJK.sub("", " ".join(words))
    for suffix in GENERIC_SUFFIXES_ZH:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)].rstrip()
            break
    return core


def _singular(word: str) -> str:
    """`relus` -> `relu`, `gradients` -> `gradient`; `loss` stays. Both sides fold alike,
    so `bias` -> `bia` harms nothing."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _contains(text: str, term: str) -> bool:
    if _CJK.search(term):
        return term in text
    return re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", text) is not None


def _negates(text: str, term: str) -> bool:
    """Whether `text` says no where `term` does not: "no activation" for "activation"."""
    if _CJK.search(text):
        said = any(mark in text for mark in NEGATIONS_ZH)
        return said and not any(mark in term for mark in NEGATIONS_ZH)
    words = set(text.split())
    return bool(words & NEGATIONS) and not set(term.split()) & NEGATIONS
