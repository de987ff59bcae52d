"""quiz.params: variant grids, the deterministic draw, and filling prompts."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from quiz.model import Question
from quiz.schedule.params import (
    VariantError,
    draw_index,
    fill,
    prompt_text,
    sample_indices,
    variant_at,
    variant_count,
)

# 4 x 4 x 4 = 64 variants.
GRID_64 = {"size": [28, 32, 64, 224], "kernel": [1, 3, 5, 7], "padding": [0, 1, 2, 3]}
# Uneven radices, so a decoder that mixes up the digit order cannot pass by symmetry.
GRID_UNEVEN = {"a": [1, 2], "b": ["x", "y", "z"], "c": [10, 20, 30, 40, 50]}
# The drill from DESIGN.md: 4 x 4 x 2 x 4 = 128 variants.
DRILL = {
    "size": [28, 32, 64, 224],
    "kernel": [1, 3, 5, 7],
    "stride": [1, 2],
    "padding": [0, 1, 2, 3],
}
VARIANTS = ({"n": 1, "unit": "k"}, {"n": 2, "unit": "M"}, {"n": 3, "unit": "B"})


def make(qid: str = "drill", params=None, variants=(), prompt: str = "{size}") -> Question:
    return Question(
        id=qid,
        type="numeric",
        prompt={"*": prompt},
        answer="snippet",
        bank="test",
        file=Path("test.yaml"),
        line=1,
        params=dict(params or {}),
        variants=tuple(variants),
    )


# -- counting and decoding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "count"),
    [(GRID_64, 64), (GRID_UNEVEN, 30), (DRILL, 128), ({"only": [7]}, 1), ({"x": [1, 2, 3]}, 3)],
)
def test_variant_count_of_a_grid_is_the_product_of_its_sizes(params, count):
    assert variant_count(make(params=params)) == count


def test_variant_count_of_explicit_variants_is_their_number():
    assert variant_count(make(variants=VARIANTS)) == 3
    assert variant_count(make(variants=VARIANTS[:1])) == 1


@pytest.mark.parametrize("params", [GRID_64, GRID_UNEVEN, DRILL])
def test_variant_at_follows_itertools_product_order_for_every_index(params):
    question = make(params=params)
    names = list(params)
    expected = [
        dict(zip(names, values, strict=True)) for values in itertools.product(*params.values())
    ]
    assert len(expected) == variant_count(question)
    for index, variant in enumerate(expected):
        assert variant_at(question, index) == variant, index


def test_variant_at_last_param_changes_fastest():
    question = make(params=GRID_UNEVEN)
    assert variant_at(question, 0) == {"a": 1, "b": "x", "c": 10}
    assert variant_at(question, 1) == {"a": 1, "b": "x", "c": 20}
    assert variant_at(question, 5) == {"a": 1, "b": "y", "c": 10}
    assert variant_at(question, 15) == {"a": 2, "b": "x", "c": 10}
    assert variant_at(question, 29) == {"a": 2, "b": "z", "c": 50}


def test_variant_at_keeps_the_param_order_of_the_yaml():
    assert list(variant_at(make(params=GRID_UNEVEN), 7)) == ["a", "b", "c"]


def test_variant_at_on_explicit_variants_returns_a_copy():
    question = make(variants=VARIANTS)
    assert variant_at(question, 1) == {"n": 2, "unit": "M"}
    variant_at(question, 1)["n"] = 99
    assert question.variants[1] == {"n": 2, "unit": "M"}


def test_a_grid_is_decoded_without_being_enumerated():
    # 10**12 variants: enumerating them would never finish.
    params = {f"p{i}": list(range(10)) for i in range(12)}
    question = make(params=params)
    assert variant_count(question) == 10**12
    expected = {f"p{i}": int(d) for i, d in enumerate("123456789012")}
    assert variant_at(question, 123_456_789_012) == expected


def product_order(question):
    """Every variant by brute force, in itertools.product's order: the oracle that the
    arithmetic of variant_at must agree with."""
    if question.variants:
        return [dict(v) for v in question.variants]
    names = list(question.params)
    grid = itertools.product(*question.params.values())
    return [dict(zip(names, values, strict=True)) for values in grid]


def test_variant_at_lists_the_grid_and_the_explicit_variants_in_product_order():
    grid = make(params=GRID_UNEVEN)
    assert product_order(grid) == [variant_at(grid, i) for i in range(30)]
    explicit = make(variants=VARIANTS)
    assert [variant_at(explicit, i) for i in range(len(VARIANTS))] == list(VARIANTS)


# -- the draw -------------------------------------------------------------------------------


def test_draw_index_is_deterministic_for_the_same_card_and_review_number():
    first = [draw_index(make(params=GRID_64), n) for n in range(20)]
    again = [draw_index(make(params=GRID_64), n) for n in range(20)]
    assert first == again


def test_draw_index_is_pinned_across_processes_and_python_versions():
    # Seeded from a string, not hash(): a student's history replays to the same variants
    # in any later run. These values are what random.Random gives for the seed strings.
    question = make("conv-out-drill", params=DRILL)
    assert [draw_index(question, n) for n in range(10)] == [29, 59, 97, 66, 68, 91, 60, 14, 100, 72]
    assert [draw_index(question, 1, attempt) for attempt in range(5)] == [59, 3, 40, 92, 12]


def test_draw_index_varies_across_review_numbers():
    question = make(params=GRID_64)
    drawn = [draw_index(question, n) for n in range(20)]
    assert all(0 <= index < 64 for index in drawn)
    assert len(set(drawn)) >= 5


def test_draw_index_varies_across_retries_of_one_review():
    question = make(params=GRID_64)
    assert len({draw_index(question, 3, attempt) for attempt in range(20)}) >= 5


def test_draw_index_depends_on_the_question_id():
    one = [draw_index(make("conv-a", params=GRID_64), n) for n in range(20)]
    two = [draw_index(make("conv-b", params=GRID_64), n) for n in range(20)]
    assert one != two


def test_draw_index_stays_in_range_of_explicit_variants():
    question = make(variants=VARIANTS)
    drawn = {draw_index(question, n) for n in range(50)}
    assert drawn == {0, 1, 2}


def test_draw_index_of_a_single_variant_is_zero():
    assert {draw_index(make(params={"only": [7]}), n) for n in range(10)} == {0}


# -- sampling for `quiz check --variants N` -------------------------------------------------


def test_sample_indices_are_deterministic_distinct_sorted_and_in_range():
    question = make(params=DRILL)
    sample = sample_indices(question, 10)
    assert sample == sample_indices(make(params=DRILL), 10)
    assert len(sample) == 10
    assert len(set(sample)) == 10
    assert sample == sorted(sample)
    assert all(0 <= index < 128 for index in sample)


def test_sample_indices_depend_on_the_question_id():
    assert sample_indices(make("a", params=DRILL), 10) != sample_indices(
        make("b", params=DRILL), 10
    )


def test_sample_indices_covering_the_grid_returns_every_index():
    question = make(params=GRID_UNEVEN)
    assert sample_indices(question, 30) == list(range(30))
    assert sample_indices(question, 1000) == list(range(30))
    assert sample_indices(make(variants=VARIANTS), 5) == [0, 1, 2]


def test_sample_indices_of_a_huge_grid_is_cheap():
    question = make(params={f"p{i}": list(range(10)) for i in range(12)})
    sample = sample_indices(question, 5)
    assert len(set(sample)) == 5
    assert all(0 <= index < 10**12 for index in sample)


# -- filling prompts ------------------------------------------------------------------------


def test_fill_puts_the_variant_into_the_placeholders():
    template = "Input {size}×{size}, Conv2d(kernel_size={kernel}). Output width?"
    assert (
        fill(template, {"size": 32, "kernel": 5})
        == "Input 32×32, Conv2d(kernel_size=5). Output width?"
    )


def test_fill_without_a_variant_leaves_the_text_alone():
    assert fill("A dict {like: this}", None) == "A dict {like: this}"
    assert fill("A dict {like: this}", {}) == "A dict {like: this}"


def test_fill_ignores_params_the_prompt_does_not_use():
    assert fill("kernel {kernel}", {"kernel": 3, "stride": 2}) == "kernel 3"


@pytest.mark.parametrize(
    ("template", "variant", "problem"),
    [
        ("{size} and {kernel}", {"size": 32}, "'kernel'"),
        ("{} wide", {"size": 32}, "field {0} is positional; a prompt names its params"),
        ("{0} wide", {"size": 32}, "field {0} is positional; a prompt names its params"),
        ("{size:>101}", {"size": 3}, "format spec '>101' asks for more than 100 characters"),
        (
            "{size:.{n}f}",
            {"size": 3, "n": 101},
            "format spec '.101f' asks for more than 100 characters",
        ),
        ("{size:d}", {"size": 1.5}, "Unknown format code 'd' for object of type 'float'"),
        ("{size.width}", {"size": 3}, "'int' object has no attribute 'width'"),
        ("{size[0]}", {"size": 3}, "'int' object is not subscriptable"),
        ("{size:d}", {"size": [1]}, "unsupported format string passed to list.__format__"),
        ("{size", {"size": 3}, "expected '}' before end of string"),
    ],
)
def test_fill_raises_variant_error_when_the_prompt_does_not_fill(template, variant, problem):
    with pytest.raises(VariantError) as info:
        fill(template, variant)
    assert str(info.value) == f"prompt does not fill with {variant}: {problem}"


def test_prompt_text_fills_the_prompt_in_the_language():
    question = Question(
        id="drill",
        type="numeric",
        prompt={"en": "Kernel {kernel}?", "zh": "卷积核 {kernel}？"},
        answer="snippet",
        bank="test",
        file=Path("test.yaml"),
        line=1,
        params={"kernel": [3, 5]},
    )
    assert prompt_text(question, {"kernel": 5}, "zh") == "卷积核 5？"
    assert prompt_text(question, {"kernel": 3}, "en") == "Kernel 3?"
    assert prompt_text(question, {"kernel": 3}, "fr") == "Kernel 3?"
