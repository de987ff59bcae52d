"""quiz.schedule.shuffle: the order choices are shown in, letters mapped both ways, and the
review that shows, judges and logs a shuffled card."""

from __future__ import annotations

import subprocess
import sys
from itertools import permutations
from pathlib import Path

import pytest

from conftest import REPO, child_env, quiz, write_bank
from quiz.model import ANY_LANGUAGE, Question
from quiz.paths import database_path
from quiz.schedule import answers, shuffle
from quiz.store import Store


def question(qid: str = "q-adam", qtype: str = "choice", answer=None, **fields) -> Question:
    choices = fields.pop("choices", ("SGD", "Momentum", "Adam", "RMSprop", "Adagrad"))
    return Question(
        id=qid,
        type=qtype,
        prompt={ANY_LANGUAGE: "Which?"},
        answer=answer if answer is not None else ("C" if qtype == "choice" else ("A", "C")),
        bank="b",
        file=Path("b.yaml"),
        line=1,
        choices=tuple({ANY_LANGUAGE: text} for text in choices),
        **fields,
    )


# -- the order -------------------------------------------------------------------------------


def test_an_order_is_a_permutation_of_the_choices():
    for number in range(50):
        assert sorted(shuffle.order(question(), number).shown) == [0, 1, 2, 3, 4]


def test_the_same_card_and_review_number_give_the_same_order():
    assert shuffle.order(question(), 7) == shuffle.order(question(), 7)


def test_the_order_is_pinned_across_processes_and_machines():
    """SHA-256 of (id, number), not hash() (salted per process) nor random's internals: a
    resumed session elsewhere shows what the first one showed."""
    assert [shuffle.order(question(), n).shown for n in range(4)] == [
        (0, 3, 4, 1, 2),
        (0, 3, 4, 1, 2),  # two reviews may draw the same order, as any fair draw can
        (2, 4, 0, 3, 1),
        (2, 0, 1, 4, 3),
    ]
    code = (
        "from pathlib import Path; from quiz.model import Question;"
        " from quiz.schedule import shuffle;"
        " q = Question('q-adam', 'choice', {}, 'C', 'b', Path('b'), 1, choices=({},) * 5);"
        " print(shuffle.order(q, 2).shown)"
    )
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO,
            env=child_env(PYTHONHASHSEED=seed),
            capture_output=True,
            text=True,
        )
        assert result.stdout.strip() == "(2, 4, 0, 3, 1)", result.stderr


def test_review_numbers_draw_different_orders_and_move_the_key():
    orders = [shuffle.order(question(), n) for n in range(30)]
    assert len({o.shown for o in orders}) >= 20
    assert len({o.shown_letter("C") for o in orders}) == 5  # the key is not learnt by letter
    # Every order of three choices turns up, each about as often as the others.
    three = question(choices=("SGD", "Momentum", "Adam"))
    counts = dict.fromkeys(permutations(range(3)), 0)
    for number in range(6000):
        counts[shuffle.order(three, number).shown] += 1
    assert all(800 < count < 1200 for count in counts.values()), counts


def test_questions_order_their_choices_independently():
    first, second = question("q-one"), question("q-two")
    assert [shuffle.order(first, n) for n in range(5)] != [
        shuffle.order(second, n) for n in range(5)
    ]


def test_a_question_that_opts_out_keeps_the_bank_order():
    kept = question(shuffle=False)
    for number in range(20):
        order = shuffle.order(kept, number)
        assert order.shown == (0, 1, 2, 3, 4) and not order.shuffled
        assert order.bank_answer("a, c") == "a, c"


def test_a_question_without_choices_has_nothing_to_order():
    order = shuffle.order(question(qtype="numeric", answer=28, choices=()), 3)
    assert order.shown == () and not order.shuffled
    assert order.bank_answer("28") == "28"


# -- letters both ways ------------------------------------------------------------------------

ORDER = shuffle.ChoiceOrder((2, 0, 4, 3, 1))  # A shows bank C (Adam), B shows bank A (SGD), …


def test_the_order_shows_the_choices_under_new_letters():
    assert [choice[ANY_LANGUAGE] for choice in ORDER.choices(question())] == [
        "Adam", "SGD", "Adagrad", "RMSprop", "Momentum",
    ]  # fmt: skip
    assert [ORDER.bank_letter(letter) for letter in "ABCDE"] == list("CAEDB")
    assert [ORDER.shown_letter(letter) for letter in "CAEDB"] == list("ABCDE")


@pytest.mark.parametrize(
    ("typed", "bank"),
    [("A", "C"), ("a", "C"), ("Ａ", "C"), ("a, c", "C, E"), ("BE", "AB"), (" b ", " A "),
     ("Z", "Z"), ("?", "?"), ("a\x00", "C\x00"), ("\udcff", "\udcff")],
)  # fmt: skip
def test_typed_letters_are_mapped_to_the_banks_and_nothing_else_changes(typed, bank):
    assert ORDER.bank_answer(typed) == bank


