"""Cards as the commands show them: counts per bank, a state in one word, orphans.

Reads cards the store returns and questions the catalog holds; no SQL, no terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from quiz.bank.catalog import Catalog
from quiz.model import Card


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
