"""Cards as the commands show them: counts per bank, a state in one word, orphans.

Reads cards the store returns and questions the catalog holds; no SQL, no terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from quiz.bank.catalog import Catalog
from quiz.model import Bank, Card, Question


def counts(cards: Iterable[Card | None], today: date) -> dict[str, int]:
    """How many of these cards are new (None), due, learned and suspended."""
    result = {"new": 0, "due": 0, "learned": 0, "suspended": 0}
    for card in cards:
        if card is None:
            result["new"] += 1
        elif card.suspended:
            result["suspended"] += 1
        else:
            result["due"] += card.due_day <= today
            result["learned"] += card.state.repetitions > 0
    return result


def state_word(card: Card | None, today: date) -> str:
    """new, leech, suspended, due, learning (fewer than 3 passes in a row) or review."""
    if card is None:
        return "new"
    if card.leech:
        return "leech"
    if card.suspended:
        return "suspended"
    if card.due_day <= today:
        return "due"
    return "learning" if card.state.repetitions < 3 else "review"


def orphans(catalog: Catalog, cards: dict[str, Card]) -> list[Card]:
    """Cards whose question is in no loaded bank, under its id or a former one."""
    renamed = catalog.renames()
    return [
        card
        for question_id, card in sorted(cards.items())
        if question_id not in catalog.questions and question_id not in renamed
    ]


@dataclass(frozen=True)
class BankRow:
    """One line of `quiz banks`: a loaded bank and how many of its cards are in each state."""

    bank: Bank
    total: int
    counts: dict[str, int]


def bank_rows(
    catalog: Catalog, selected: list[str] | None, cards: dict[str, Card], today: date
) -> list[BankRow]:
    """Each loaded bank (those `selected`, or all) with its card counts."""
    return [
        BankRow(
            loaded,
            len(loaded.questions),
            counts([cards.get(q.id) for q in loaded.questions], today),
        )
        for loaded in catalog.banks
        if selected is None or loaded.id in selected
    ]


def listed(
    questions: Iterable[Question],
    cards: dict[str, Card],
    today: date,
    *,
    leeches_only: bool = False,
    due_only: bool = False,
) -> list[tuple[Question, Card | None]]:
    """The questions `quiz list` shows, each with its card (None: never reviewed)."""
    rows = []
    for question in questions:
        card = cards.get(question.id)
        if leeches_only and not (card and card.leech):
            continue
        if due_only and not (card and not card.suspended and card.due_day <= today):
            continue
        rows.append((question, card))
    return rows
