"""The text judge: the variants a competent student writes are right, an answer that holds
the key's term is "probably right" (the student grades), and a negation is never either."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from quiz.model import Question
from quiz.schedule import answers, wording
from quiz.schedule.answers import PROBABLY_RIGHT


def text_question(*accepted: str, zh: tuple[str, ...] = ()) -> tuple[Question, dict]:
    key = {"en": tuple(accepted), **({"zh": zh} if zh else {})}
    question = Question(
        id="t", type="text", prompt={"en": "?"}, answer=key, bank="b", file=Path("b.yaml"), line=1
    )
    return question, key


REGRESSION = text_question(
    "none", "no activation", "linear", "linear activation", "identity",
    zh=("不用激活函数", "线性", "线性激活", "恒等"),
)  # fmt: skip
DYING = text_question("dying ReLU", "dead neuron", zh=("神经元死亡", "ReLU 死亡"))
NMS = text_question("non-maximum suppression", zh=("非极大值抑制",))


@pytest.mark.parametrize(
    ("question", "typed"),
    [
        (REGRESSION, "linear activation function"),  # a trailing generic word
        (REGRESSION, "Linear function"),
        (REGRESSION, "线性激活函数"),
        (REGRESSION, "线性函数"),
        (REGRESSION, "identity"),
        (REGRESSION, "No activation"),
        (DYING, "dying ReLUs"),  # a plural
        (DYING, "the dying ReLU problem"),  # an article and a generic word
        (DYING, "dying-ReLU"),
        (DYING, "dead neurons"),
        (DYING, "神经元死亡现象"),
        (DYING, "ReLU死亡问题"),
        (NMS, "non-maximum suppression (NMS)"),  # a bracketed abbreviation
        (NMS, "Non maximum suppression algorithm"),
        (NMS, "非极大值抑制（NMS）"),
        (NMS, "NMS (non-maximum suppression)"),
    ],
)
def test_natural_variants_are_right(question, typed):
    q, key = question
    assert answers.judge(q, key, typed) == answers.Judgement(True, typed)


@pytest.mark.parametrize(
    ("question", "typed"),
    [
        (REGRESSION, "identity activation"),
        (REGRESSION, "a linear output layer"),
        (DYING, "dying ReLU, because the gradient is zero for negative inputs"),
        (NMS, "greedy non-maximum suppression over the boxes"),
        (DYING, "大量神经元死亡"),
    ],
)
def test_an_answer_holding_the_term_is_probably_right_and_left_to_the_student(question, typed):
    q, key = question
    judgement = answers.judge(q, key, typed)
    assert (judgement.correct, judgement.unsure, judgement.note) == (False, True, PROBABLY_RIGHT)


@pytest.mark.parametrize(
    ("question", "typed"),
    [
        (REGRESSION, "sigmoid"),
        (REGRESSION, "not linear"),  # says no where the key does not
        (DYING, "no dying ReLU"),
        (DYING, "没有神经元死亡"),
        (NMS, "suppression"),  # part of the term is not the term
        (NMS, "NMX"),
    ],
)
def test_wrong_and_negated_answers_are_wrong(question, typed):
    q, key = question
    judgement = answers.judge(q, key, typed)
    assert (judgement.correct, judgement.unsure) == (False, False)


def test_a_short_term_is_not_looked_for_inside_answers():
    q, key = text_question("BN")
    assert not answers.judge(q, key, "BN layers").unsure  # too short to find safely
    assert answers.judge(q, key, "BN").correct


def test_regex_questions_keep_their_pattern_and_get_no_partial_verdict():
    q = Question(
        id="r", type="text", prompt={"en": "?"}, answer={"en": (r"adam(w)?",)}, bank="b",
        file=Path("b.yaml"), line=1, match="regex",
    )  # fmt: skip
    assert answers.judge(q, q.answer, "AdamW").correct
    assert not answers.judge(q, q.answer, "adam optimizer").unsure


def test_forms_of_a_bracketed_answer():
    assert wording.forms("Non-Maximum Suppression (NMS)") == {
        "non maximum suppression (nms)",
        "non maximum suppression",
        "nms",
    }


def test_an_answer_the_author_lists_as_wrong_is_never_probably_right():
    q, key = REGRESSION
    listed = replace(q, wrong_answers=("rectified linear unit",))
    assert answers.judge(q, key, "rectified linear unit").unsure  # holds "linear"
    judgement = answers.judge(listed, key, "Rectified linear units")
    assert (judgement.correct, judgement.unsure) == (False, False)


@pytest.mark.parametrize(
    ("accepted", "typed", "right"),
    [
        ("−∇L", "-∇L", True),  # a minus sign is a minus sign, typed either way
        ("−∇L", "∇L", False),  # and not dropped as a hyphen would be
        ("-grad", "grad", False),
        ("non-maximum suppression", "non maximum suppression", True),
    ],
)
def test_a_leading_minus_is_kept_and_an_inner_hyphen_is_a_space(accepted, typed, right):
    q, key = text_question(accepted, "placeholder answer")
    assert answers.judge(q, key, typed).correct is right


@pytest.mark.parametrize(("typed", "letters"), [("(B)", ("B",)), ("B)", ("B",)), ("b.", ("B",))])
def test_choice_letters_written_as_on_paper(typed, letters):
    assert answers.parse_letters(typed, 4, several=False) == letters


@pytest.mark.parametrize(("key", "typed"), [(0.75, "75%"), (75, "75%"), (0.75, "75 ％")])
def test_a_percentage_reads_either_way(key, typed):
    q = Question(
        id="n", type="numeric", prompt={"en": "?"}, answer=key, bank="b", file=Path("b.yaml"),
        line=1,
    )  # fmt: skip
    assert answers.judge(q, key, typed).correct
    assert not answers.judge(q, key, "74%").correct
