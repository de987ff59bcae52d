"""Parametric questions: the variant a review shows, drawn deterministically.

A variant is a dict of param values. The grid is never enumerated to draw one: an index is
drawn and decoded digit by digit, so a grid of a million variants costs nothing. The same
(question id, review number) always gives the same variant, and the next review another.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator
from typing import Any

from quiz.model import Question, pick


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


def all_variants(question: Question) -> Iterator[dict[str, Any]]:
    if question.variants:
        yield from (dict(v) for v in question.variants)
        return
    names = list(question.params)
    for values in itertools.product(*question.params.values()):
        yield dict(zip(names, values, strict=True))


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
        return template.format(**variant)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise VariantError(f"prompt does not fill with {variant}: {exc}") from None


def prompt_text(question: Question, variant: dict[str, Any] | None, lang: str | None) -> str:
    return fill(pick(question.prompt, lang), variant)
