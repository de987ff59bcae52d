"""Parametric questions: the variant a review shows, drawn deterministically.

A variant is a dict of param values. The grid is never enumerated to draw one: an index is
drawn and decoded digit by digit, so a grid of a million variants costs nothing. The same
(question id, review number) always gives the same variant, and the next review another.
Filling a prompt refuses a format spec that asks for more than MAX_FORMAT_WIDTH characters
(`{n:>1500000000}` would build a 1.5 GB string); how many variants a bank may have is
validate.py's rule.
"""

from __future__ import annotations

import math
import random
import re
import string
from collections.abc import Mapping, Sequence
from typing import Any

from quiz.model import Question, pick

MAX_FORMAT_WIDTH = 100
"""The widest field or longest precision a prompt's format spec may ask for."""
_SPEC_NUMBER = re.compile(r"\d+")


class VariantError(ValueError):
    """A variant that cannot be shown: its prompt does not fill."""


def variant_count(question: Question) -> int:
    if question.variants:
        return len(question.variants)
    return math.prod(len(values) for values in question.params.values())


def variant_at(question: Question, index: int) -> dict[str, Any]:
    """The index-th variant, in grid order (the last param changes fastest)."""
    if question.variants:
        return dict(question.variants[index])
    variant: dict[str, Any] = {}
    for name, values in reversed(list(question.params.items())):
        index, digit = divmod(index, len(values))
        variant[name] = values[digit]
    return {name: variant[name] for name in question.params}


def draw_index(question: Question, review_number: int, attempt: int = 0) -> int:
    """The variant index for a card's `review_number`-th review (and retry `attempt`)."""
    # A string seed is hashed with SHA-512 by random.Random, so it is stable across runs
    # and Python versions, unlike hash().
    rng = random.Random(f"{question.id}|{review_number}|{attempt}")
    return rng.randrange(variant_count(question))


def sample_indices(question: Question, count: int) -> list[int]:
    """A deterministic sample of distinct variant indices (all of them if count covers it)."""
    total = variant_count(question)
    if count >= total:
        return list(range(total))
    return sorted(random.Random(f"{question.id}|sample").sample(range(total), count))


def fill(template: str, variant: dict[str, Any] | None) -> str:
    """The prompt with the variant's values in its `{placeholders}`."""
    if not variant:
        return template
    try:
        return _BoundedFormatter().vformat(template, (), variant)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise VariantError(f"prompt does not fill with {variant}: {exc}") from None


def oversized_spec(spec: str) -> bool:
    """Whether a format spec asks for a width or precision over MAX_FORMAT_WIDTH.

    Every number in a spec is a width or a precision (a fill character is a single one, at
    most 9), so the rule needs no parse of the format mini-language, nor of strftime's.
    """
    return any(
        len(number.lstrip("0")) > 3 or int(number) > MAX_FORMAT_WIDTH
        for number in _SPEC_NUMBER.findall(spec)
    )


class _BoundedFormatter(string.Formatter):
    """str.format, refusing an oversized spec; nested fields (`{n:>{w}}`) are checked
    once filled in, which is when this method sees them."""

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, int):  # `{}` or `{0}`: the variant is passed by name only
            raise IndexError(f"field {{{key}}} is positional; a prompt names its params")
        return kwargs[key]

    def format_field(self, value: Any, format_spec: str) -> Any:
        if oversized_spec(format_spec):
            raise ValueError(
                f"format spec {format_spec[:40]!r} asks for more than {MAX_FORMAT_WIDTH} characters"
            )
        return super().format_field(value, format_spec)


def prompt_text(question: Question, variant: dict[str, Any] | None, lang: str | None) -> str:
    return fill(pick(question.prompt, lang), variant)


_CODE_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill_code(source: str, variant: Mapping[str, Any] | None) -> str:
    """A predict block as it runs and shows, its params' values written where it names them
    (`{n}`): numbers only, as literals, so that no value a bank writes can be code. The
    worker applies the same rule to the bytes it is sent (quiz/snippets/worker.py)."""
    if not variant:
        return source

    def literal(match: re.Match[str]) -> str:
        value = variant.get(match.group(1))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return match.group(0)
        return repr(value)

    return _CODE_PARAM.sub(literal, source)
