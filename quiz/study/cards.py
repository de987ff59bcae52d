"""Cards as the commands show them: counts per bank, a state in one word, orphans.

Reads cards the store returns and questions the catalog holds; no SQL, no terminal.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from quiz.bank.catalog import BUILT_IN, Catalog
from quiz.model import Bank, Card, Question


def counts(cards: Iterable[Card | None], today: date) -> dict[str, int]:
    """How many of these cards are new (None), due, learned and suspended."""
    result = {"new": 0, "due": 0, "learned": 0, "suspended": 0}
    for card in cards:
        if card is None or (card.reviews == 0 and not card.suspended):
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
    if card.reviews == 0 and not card.suspended:
        return "new"  # set aside before its first review: a row, but never studied
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
    """One line of `quiz banks`: a loaded bank, how many of its cards are in each state, and
    where it comes from (built-in, registered, QUIZ_BANKS or --bank, and the path named)."""

    bank: Bank
    total: int
    counts: dict[str, int]
    source: str = BUILT_IN
    path: Path | None = None


def bank_rows(
    catalog: Catalog, selected: list[str] | None, cards: dict[str, Card], today: date
) -> list[BankRow]:
    """Each loaded bank (those `selected`, or all) with its card counts."""
    rows = []
    for loaded in catalog.banks:
        if selected is not None and loaded.id not in selected:
            continue
        # A catalog assembled by hand (not load_catalog) knows no origins: say what it can.
        unknown = (BUILT_IN, None) if loaded.builtin else ("", loaded.path)
        source, path = catalog.origins.get(loaded.id, unknown)
        rows.append(
            BankRow(
                loaded,
                len(loaded.questions),
                counts([cards.get(qid) for qid in loaded.questions.ids], today),
                source,
                None if source == BUILT_IN else path,
            )
        )
    return rows


def listed(
    questions: Iterable[Question],
    cards: dict[str, Card],
    today: date,
    *,
    leeches_only: bool = False,
    due_only: bool = False,
    among: Collection[str] | None = None,
) -> list[tuple[Question, Card | None]]:
    """The questions `quiz list` shows, each with its card (None: never reviewed); `among`
    narrows them to these ids (the flagged ones)."""
    rows = []
    for question in questions:
        if among is not None and question.id not in among:
            continue
        card = cards.get(question.id)
        if leeches_only and not (card and card.leech):
            continue
        if due_only and not (card and not card.suspended and card.due_day <= today):
            continue
        rows.append((question, card))
    return rows
