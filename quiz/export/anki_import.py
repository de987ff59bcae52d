"""`quiz import anki`: the Basic and Cloze notes of an Anki package as a YAML bank.

Owns how a note becomes questions; reading the package is apkg.py's, and the bank's rules
are bank/format.py's (ids) and validate.py's (what `quiz check` accepts), which the bank
written here meets without a warning.

- A Basic note (a normal note type with fields Front and Back, or with just two fields) is
  one question: the front is the prompt, the back the answer. A Cloze note is one question
  per cloze number: the prompt is its text with that number's deletions shown as `[...]`
  (or `[hint]`) and the others filled in; the answer is the deletion; `Back Extra` is the
  explanation. Other note types (Image Occlusion, quiz's own export, any with more fields)
  are left out and counted.
- The answer makes a `text` question (judged as typed) when it is a short term (one line,
  at most MAX_TERM_CHARS) that names two or more accepted spellings: alternatives written
  on the card (`ReLU / rectifier`, `ReLU; rectifier`), or `term (gloss)`, whose halves the
  judge takes either way. A single spelling would mark every other way of writing it wrong
  (`quiz check` warns about such keys for that reason), so everything else is an `open`
  question: the back is the model answer and the student grades themselves, as in Anki.
- HTML becomes text: line breaks and blocks are new lines, list items `- `, entities
  unescaped, other tags dropped. Images (<img src>) and sounds ([sound:…]) are copied from
  the package into a folder beside the bank (BANK-media/) and named in the text as
  `[image: BANK-media/f.png]`, `[sound: BANK-media/a.mp3]`.
- Ids are `anki-` and a hash of the note's GUID (with `-cN` for cloze N): the same note
  imported again keeps its id, and so its review history. Tags are kept, with spaces (which
  a bank allows but Anki's never hold) as `_` and control characters dropped.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from quiz.apkg import AnkiNote, PackageReader
from quiz.bank.catalog import load_path
from quiz.bank.format import ID, name_check
from quiz.errors import BankError, QuizError
from quiz.paths import builtin_questions_dir
from quiz.schedule.wording import normalize

MAX_TERM_CHARS = 60
"""An answer longer than this is no term to type but a sentence to compare."""
ID_PREFIX = "anki-"
EMPTY = "empty prompt or answer"
"""Why a note of a known type is left out: its prompt or answer has no text."""
_ID = name_check(ID)
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_ALTERNATIVES = re.compile(r"\s*;\s*|\s+/\s+|\s*\|\s*")
_SENTENCE_END = re.compile(r"[.?!。？！](\s|$)")
"""Where an answer ends a sentence, it is one to compare, not a term to type."""
_BRACKETED = re.compile(r"^(?P<head>[^()]*?)\s*\((?P<inner>[^()]*)\)$")
_BLOCKS = {"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"}


@dataclass
class ImportSummary:
    """What an import wrote, and what it left out."""

    bank_file: Path
    bank_id: str
    notes: int = 0
    text: int = 0
    open: int = 0
    media_dir: Path | None = None
    media: int = 0
    missing_media: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    """Notes left out, by note type (or by why)."""

    @property
    def questions(self) -> int:
        return self.text + self.open


def import_anki(
    deck: Path, *, out: Path | None = None, bank_id: str | None = None, force: bool = False
) -> ImportSummary:
    """Write the Basic and Cloze notes of the package `deck` as a bank; returns what it did.

    The bank goes to `out` (default: BANK.yaml in the current folder), its id is `bank_id`
    (default: from the file name), and an existing file is replaced only with `force`.
    """
    if bank_id is not None and not _ID.match(bank_id):
        raise QuizError(
            f"--bank {bank_id!r}: a bank id is letters, digits, '-', '_' and '.',"
            " starting with a letter or digit"
        )
    bank_id = bank_id or bank_id_from((out or deck).stem)
    if bank_id in builtin_bank_ids():
        raise QuizError(f"bank id {bank_id!r} is a built-in bank's; name yours with --bank")
    out = out if out is not None else Path(f"{bank_id}.yaml")
    if out.suffix not in (".yaml", ".yml"):
        raise QuizError(f"{out}: a bank file ends in .yaml")
    if out.exists() and not force:
        raise QuizError(f"{out}: already exists; choose another --out, or --force to replace it")
    summary = ImportSummary(bank_file=out, bank_id=bank_id)
    media_dir = out.with_name(f"{out.stem}-media")
    with PackageReader(deck) as package:
        notes = package.notes()
        media = MediaCopier(package, package.media(), media_dir, summary)
        questions = []
        for note in notes:
            made = note_questions(note, media)
            if not made:
                reason = EMPTY if made == [] else f"note type {note.notetype.name!r}"
                summary.skipped[reason] = summary.skipped.get(reason, 0) + 1
                continue
            summary.notes += 1
            questions += made
    summary.text = sum(q["type"] == "text" for q in questions)
    summary.open = len(questions) - summary.text
    summary.media_dir = media_dir if summary.media else None
    decks = {note.deck for note in notes if note.deck}
    title = decks.pop() if len(decks) == 1 else deck.stem
    header = f"# Imported from {deck.name} by `quiz import anki`"
    if summary.media:
        header += f"; its media are in {media_dir.name}/"
    _write_yaml(out, header, {"bank": bank_id, "title": title, "questions": questions})
    return summary


def builtin_bank_ids() -> set[str]:
    """The ids of the built-in banks, which every command loads beside the student's (none
    when they cannot be loaded: every command says why, this one need not)."""
    try:
        return {bank.id for bank in load_path(builtin_questions_dir(), builtin=True)}
    except BankError:
        return set()


def bank_id_from(stem: str) -> str:
    """A valid bank id from a file name: other characters as `-`, a letter or digit first."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", unicodedata.normalize("NFKC", stem))
    cleaned = cleaned.lstrip("-_.")
    return cleaned or "anki"


