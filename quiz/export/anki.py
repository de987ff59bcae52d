"""Anki export: the loaded banks as an .apkg file, one deck per bank, one note per question.

Owns the note type, the HTML of each field and the ids that make a re-import update the notes
it made before instead of adding copies: the note type and deck ids are constants derived from
names, and a note's GUID from its question id (and variant index). Parametric questions become
a few fixed variants whose keys are proved by running their snippets (through the
Prover); which variants is params.sample_indices'. A note is static, so a shuffled
question's choices are written in one drawn order, the one its first review shows
(ANKI_REVIEW_NUMBER), with the key lettered as shown. Loading banks is bank's, trust is
snippets'; genanki is imported by this module only, so `import quiz.cli` never pays for it.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import genanki

from quiz.bank.catalog import Catalog, snippets_dir_refusal
from quiz.bank.files import resolve
from quiz.errors import BankError
from quiz.model import Bank, Question, Text, pick
from quiz.schedule import params, shuffle
from quiz.snippets import proof

if TYPE_CHECKING:
    from quiz.store import Store

VARIANTS_PER_QUESTION = 3
ANKI_REVIEW_NUMBER = 0
"""The review whose choice order a note shows: the first, as `quiz review` shows a new card."""
DECK_PREFIX = "quiz"

KeyLookup = Callable[[Question, dict[str, Any] | None], Any]
"""The key of a question's variant (None: no variant), or None when it has none to export."""


