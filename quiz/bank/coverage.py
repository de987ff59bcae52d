"""How well banks are built: per bank, questions by type, bilingual share, share proved by a
snippet, parametric count. Behind `quiz banks --coverage` and docs/content.md."""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.model import ANY_LANGUAGE, QUESTION_TYPES, Bank, Question

BILINGUAL = ("en", "zh")


@dataclass(frozen=True)
class BankCoverage:
    bank: str
    questions: int
    by_type: dict[str, int] = field(default_factory=dict)
    bilingual: int = 0
    proved: int = 0
    parametric: int = 0

    @property
    def bilingual_percent(self) -> float:
        return 100.0 * self.bilingual / self.questions if self.questions else 0.0

    @property
    def proved_percent(self) -> float:
        return 100.0 * self.proved / self.questions if self.questions else 0.0


def is_bilingual(question: Question) -> bool:
    """Prompt and explanation (and a written model answer) in both English and Chinese."""
    texts = [question.prompt, question.explanation] if question.explanation else [question.prompt]
    if question.type == "open":
        texts.append(question.answer)
    return all(ANY_LANGUAGE not in text and set(BILINGUAL) <= set(text) for text in texts)


def bank_coverage(bank: Bank) -> BankCoverage:
    questions = bank.questions
    return BankCoverage(
        bank=bank.id,
        questions=len(questions),
        by_type={t: sum(q.type == t for q in questions) for t in QUESTION_TYPES},
        bilingual=sum(is_bilingual(q) for q in questions),
        # A predict block proves its own key by running, as a snippet proves another's.
        proved=sum(q.snippet is not None or q.code is not None for q in questions),
        parametric=sum(q.parametric for q in questions),
    )


def total(rows: list[BankCoverage]) -> BankCoverage:
    return BankCoverage(
        bank="all",
        questions=sum(r.questions for r in rows),
        by_type={t: sum(r.by_type.get(t, 0) for r in rows) for t in QUESTION_TYPES},
        bilingual=sum(r.bilingual for r in rows),
        proved=sum(r.proved for r in rows),
        parametric=sum(r.parametric for r in rows),
    )


def markdown(rows: list[BankCoverage]) -> str:
    """The coverage table as Markdown (docs/content.md is this, for the built-in banks)."""
    header = ["bank", "questions", *QUESTION_TYPES, "bilingual", "proved", "parametric"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in [*rows, total(rows)]:
        name = f"**{row.bank}**" if row.bank == "all" else row.bank
        cells = [
            name,
            str(row.questions),
            *(str(row.by_type.get(t, 0)) for t in QUESTION_TYPES),
            f"{row.bilingual_percent:.0f}%",
            f"{row.proved_percent:.0f}%",
            str(row.parametric),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
