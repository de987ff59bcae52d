"""Anki package files (.apkg): the zip, the SQL of the Anki collection inside it, its media.

Owns Anki's file formats, which no other module reads or writes. Writing: the package
genanki builds, written through genanki's own `write_to_db` into a collection of Anki's
schema 11, then the schedules and review history it is given (`Progress`) set in that
collection, then zipped under a temporary name that takes the final one when complete.
Reading: the collection of either format Anki exports (`collection.anki2`/`.anki21`, schema
11, from "Support older Anki versions" and older Ankis; `collection.anki21b`, schema 18,
zstd-compressed, from Anki 2.1.50 on), its note types, notes and decks, and the media map
(JSON, or zstd-compressed protobuf) with the media files it names.

What the values mean for quiz is the callers' (export/anki.py, export/anki_progress.py,
export/anki_import.py). A package to read comes from elsewhere: its members are read by name,
never extracted; its collection is copied to a private temporary file and opened read-only;
every failure is a QuizError naming the package, in one line.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from quiz.errors import QuizError

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
"""The collection members a package may hold, newest format first. A package in the newest
format also holds an old-format `collection.anki2` that only says to update Anki."""
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
MAX_UNPACKED = 2 * 1024**3
"""The most one member of a package (its collection, a media file, the media list) may
unpack to: a few kilobytes of zip can unpack to terabytes, and would fill the disk."""
_NOTETYPE_CLOZE = 1
"""NotetypeConfig.kind (field 1) of a cloze note type; 0, the default, is a normal one."""


# -- writing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardSchedule:
    """A card's columns as Anki's `cards` table holds them (`due` None: leave the position
    genanki gave a new card)."""

    type: int
    queue: int
    due: int | None
    ivl: int = 0
    factor: int = 0
    reps: int = 0
    lapses: int = 0
    data: str = ""


@dataclass(frozen=True)
class RevlogEntry:
    """One row of Anki's `revlog` table, its card aside: `at_ms` is the time of the review
    (the row's id, made unique when written)."""

    at_ms: int
    ease: int
    ivl: int
    last_ivl: int
    factor: int
    time_ms: int
    type: int


@dataclass(frozen=True)
class NoteProgress:
    """What a note's (one) card carries: its schedule, tags added to the note, its reviews."""

    card: CardSchedule
    tags: tuple[str, ...] = ()
    reviews: tuple[RevlogEntry, ...] = ()


@dataclass(frozen=True)
class Progress:
    """The schedules of a package's notes, by note GUID. `created` is the collection's
    creation moment, the start of the study day that review cards' `due` counts from, and
    `rollover_hour` the hour a study day starts: Anki computes its days from both."""

    created: datetime
    rollover_hour: int
    notes: Mapping[str, NoteProgress] = field(default_factory=dict)


def write_package(package: Any, out: Path, progress: Progress | None = None) -> None:
    """Write a genanki Package to `out`, with `progress` set in its collection if given.

    The package is written under a temporary name beside `out` and renamed when complete,
    so an export stopped half-way leaves no broken .apkg behind.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="quiz-apkg-") as work:
        database = Path(work) / "collection.anki2"
        conn = sqlite3.connect(database)
        try:
            timestamp = time.time()
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            if progress is not None:
                _write_progress(conn, progress)
            conn.commit()
        finally:
            conn.close()
        handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
        os.close(handle)
        partial = Path(name)
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(database, "collection.anki2")
                media = {str(i): os.path.basename(p) for i, p in enumerate(package.media_files)}
                archive.writestr("media", json.dumps(media))
                for index, path in enumerate(package.media_files):
                    archive.write(path, str(index))
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)


def _write_progress(conn: sqlite3.Connection, progress: Progress) -> None:
    created = progress.created.astimezone()
    offset = created.utcoffset()
    minutes_west = -int(offset.total_seconds() // 60) if offset is not None else 0
    (conf_text,) = conn.execute("SELECT conf FROM col").fetchone()
    conf = json.loads(conf_text)
    # With the creation offset set, Anki counts days as calendar days from the creation day
    # in that zone, starting at the rollover hour: `due` then lands on the intended day.
    # schedVer 2: genanki's collection says nothing, which Anki reads as its first scheduler
    # and upgrades on import, turning a learning review's Good (3) into Easy (4).
    conf.update(creationOffset=minutes_west, rollover=progress.rollover_hour, schedVer=2)
    conn.execute("UPDATE col SET crt = ?, conf = ?", [int(created.timestamp()), json.dumps(conf)])
    cards = {
        guid: (card_id, note_id)
        for card_id, note_id, guid in conn.execute(
            "SELECT c.id, c.nid, n.guid FROM cards c JOIN notes n ON n.id = c.nid WHERE c.ord = 0"
        )
    }
    revlog_ids: set[int] = set()
    for guid, note in progress.notes.items():
        if guid not in cards:
            continue
        card_id, note_id = cards[guid]
        card = note.card
        conn.execute(
            "UPDATE cards SET type = ?, queue = ?, due = coalesce(?, due), ivl = ?, factor = ?,"
            " reps = ?, lapses = ?, data = ? WHERE id = ?",
            [
                card.type,
                card.queue,
                card.due,
                card.ivl,
                card.factor,
                card.reps,
                card.lapses,
                card.data,
                card_id,
            ],
        )
        if note.tags:
            (tags,) = conn.execute("SELECT tags FROM notes WHERE id = ?", [note_id]).fetchone()
            words = list(dict.fromkeys([*tags.split(), *note.tags]))
            conn.execute(
                "UPDATE notes SET tags = ? WHERE id = ?", [f" {' '.join(words)} ", note_id]
            )
        for review in note.reviews:
            # The id is the review's time in ms, and the table's key: reviews made in the
            # same second (quiz logs seconds) move on by a millisecond each.
            review_id = review.at_ms
            while review_id in revlog_ids:
                review_id += 1
            revlog_ids.add(review_id)
            conn.execute(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                " VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                [
                    review_id,
                    card_id,
                    review.ease,
                    review.ivl,
                    review.last_ivl,
                    review.factor,
                    review.time_ms,
                    review.type,
                ],
            )


# -- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteType:
    """A note type: its name, whether it makes clozes, and its field names in order."""

    name: str
    cloze: bool
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AnkiNote:
    """A note as the collection holds it: fields as HTML, in the note type's order."""

    guid: str
    notetype: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str | None

    def field(self, name: str) -> str | None:
        """The field of that name (case aside); None if the note type has none."""
        for field_name, value in zip(self.notetype.fields, self.fields, strict=False):
            if field_name.casefold() == name.casefold():
                return value
        return None


class PackageReader:
    """An .apkg opened for reading: its notes, and the media files it carries.

    Use as a context manager; the private copy of its collection goes when it closes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise QuizError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise QuizError(f"{path}: is a folder, not an Anki package") from None
        except zipfile.BadZipFile:
            raise QuizError(f"{path}: not an Anki package (not a zip file)") from None
        except OSError as exc:
            raise QuizError(f"{path}: cannot read it ({exc.strerror or exc})") from None
        names = set(self._zip.namelist())
        member = next((name for name in COLLECTIONS if name in names), None)
        if member is None:
            self._zip.close()
            raise QuizError(f"{path}: not an Anki package (no collection in it)")
        self._latest = member == "collection.anki21b"
        self._work = tempfile.TemporaryDirectory(prefix="quiz-apkg-")
        try:
            self._database = self._private_copy(member)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> PackageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()
        self._work.cleanup()

    def _private_copy(self, member: str) -> Path:
        target = Path(self._work.name) / "collection.sqlite"
        try:
            with self._zip.open(member) as source, open(target, "wb") as file:
                out = _Capped(file, self.path, "its collection")
                if self._latest:
                    _decompress(source, out, self.path)
                else:
                    shutil.copyfileobj(source, out)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise QuizError(f"{self.path}: damaged package ({_reason(exc)})") from None
        return target

    def notes(self) -> list[AnkiNote]:
        """Every note of the collection, oldest first."""
        uri = f"{self._database.resolve().as_uri()}?mode=ro&immutable=1"
        try:
            conn = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise QuizError(f"{self.path}: cannot open its collection ({exc})") from None
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
            if "notes" not in tables or "col" not in tables:
                raise QuizError(f"{self.path}: its collection is not an Anki collection")
            if "notetypes" in tables:
                notetypes, decks = _schema18(conn)
            else:
                notetypes, decks = _schema11(conn)
            deck_of = dict(
                conn.execute(
                    "SELECT nid, CASE WHEN odid != 0 THEN odid ELSE did END FROM cards"
                    " ORDER BY nid, ord DESC"
                )
            )
            notes = []
            for note_id, guid, mid, tags, fields in conn.execute(
                "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
            ):
                notetype = notetypes.get(mid)
                if notetype is None:
                    continue
                notes.append(
                    AnkiNote(
                        guid=str(guid),
                        notetype=notetype,
                        fields=tuple(str(fields).split("\x1f")),
                        tags=tuple(str(tags).split()),
                        deck=decks.get(deck_of.get(note_id, -1)),
                    )
                )
            return notes
        except sqlite3.Error as exc:
            raise QuizError(
                f"{self.path}: its collection is damaged or not Anki's ({exc})"
            ) from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise QuizError(f"{self.path}: its collection is damaged ({_reason(exc)})") from None
        finally:
            conn.close()

    def media(self) -> dict[str, str]:
        """The media files the package carries: file name -> zip member."""
        try:
            raw = self._zip.read("media")
        except KeyError:
            return {}
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise QuizError(f"{self.path}: damaged media list ({_reason(exc)})") from None
        try:
            if raw.startswith(_ZSTD_MAGIC):
                return _media_entries(_decompressed(raw, self.path))
            listed = json.loads(raw.decode("utf-8") or "{}")
            if not isinstance(listed, dict):
                raise ValueError("not a map of files")
            return {str(name): str(member) for member, name in listed.items()}
        except (ValueError, UnicodeDecodeError) as exc:
            raise QuizError(f"{self.path}: damaged media list ({_reason(exc)})") from None

    def copy_media(self, member: str, target: Path) -> None:
        """Write one media file (its zip member) to `target`."""
        try:
            with self._zip.open(member) as source:
                # The newest format stores each media file zstd-compressed.
                compressed = self._latest and source.read(4) == _ZSTD_MAGIC
            with self._zip.open(member) as source, open(target, "wb") as file:
                out = _Capped(file, self.path, f"media file {member}")
                if compressed:
                    _decompress(source, out, self.path)
                else:
                    shutil.copyfileobj(source, out)
        except KeyError:
            raise QuizError(f"{self.path}: media file {member} is missing from it") from None
        except (zipfile.BadZipFile, EOFError) as exc:
            raise QuizError(f"{self.path}: damaged media file {member} ({_reason(exc)})") from None


def _schema11(conn: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    """Note types and deck names from schema 11's JSON columns of `col`."""
    models_text, decks_text = conn.execute("SELECT models, decks FROM col").fetchone()
    models = json.loads(models_text or "{}")
    notetypes = {}
    for model_id, model in models.items():
        fields = sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
        notetypes[int(model_id)] = NoteType(
            name=str(model.get("name", "")),
            cloze=model.get("type") == _NOTETYPE_CLOZE,
            fields=tuple(str(f.get("name", "")) for f in fields),
        )
    decks = {int(i): str(d.get("name", "")) for i, d in json.loads(decks_text or "{}").items()}
    return notetypes, decks


def _schema18(conn: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    """Note types and deck names from schema 18's tables (names hold \\x1f for `::`)."""
    fields: dict[int, list[str]] = {}
    for notetype_id, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(notetype_id, []).append(str(name))
    notetypes = {}
    for notetype_id, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        kind = dict(_protobuf_fields(bytes(config or b""))).get(1, 0)
        notetypes[notetype_id] = NoteType(
            name=str(name),
            cloze=kind == _NOTETYPE_CLOZE,
            fields=tuple(fields.get(notetype_id, [])),
        )
    decks = {
        deck_id: str(name).replace("\x1f", "::")
        for deck_id, name in conn.execute("SELECT id, name FROM decks")
    }
    return notetypes, decks


def _media_entries(data: bytes) -> dict[str, str]:
    """MediaEntries (field 1, repeated): each entry's name (field 1), and its zip member:
    its index, or legacy_zip_filename (field 255) where set."""
    found = {}
    index = 0
    for number, entry in _protobuf_fields(data):
        if number != 1 or not isinstance(entry, bytes):
            continue
        values = dict(_protobuf_fields(entry))
        name = values.get(1, b"")
        member = values.get(255, index)
        index += 1
        if isinstance(name, bytes) and name:
            found[name.decode("utf-8")] = str(member)
    return found


def _protobuf_fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of a protobuf message's varint and length-delimited fields;
    the fixed-width ones are skipped. ValueError if the bytes are no message."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, position = _varint(data, position)
            yield number, value
        elif wire == 2:
            length, position = _varint(data, position)
            if position + length > len(data):
                raise ValueError("a protobuf field runs past its message")
            yield number, data[position : position + length]
            position += length
        elif wire in (1, 5):
            position += 8 if wire == 1 else 4
        else:
            raise ValueError(f"protobuf wire type {wire} is not read here")


def _varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if position >= len(data) or shift > 63:
            raise ValueError("a protobuf varint is cut short")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, position


def _zstandard(path: Path) -> Any:
    try:
        import zstandard
    except ImportError:
        raise QuizError(
            f"{path}: written in Anki's newest format (collection.anki21b), which needs the"
            " zstandard package; install it, or export again from Anki with"
            " 'Support older Anki versions' checked"
        ) from None
    return zstandard


def _decompress(source: IO[bytes], out: Any, path: Path) -> None:
    zstandard = _zstandard(path)
    try:
        zstandard.ZstdDecompressor().copy_stream(source, out)
    except zstandard.ZstdError as exc:
        raise QuizError(f"{path}: damaged package ({exc})") from None


def _decompressed(data: bytes, path: Path) -> bytes:
    zstandard = _zstandard(path)
    try:
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            unpacked = bytes(reader.read(MAX_UNPACKED + 1))
    except zstandard.ZstdError as exc:
        raise QuizError(f"{path}: damaged package ({exc})") from None
    if len(unpacked) > MAX_UNPACKED:
        raise QuizError(f"{path}: its media list {_too_big()}")
    return unpacked


class _Capped:
    """A file written through, refusing more than MAX_UNPACKED bytes."""

    def __init__(self, out: IO[bytes], path: Path, what: str) -> None:
        self.out, self.path, self.what, self.size = out, path, what, 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > MAX_UNPACKED:
            raise QuizError(f"{self.path}: {self.what} {_too_big()}")
        return self.out.write(data)


def _too_big() -> str:
    return (
        f"unpacks to more than {MAX_UNPACKED // 2**20:,} MiB: refused (a damaged or hostile"
        " package)"
    )


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