def question_id(guid: str, cloze: int | None = None) -> str:
    """The stable id of a note's question: from its GUID, and its cloze number."""
    digest = hashlib.sha256(guid.encode("utf-8")).hexdigest()[:12]
    return f"{ID_PREFIX}{digest}" + (f"-c{cloze}" if cloze is not None else "")


def note_questions(note: AnkiNote, media: MediaCopier | None = None) -> list[dict[str, Any]] | None:
    """The questions of a note (as the bank writes them); None for a note type that is
    neither Basic nor Cloze. A note whose prompt or answer is empty gives none."""
    tags = bank_tags(note.tags)
    if note.notetype.cloze:
        text = note.field("Text")
        if text is None or "image-occlusion:" in text:
            return None
        extra = note.field("Back Extra") or ""
        return cloze_questions(note.guid, text, extra, tags, media)
    front, back = note.field("Front"), note.field("Back")
    if front is None or back is None:
        if len(note.fields) != 2 or len(note.notetype.fields) != 2:
            return None
        front, back = note.fields
    question = _question(
        question_id(note.guid), to_text(front, media), to_text(back, media), "", tags
    )
    return [question] if question else []


def cloze_questions(
    guid: str, text: str, extra: str, tags: list[str], media: MediaCopier | None = None
) -> list[dict[str, Any]]:
    """One question per cloze number of `text`."""
    numbers = sorted({int(match[1]) for match in _CLOZE.finditer(text)})
    explanation = to_text(extra, media)
    questions = []
    for number in numbers:

        def shown(match: re.Match[str], number: int = number) -> str:
            if int(match[1]) != number:
                return match[2]
            return f"[{match[3]}]" if match[3] else "[...]"

        prompt = to_text(_CLOZE.sub(shown, text), media)
        deletions = [to_text(m[2], media) for m in _CLOZE.finditer(text) if int(m[1]) == number]
        answer = " · ".join(dict.fromkeys(d for d in deletions if d))
        made = _question(question_id(guid, number), prompt, answer, explanation, tags)
        if made:
            questions.append(made)
    return questions


def _question(
    qid: str, prompt: str, answer: str, explanation: str, tags: list[str]
) -> dict[str, Any] | None:
    if not prompt.strip() or not answer.strip():
        return None
    spellings = accepted_spellings(answer)
    question: dict[str, Any] = {"id": qid, "type": "text" if spellings else "open"}
    question["prompt"] = prompt
    question["answer"] = spellings or answer
    if explanation.strip():
        question["explanation"] = explanation
    if tags:
        question["tags"] = list(tags)
    return question


