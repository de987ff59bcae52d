"""Anki export: the loaded banks as an .apkg file, one deck per bank, one note per question.

Owns the note type, the HTML of each field and the ids that make a re-import update the notes
it made before instead of adding copies: the note type and deck ids are constants derived from
names, and a note's GUID from its question id (and variant index). Parametric questions become
a few fixed variants whose keys are proved by running their snippets (through the
Prover); which variants is params.sample_indices'. A note is static, so a shuffled
question's choices are written in one drawn order, the one its first review shows
(ANKI_REVIEW_NUMBER), with the key lettered as shown. With `progress`, each question's
card carries its schedule and history (anki_progress.py says how): every note of a
parametric question gets the card's schedule, so nothing learned comes back as new, and
only its first note gets the history, so that Anki counts each review once. Loading banks
is bank's, trust is snippets', the package file apkg's; genanki is imported by this module
only, so `import quiz.cli` never pays for it.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import genanki

from quiz import apkg, clock
from quiz.bank.catalog import Catalog, snippets_dir_refusal
from quiz.bank.files import resolve
from quiz.errors import BankError
from quiz.export import anki_progress
from quiz.model import Bank, Question, Text, pick
from quiz.schedule import params, shuffle
from quiz.schedule.code import function_source
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
    scheduled: int = 0
    """With progress: the notes that carry a schedule (not new)."""
    reviews: int = 0
    """With progress: the reviews written as Anki's review history."""


def yaml_key(question: Question, variant: dict[str, Any] | None) -> Any:
    """The key written in the bank; None for a key that only a snippet can compute."""
    return None if question.key_from_snippet else question.answer


def build_package(
    catalog: Catalog, bank_ids: list[str] | None, *, keys: KeyLookup | None = None
) -> genanki.Package:
    """The Anki package of the chosen banks (all when None); runs nothing.

    `keys` gives each variant's key (default: the YAML key); a variant without one is left out.
    """
    package, _, _ = _assemble(catalog, bank_ids, keys or yaml_key)
    return package


def export_anki(
    catalog: Catalog,
    bank_ids: list[str] | None,
    out: Path,
    *,
    device: str = "cpu",
    store: Store | None = None,
    jobs: int = 1,
    progress: bool = False,
    today: date | None = None,
    rollover_hour: int | None = None,
) -> ExportSummary:
    """Write the chosen banks to `out` as an .apkg, running snippets for computed keys.

    Snippets of banks that are not built in must be trusted (in `store`, default the user's
    database); a variant whose snippet fails is skipped and named in the summary. With
    `progress`, the cards carry their schedules and histories from `store`, counted in
    study days that start at `rollover_hour` (`today`: the study day of the export; both
    default to the clock's).
    """
    questions = [q for bank in _banks(catalog, bank_ids) for q in bank.questions]
    own_store = store is None
    if store is None:
        from quiz.paths import database_path
        from quiz.store import Store

        store = Store(database_path())
    try:
        keys, failures = _snippet_keys(catalog, questions, store, device, jobs)

        def lookup(question: Question, variant: dict[str, Any] | None) -> Any:
            if not question.key_from_snippet:
                return question.answer
            return keys.get((question.id, _variant_marker(variant)))

        package, skipped, guids = _assemble(catalog, bank_ids, lookup)
        schedules = None
        if progress:
            schedules = _progress(
                store,
                questions,
                guids,
                today or clock.today(),
                clock.rollover_hour() if rollover_hour is None else rollover_hour,
            )
    finally:
        if own_store:
            store.close()
    apkg.write_package(package, out, schedules)
    notes = (schedules.notes if schedules else {}).values()
    return ExportSummary(
        decks=len(package.decks),
        notes=sum(len(deck.notes) for deck in package.decks),
        skipped=skipped,
        failures=tuple(failures),
        scheduled=sum(note.card.type != anki_progress.NEW for note in notes),
        reviews=sum(len(note.reviews) for note in notes),
    )


