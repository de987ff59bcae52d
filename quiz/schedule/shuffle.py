"""The order a choice or multi question's choices are shown in, and its letters both ways.

Pure. The order is drawn from (question id, a number) alone, so the same card shows the
same order however often it is drawn (a reprinted card, a resumed session, a same-day
repeat) and the next review draws afresh: students learn the choices, not their letters.
Which number is the caller's: the review passes the card's review number, an exam its
seed, the Anki export 0. A question with `shuffle: false` (a choice such as "all of the
above") keeps the bank order.

The bank's letters (the YAML order) stay the language of keys, snippets, the review log
and exam history; only the screen speaks shown letters. Callers map at that edge: what the
student typed to bank letters (`bank_answer`) before it is stored, the key to shown letters
(`key_text`) before it is displayed. Judging (`judge`) happens against the choices as shown,
which gives the same verdict as in bank letters and words what it says about the answer
("missing E") in the letters the student saw.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from quiz.model import Question, Text
from quiz.schedule import answers


@dataclass(frozen=True)
class ChoiceOrder:
    """The order choices are shown in: `shown[i]` is the bank index of the i-th choice shown,
    which the student sees lettered chr(65 + i)."""

    shown: tuple[int, ...]

    @property
    def shuffled(self) -> bool:
        """Whether any choice is shown under another letter than the bank's."""
        return self.shown != tuple(range(len(self.shown)))

    def choices(self, question: Question) -> tuple[Text, ...]:
        """The question's choices in the order shown."""
        return tuple(question.choices[index] for index in self.shown)

    def view(self, question: Question) -> Question:
        """The question as shown, its choices in this order, for what prints or formats them
        by position. Its key is still in bank letters: display it through `shown_key`."""
        return replace(question, choices=self.choices(question)) if self.shuffled else question

    def bank_letter(self, shown: str) -> str:
        """The bank letter of the choice shown under `shown` (an upper-case letter)."""
        return chr(65 + self.shown[ord(shown) - 65])

    def shown_letter(self, bank: str) -> str:
        """The letter the choice with bank letter `bank` is shown under."""
        return chr(65 + self.shown.index(ord(bank) - 65))

    def shown_key(self, key: Any) -> Any:
        """A choice key (one letter) or a multi key (letters) in shown letters, sorted."""
        if isinstance(key, str):
            return self.shown_letter(key)
        return tuple(sorted(self.shown_letter(letter) for letter in key))

    def bank_answer(self, typed: str) -> str:
        """What the student typed, its shown letters replaced by bank letters.

        Only the letters of choices change (as upper case); every other character stays as
        typed, so the judge reads, or refuses, the answer exactly as it would the typed one.
        """
        return self._swap(typed, self.bank_letter)

    def shown_answer(self, answer: str) -> str:
        """An answer in bank letters (as `bank_answer` gave it) in shown letters again."""
        return self._swap(answer, self.shown_letter)

    def _swap(self, text: str, letter: Callable[[str], str]) -> str:
        if not self.shuffled:
            return text
        last = chr(64 + len(self.shown))
        swapped = []
        for char in text:
            # As the judge reads a letter: full-width and lower case count.
            read = unicodedata.normalize("NFKC", char).upper()
            swapped.append(letter(read) if len(read) == 1 and "A" <= read <= last else char)
        return "".join(swapped)


def judge(
    question: Question,
    key: Any,
    order: ChoiceOrder,
    typed: str,
    lang: str | None = None,
    mistakes: Mapping[str, Any] | None = None,
) -> answers.Judgement:
    """answers.judge of what the student typed in the letters of `order`, for a key and
    mistakes (answers.mistake_values; None: the fixed ones) in the bank's letters;
    Unparseable as answers.judge raises it."""
    if not order.shuffled:
        return answers.judge(question, key, typed, lang, mistakes)
    values = answers.mistake_values(question) if mistakes is None else mistakes
    shown = {name: order.shown_key(value) for name, value in values.items()}
    return answers.judge(order.view(question), order.shown_key(key), typed, lang, shown)


def key_text(question: Question, key: Any, order: ChoiceOrder, lang: str | None) -> str:
    """The key as the student reads it (answers.format_key), its letters those shown."""
    if not order.shuffled:
        return answers.format_key(question, key, lang)
    return answers.format_key(order.view(question), order.shown_key(key), lang)


def bank_order(question: Question) -> ChoiceOrder:
    """The choices as the bank lists them."""
    return ChoiceOrder(tuple(range(len(question.choices))))


def order(question: Question, number: int) -> ChoiceOrder:
    """The order of the question's choices for `number` (a review number, an exam's seed):
    a permutation drawn from the question's id and `number` alone, the bank order where the
    question opts out with `shuffle: false`."""
    shown = list(range(len(question.choices)))
    if not question.shuffle:
        return ChoiceOrder(tuple(shown))
    # Fisher-Yates on a hash stream, not random.Random: the same order on every machine and
    # every Python, and no state; SHA-256 rather than hash(), which is salted per process.
    draws = _draws(question.id, number)
    for last in range(len(shown) - 1, 0, -1):
        pick = next(draws) % (last + 1)
        shown[last], shown[pick] = shown[pick], shown[last]
    return ChoiceOrder(tuple(shown))


def _draws(question_id: str, number: int) -> Iterator[int]:
    """64-bit numbers from SHA-256 of (id, number, block); their bias modulo a few choices is
    below 1e-17."""
    block = 0
    while True:
        seed = f"quiz choice order\0{question_id}\0{number}\0{block}".encode()
        digest = hashlib.sha256(seed).digest()
        for start in range(0, len(digest), 8):
            yield int.from_bytes(digest[start : start + 8], "big")
        block += 1