def stable_id(name: str) -> int:
    """An Anki model or deck id derived from `name`, in the range genanki recommends."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


FIELDS = (
    "Prompt",
    "Prompt_zh",
    "Choices",
    "Answer",
    "Explanation",
    "Explanation_zh",
    "Code",
    "Variant",
    "Id",
)

_FRONT = """\
<div class="prompt">{{Prompt}}</div>
{{#Prompt_zh}}<div class="prompt zh" lang="zh">{{Prompt_zh}}</div>{{/Prompt_zh}}
{{#Variant}}<div class="variant">{{Variant}}</div>{{/Variant}}
{{#Choices}}<div class="choices">{{Choices}}</div>{{/Choices}}
"""

_BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}
{{#Explanation_zh}}<div class="explanation zh" lang="zh">{{Explanation_zh}}</div>{{/Explanation_zh}}
{{#Code}}<div class="code">{{Code}}</div>{{/Code}}
<div class="id">{{Id}}</div>
"""

_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; }
.zh { color: #555; margin-top: 0.3em; }
.variant, .id { color: #888; font-size: 14px; }
.answer { font-weight: bold; }
.explanation { margin-top: 0.6em; }
pre { font-size: 14px; background: #f4f4f4; padding: 0.5em; overflow-x: auto; }
"""

# Anki matches a note type by id and expects its fields unchanged: a change to FIELDS or the
# templates' field names needs a new name here, hence the version in it.
NOTE_TYPE = genanki.Model(
    model_id=stable_id("quiz note type v1"),
    name="quiz question (en + zh)",
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Question", "qfmt": _FRONT, "afmt": _BACK}],
    css=_CSS,
)


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, and the variants it left out with why."""

    decks: int
    notes: int
    skipped: int
    failures: tuple[str, ...] = ()


def yaml_key(question: Question, variant: dict[str, Any] | None) -> Any:
    """The key written in the bank; None for a key that only a snippet can compute."""
    return None if question.key_from_snippet else question.answer


def build_package(
    catalog: Catalog, bank_ids: list[str] | None, *, keys: KeyLookup | None = None
) -> genanki.Package:
    """The Anki package of the chosen banks (all when None); runs nothing.

    `keys` gives each variant's key (default: the YAML key); a variant without one is left out.
    """
    package, _ = _assemble(catalog, bank_ids, keys or yaml_key)
    return package


def export_anki(
    catalog: Catalog,
    bank_ids: list[str] | None,
    out: Path,
    *,
    device: str = "cpu",
    store: Store | None = None,
    jobs: int = 1,
) -> ExportSummary:
    """Write the chosen banks to `out` as an .apkg, running snippets for computed keys.

    Snippets of banks that are not built in must be trusted (in `store`, default the user's
    database); a variant whose snippet fails is skipped and named in the summary.
    """
    questions = [q for bank in _banks(catalog, bank_ids) for q in bank.questions]
    own_store = store is None
    if store is None:
        from quiz.paths import database_path
        from quiz.store import Store

        store = Store(database_path())
    try:
        keys, failures = _snippet_keys(catalog, questions, store, device, jobs)
    finally:
        if own_store:
            store.close()

    def lookup(question: Question, variant: dict[str, Any] | None) -> Any:
        if not question.key_from_snippet:
            return question.answer
        return keys.get((question.id, _variant_marker(variant)))

    package, skipped = _assemble(catalog, bank_ids, lookup)
    out.parent.mkdir(parents=True, exist_ok=True)
    package.write_to_file(str(out))
    return ExportSummary(
        decks=len(package.decks),
        notes=sum(len(deck.notes) for deck in package.decks),
        skipped=skipped,
        failures=tuple(failures),
    )


def exported_variants(question: Question) -> list[int | None]:
    """The variant indices a question is exported as ([None]: the question itself)."""
    if not question.parametric:
        return [None]
    return list(params.sample_indices(question, VARIANTS_PER_QUESTION))


def _banks(catalog: Catalog, bank_ids: list[str] | None) -> list[Bank]:
    """The chosen banks; BankError if one's snippets folder leads out of its folder."""
    wanted = set(bank_ids) if bank_ids is not None else None
    chosen = [bank for bank in catalog.banks if wanted is None or bank.id in wanted]
    # The loader refuses such a bank, but the folder can become a link out after loading,
    # and an export embeds the snippets' source: it must never read a file from elsewhere.
    for bank in chosen:
        refusal = snippets_dir_refusal(bank.path, bank.snippets_dir)
        if refusal is not None:
            raise BankError(f"{bank.path}: {refusal}")
    return chosen


def _snippet_keys(
    catalog: Catalog, questions: list[Question], store: Store, device: str, jobs: int
) -> tuple[dict[tuple[str, str], Any], list[str]]:
    """Keys computed by snippets, by (question id, variant), and why the others failed.

    Keys the review already computed (cached by snippet content and args) are reused, so a
    re-export of unchanged banks starts no worker at all.
    """
    from quiz.snippets.prover import Prover

    with Prover(catalog, store, device=device, jobs=jobs) as prover:
        # Every refusal before the first run: an export that stops halfway helps nobody.
        computed = [q for q in questions if q.key_from_snippet]
        for question in computed:
            prover.snippet(question)
        work: list[proof.Job] = []
        for question in computed:
            indices = [i for i in exported_variants(question) if i is not None]
            work += prover.jobs_for(question, indices or None)
        proofs = prover.prove_all(work, cached=True)
    keys = {(p.job.question.id, _variant_marker(p.job.variant)): p.key for p in proofs if p.passed}
    failures = [
        f"{p.job.question.id}{p.job.label}: snippet {p.job.path.name} {p.message}"
        for p in proofs
        if not p.passed
    ]
    return keys, failures


def _variant_marker(variant: dict[str, Any] | None) -> str:
    # Variant values may be lists, so the dict is keyed by its repr, as the key cache does.
    return repr(sorted(variant.items())) if variant else ""


def _assemble(
    catalog: Catalog, bank_ids: list[str] | None, keys: KeyLookup
) -> tuple[genanki.Package, int]:
    decks = []
    skipped = 0
    sources: dict[Path, str] = {}
    for bank in _banks(catalog, bank_ids):
        deck = genanki.Deck(
            stable_id(f"quiz deck {bank.id}"), deck_name(bank), description=_deck_description(bank)
        )
        for question in bank.questions:
            code = ""
            if question.snippet is not None:
                path = resolve(bank, question.snippet.name)
                if path not in sources:
                    sources[path] = path.read_text(encoding="utf-8")
                code = f"<pre><code>{html.escape(sources[path], quote=False)}</code></pre>"
            for index in exported_variants(question):
                variant = None if index is None else params.variant_at(question, index)
                key = keys(question, variant)
                try:
                    fields = _fields(question, variant, key, code) if key is not None else None
                except params.VariantError:
                    fields = None
                if fields is None:
                    skipped += 1
                    continue
                guid = genanki.guid_for(question.id, *(() if index is None else (index,)))
                deck.add_note(
                    genanki.Note(
                        model=NOTE_TYPE,
                        fields=fields,
                        tags=note_tags(question),
                        guid=guid,
                    )
                )
        decks.append(deck)
    return genanki.Package(decks), skipped


def deck_name(bank: Bank) -> str:
    """`quiz::<English title>`: every bank a subdeck of one `quiz` deck."""
    title = pick(bank.title, "en") or bank.id
    return f"{DECK_PREFIX}::{title.replace('::', ':')}"


def note_tags(question: Question) -> list[str]:
    """The question's tags and its bank id, with spaces (which Anki splits on) as `_`."""
    tags = dict.fromkeys([*question.tags, question.bank])
    return ["_".join(tag.split()) for tag in tags if tag.strip()]


def _deck_description(bank: Bank) -> str:
    english, chinese = _languages(bank.title)
    return _html(english) + (f"<br>{_html(chinese)}" if chinese else "")


def _fields(question: Question, variant: dict[str, Any] | None, key: Any, code: str) -> list[str]:
    prompt_en, prompt_zh = _languages(question.prompt)
    explanation_en, explanation_zh = _languages(question.explanation)
    order = shuffle.order(question, ANKI_REVIEW_NUMBER)
    answer_en = shuffle.key_text(question, key, order, "en")
    answer_zh = shuffle.key_text(question, key, order, "zh")
    answer = _html(answer_en)
    if answer_zh != answer_en:
        answer += f'<br><span class="zh" lang="zh">{_html(answer_zh)}</span>'
    return [
        _html(params.fill(prompt_en, variant)),
        _html(params.fill(prompt_zh, variant)) if prompt_zh else "",
        _choices(order.choices(question)),
        answer,
        _html(explanation_en),
        _html(explanation_zh),
        code,
        _html(", ".join(f"{name}={value}" for name, value in (variant or {}).items())),
        _html(question.id),
    ]


def _choices(choices: tuple[Text, ...]) -> str:
    if not choices:
        return ""
    items = []
    for choice in choices:
        english, chinese = _languages(choice)
        zh = f'<br><span class="zh" lang="zh">{_html(chinese)}</span>' if chinese else ""
        items.append(f"<li>{_html(english)}{zh}</li>")
    return f'<ol type="A">{"".join(items)}</ol>'


def _languages(text: Text) -> tuple[str, str]:
    """The English text (or the only one) and the Chinese text when it differs from it."""
    english = pick(text, "en")
    chinese = text.get("zh", "")
    return english, "" if chinese == english else chinese


def _html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")