def _progress(
    store: Store,
    questions: list[Question],
    guids: dict[str, list[str]],
    today: date,
    rollover_hour: int,
) -> apkg.Progress:
    """The schedules of the exported notes: each question's card on each of its notes, its
    history on the first."""
    exported = [q for q in questions if guids.get(q.id)]
    cards = store.cards(q.id for q in exported)
    histories = {q.id: store.history(q.id, q.renamed_from) for q in exported if q.id in cards}
    created = anki_progress.created_day(today, cards.values(), histories.values())
    notes: dict[str, apkg.NoteProgress] = {}
    for question in exported:
        for index, guid in enumerate(guids[question.id]):
            carried = anki_progress.note_progress(
                cards.get(question.id),
                histories.get(question.id, []),
                created,
                with_history=index == 0,
            )
            if carried is not None:
                notes[guid] = carried
    start = datetime.combine(created, time(rollover_hour)).astimezone()
    return apkg.Progress(created=start, rollover_hour=rollover_hour, notes=notes)


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
        f"{p.job.question.id}{p.job.label}: snippet {p.job.snippet.name} {p.message}"
        for p in proofs
        if not p.passed
    ]
    return keys, failures


def _variant_marker(variant: dict[str, Any] | None) -> str:
    # Variant values may be lists, so the dict is keyed by its repr, as the key cache does.
    return repr(sorted(variant.items())) if variant else ""


def _assemble(
    catalog: Catalog, bank_ids: list[str] | None, keys: KeyLookup
) -> tuple[genanki.Package, int, dict[str, list[str]]]:
    """The package, the variants left out, and each question's note GUIDs in order."""
    decks = []
    skipped = 0
    sources: dict[Path, str] = {}
    guids: dict[str, list[str]] = {}
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
                    if question.code is not None:
                        fields = _executable_fields(bank, question, variant, key, sources)
                    else:
                        fields = _fields(question, variant, key, code) if key is not None else None
                except params.VariantError:
                    fields = None
                if fields is None:
                    skipped += 1
                    continue
                guid = genanki.guid_for(question.id, *(() if index is None else (index,)))
                guids.setdefault(question.id, []).append(guid)
                deck.add_note(
                    genanki.Note(
                        model=NOTE_TYPE,
                        fields=fields,
                        tags=note_tags(question),
                        guid=guid,
                    )
                )
        decks.append(deck)
    return genanki.Package(decks), skipped, guids


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


def _executable_fields(
    bank: Bank,
    question: Question,
    variant: dict[str, Any] | None,
    key: Any,
    sources: dict[Path, str],
) -> list[str] | None:
    """The note of a code or predict question, whose code is shown, not the snippet file.

    Code: the starter under the prompt; the back the reference (the snippet's answer()) and
    the number of cases it is checked on, as no key is written. Predict: the code under the
    prompt as it runs for the variant; the back what it printed or raised (None when that
    was not computed, as for any snippet-keyed variant)."""
    assert question.code is not None  # noqa: S101 - the caller's condition
    snippet = sources[resolve(bank, question.snippet.name)] if question.snippet else ""
    if question.type == "code":
        fields = _fields(question, variant, None, "")
        shown, reference = question.code.starter, function_source(snippet, "answer")
        fixed, drawn = len(question.code.cases), question.code.random_cases
        fields[FIELDS.index("Answer")] = (
            f"<pre><code>{html.escape(reference, quote=False)}</code></pre>"
            f"Passes the reference's {fixed + drawn} cases ({fixed} fixed, {drawn} random)."
            f'<br><span class="zh" lang="zh">通过参考答案的 {fixed + drawn} 个测试用例'
            f"（{fixed} 个固定，{drawn} 个随机）。</span>"
        )
    elif key is None:
        return None
    else:
        fields = _fields(question, variant, key, "")
        block = question.code.block if question.code.block is not None else snippet
        shown = params.fill_code(block, variant)
    prompt = FIELDS.index("Prompt")
    fields[prompt] += f"<pre><code>{html.escape(shown, quote=False)}</code></pre>"
    return fields


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