def test_an_answer_in_bank_letters_maps_back_to_the_letters_shown():
    for typed in ("A", "B, D", "ACE", "?"):
        assert ORDER.shown_answer(ORDER.bank_answer(typed)) == typed


def test_the_key_is_shown_under_the_letter_of_its_choice():
    assert ORDER.shown_key("C") == "A"
    assert ORDER.shown_key(("A", "C")) == ("A", "B")  # sorted, as a multi key is
    assert shuffle.key_text(question(), "C", ORDER, None) == "A) Adam"
    multi = question(qtype="multi")
    assert shuffle.key_text(multi, ("A", "C"), ORDER, None) == "A) Adam; B) SGD"


def test_a_key_computed_by_a_snippet_in_bank_letters_is_shown_in_the_letters_shown():
    computed = question(answer="snippet")
    key = answers.key_from_value(computed, "c")  # what the snippet returned: YAML order
    assert key == "C"
    assert shuffle.key_text(computed, key, ORDER, None) == "A) Adam"
    assert shuffle.judge(computed, key, ORDER, "a").correct


def test_judging_reads_the_letters_shown():
    assert shuffle.judge(question(), "C", ORDER, "a").correct
    assert not shuffle.judge(question(), "C", ORDER, "c").correct  # the bank's letter
    multi = question(qtype="multi")
    assert shuffle.judge(multi, ("A", "C"), ORDER, "b a").correct
    with pytest.raises(answers.Unparseable, match="type letters from A to E"):
        shuffle.judge(multi, ("A", "C"), ORDER, "a f")


def test_what_the_judge_says_about_an_answer_names_the_letters_shown():
    multi = question(qtype="multi")  # key A, C in the bank: shown as B, A
    judgement = shuffle.judge(multi, ("A", "C"), ORDER, "A D")  # bank C, D
    assert not judgement.correct
    assert judgement.given == "A, D"
    # Missing B, extra D as the student saw them; in the bank's letters: missing A, extra D.
    assert {c for c in judgement.note or "" if c.isupper()} == {"B", "D"}


# -- the review ----------------------------------------------------------------------------------

BANK = """\
bank: lab
questions:
  - id: {qid}
    type: choice
    prompt: Which optimizer adapts a per-parameter step?
    choices: [SGD, Momentum, Adam, RMSprop, Adagrad]
    answer: C
    explanation: Adam divides each step by a running RMS of that weight's gradients.
"""


def shown_choices(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.startswith("  ") and ") " in line]


def lab(tmp_path, qid: str = "lab-adam") -> tuple[Path, Question]:
    from quiz.bank.catalog import load_file

    path = write_bank(tmp_path, BANK.format(qid=qid), {})
    return path, load_file(path).questions[0]


def test_the_review_shows_the_drawn_order_judges_the_letter_shown_and_logs_the_banks(
    tmp_path,
):
    path, card = lab(tmp_path)
    order = shuffle.order(card, 0)
    assert order.shown_letter("C") != "C"  # else this card could not tell the orders apart
    letter = order.shown_letter("C")

    result = quiz("review", "--bank", str(path), input=f"{letter.lower()}\n\n")

    assert result.exit_code == 0, result.output
    expected = [f"{chr(65 + i)}) {pick}" for i, pick in enumerate(order_texts(card, order))]
    assert shown_choices(result.output) == expected
    assert "✓ Right" in result.output
    assert f"Answer: {letter}) Adam" in result.output
    [review] = Store(database_path()).history("lab-adam")
    assert (review.answer, review.correct) == ("C", True)  # the bank's letter, not the typed


def order_texts(card: Question, order: shuffle.ChoiceOrder) -> list[str]:
    return [choice[ANY_LANGUAGE] for choice in order.choices(card)]


def test_a_resumed_session_shows_the_same_order_and_the_next_review_another(tmp_path):
    path, card = lab(tmp_path)
    assert shuffle.order(card, 0) != shuffle.order(card, 1)

    day_one, day_two = {"QUIZ_NOW": "2030-01-07T12:00"}, {"QUIZ_NOW": "2030-01-08T12:00"}
    first = [f"{chr(65 + i)}) {t}" for i, t in enumerate(order_texts(card, shuffle.order(card, 0)))]

    stopped = quiz("review", "--bank", str(path), input=":q\n", **day_one)
    # Shown again, graded 4, then the same-day repeat... none: 4 does not come back today.
    resumed = quiz("review", "--bank", str(path), input="?\n4\n", **day_one)
    assert shown_choices(stopped.output) == shown_choices(resumed.output) == first

    second = quiz("review", "--bank", str(path), input=":q\n", **day_two)
    expected = order_texts(card, shuffle.order(card, 1))
    assert shown_choices(second.output) == [f"{chr(65 + i)}) {t}" for i, t in enumerate(expected)]
    assert shown_choices(second.output) != first