def accepted_spellings(answer: str) -> list[str]:
    """The spellings a text question accepts for `answer`, when it is a short term that
    names two or more (see the module's rule); [] when it should be an open question."""
    if (
        "\n" in answer
        or len(answer) > MAX_TERM_CHARS
        or "·" in answer
        or _SENTENCE_END.search(answer)
    ):
        return []
    parts = [part.strip() for part in _ALTERNATIVES.split(answer)]
    spellings = [answer] if len(parts) == 1 else []
    for part in parts:
        bracketed = _BRACKETED.match(part)
        spellings.append(part)
        if bracketed:
            spellings += [bracketed["head"].strip(), bracketed["inner"].strip()]
    distinct: dict[str, str] = {}
    for spelling in spellings:
        if spelling:
            distinct.setdefault(normalize(spelling), spelling)
    return list(distinct.values()) if len(distinct) >= 2 else []


def bank_tags(tags: tuple[str, ...]) -> list[str]:
    """Anki tags as a bank's: control characters dropped, spaces as `_`, each once."""
    kept = []
    for tag in tags:
        cleaned = "".join(c for c in unicodedata.normalize("NFC", tag) if c.isprintable())
        cleaned = "_".join(cleaned.split())
        if cleaned:
            kept.append(cleaned)
    return list(dict.fromkeys(kept))


class MediaCopier:
    """Copies the media a note names into the bank's media folder, once each, and says how
    the bank's text refers to each file."""

    def __init__(
        self,
        package: PackageReader,
        members: dict[str, str],
        folder: Path,
        summary: ImportSummary,
    ) -> None:
        self.package = package
        self.members = members
        self.folder = folder
        self.summary = summary
        self.copied: dict[str, str] = {}

    def reference(self, name: str) -> str:
        """How the bank's text names the file `name` (copied, if the package has it)."""
        if name in self.copied:
            return self.copied[name]
        found = next((n for n in (name, unquote(name)) if n in self.members), None)
        if found is None or not _plain_file_name(found):
            self.summary.missing_media.append(name)
            self.copied[name] = name
            return name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.package.copy_media(self.members[found], self.folder / found)
        self.summary.media += 1
        self.copied[name] = f"{self.folder.name}/{found}"
        return self.copied[name]


def _plain_file_name(name: str) -> bool:
    """A media name that is one file in one folder: nothing that leads elsewhere."""
    return (
        bool(name)
        and name not in (".", "..")
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and name.isprintable()
    )


def to_text(field_html: str, media: MediaCopier | None = None) -> str:
    """A field's HTML as the plain text a bank holds (see the module's rules)."""

    def reference(name: str) -> str:
        return media.reference(name) if media is not None else name

    parser = _TextParser(reference)
    parser.feed(field_html)
    parser.close()
    text = _SOUND.sub(lambda m: f"[sound: {reference(m[1].strip())}]", parser.text())
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in text.split("\n")]
    cleaned = "\n".join(lines)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned).strip()
    return "".join(c for c in cleaned if c == "\n" or c.isprintable())


class _TextParser(HTMLParser):
    def __init__(self, reference: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.reference = reference
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            source = dict(attrs).get("src")
            if source:
                self.parts.append(f"[image: {self.reference(html.unescape(source))}]")
        elif tag == "li":
            self._line_break()
            self.parts.append("- ")
        elif tag in _BLOCKS:
            self._line_break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._line_break()

    def _line_break(self) -> None:
        """A block starts on a line of its own; unlike <br><br>, two blocks make no blank
        line between them."""
        last = next((part for part in reversed(self.parts) if part), "")
        if last and not last.endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)


class _BankDumper(yaml.SafeDumper):
    """Block style for text of several lines; no anchors (each question its own lists)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _represent_text)


def _write_yaml(out: Path, header: str, document: dict[str, Any]) -> None:
    text = yaml.dump(document, Dumper=_BankDumper, allow_unicode=True, sort_keys=False, width=100)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(f"{header}\n{text}")
        os.replace(name, out)
    finally:
        Path(name).unlink(missing_ok=True)
