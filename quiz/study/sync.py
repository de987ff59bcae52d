"""Sync between machines through a folder the student keeps in step by their own means (a
git repository, Syncthing, Dropbox, a USB stick): `quiz sync DIR` and `quiz sync --status`.

Each machine (a QUIZ_HOME, named by the id `Store.device_id` keeps beside its database,
never in it) writes its own events into DIR/<device>/, in files it never rewrites, and reads
the others'. An event is a row of the review log (a review, a same-day repeat, an undo) or a
change that is no review: a suspension, a burial, a flag, a mock exam, the per-student
settings, the fitted FSRS parameters. Each is keyed by (device, number), numbered when it is
first sent, and merging is a union by key: idempotent, and the same in any order. The cards
are then rebuilt by replaying the merged log, in time order (at, device, number), through
the scheduler in force (study/schedulers.py), and the set-asides, flags, settings and
parameters are each the latest change. The log's rows are renumbered in that time order, so
that every machine that has the same events has the same log, byte for byte. An undo names
a number of its own device: a machine takes back only its own answers.

What does not travel: trust (no event carries it: trust is what lets a snippet run, and a
shared folder must never grant it), and the settings of the machine itself (language, device,
grade keys, the rollover hour of its clock, the paths of its registered banks).

Everything happens in one transaction: a sync killed half-way leaves the database as it was.
Files it wrote before the kill are read back at the next sync and recognised as this
machine's own (a row not yet numbered that a file already holds takes that file's number).

An event file, one JSON object a line:
    {"quiz_sync": 1, "device": D, "name": HOST, "first": A, "last": B, "written_at": T}
    the events numbered A to B, in order
    {"end": "<SHA-256 of every byte above>"}
is named `AAAAAAAAA-BBBBBBBBB-XXXXXXXX.jsonl` (XXXXXXXX: the hash's first characters). A file
without its end line, or whose hash does not match, is one a sync tool is still copying (or
damaged): it is skipped with a warning, and read at the next sync.

No SQL here (store.py), no terminal (tui/sync.py), no scheduling maths (schedule/).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import socket
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from quiz import config
from quiz.clock import utc_text
from quiz.errors import QuizError
from quiz.model import Card, CardState, Phrase
from quiz.schedule import policy
from quiz.store import EVENT_COLUMNS, Store
from quiz.study import schedulers

FORMAT = 1
"""The event files' format; a file of a later one is skipped until quiz is upgraded."""
BATCH_EVENTS = 10_000
"""Events a file holds at most: a first sync of a long history writes several."""
MAX_FILE_BYTES = 256 * 1024 * 1024
HOLD = "QUIZ_TEST_HOLD_SYNC"
"""Tests only: a file that a sync creates once it has written everything but not yet
committed, before it waits there, so that a test can kill it at that moment."""
SETTINGS = ("new", "new_total", "scheduler", "desired_retention", "fuzz", "exam_date", "last_pass")
"""The settings that are the student's, which travel (with the banks' own exam dates): how
many new cards, which scheduler and how, the exam. The scheduler's must, besides: cards are
the same on every machine only when rebuilt under the same rules."""
EXAM_DATES = "exam_dates"
REVIEW_KINDS = ("review", "drill", "undo")
NOTE_KINDS = ("suspended", "buried", "flagged", "exam", "settings", "parameters")
FSRS_PARAMETERS = 21
"""FSRS-6's parameter count, which fitted parameters from another machine must have."""

_DEVICE = re.compile(r"[0-9a-f]{12}")
_FILE = re.compile(r"([0-9]{9})-([0-9]{9})-([0-9a-f]{8})\.jsonl")
_EXAM_FIELDS = (
    "started_at", "seed", "minutes", "topics", "questions", "correct", "seconds", "recorded",
    "interrupted", "answers",
)  # fmt: skip
_INCOMPLETE = Phrase("incomplete (still being copied?)")
_DAMAGED = Phrase("damaged (its checksum does not match)")


@dataclass(frozen=True)
class Skipped:
    """An event file left unread this time, and why."""

    path: Path
    reason: Phrase


@dataclass(frozen=True)
class Report:
    """What one sync did."""

    device: str
    folder: Path
    received: dict[str, int]
    """Events merged from each other device (by id), this sync."""
    names: dict[str, str]
    """The host name each device wrote under, by id."""
    sent: int
    same_day: int
    """Cards that two machines reviewed on one study day, among the reviews that arrived."""
    cards: int
    """Card rows the rebuild changed."""
    settings: bool
    """Whether another machine's settings or fitted parameters replaced this one's."""
    skipped: tuple[Skipped, ...]
    unsendable: int
    """Changes here that cannot be sent (damaged, or the undo of another machine's answer)."""


@dataclass(frozen=True)
class Device:
    """A device seen in the folder."""

    id: str
    name: str
    wrote_at: str | None
    last: int
    this: bool


@dataclass(frozen=True)
class Status:
    """`quiz sync --status`: this machine's id, the folder last synced, the devices seen."""

    device: str | None
    folder: str | None
    synced_at: str | None
    devices: tuple[Device, ...]
    unsent: int


@dataclass(frozen=True)
class _File:
    device: str
    first: int
    last: int
    digest: str
    path: Path

    @property
    def key(self) -> str:
        return f"{self.device}/{self.path.name}"


@dataclass(frozen=True)
class _Batch:
    file: _File
    name: str
    written_at: str
    events: list[dict[str, Any]]


@dataclass(frozen=True)
class _Note:
    """A change that is no review, numbered: what the latest change of its kind is found by."""

    origin: str
    body: dict[str, Any]

    @property
    def order(self) -> tuple[str, str, int]:
        device, number = split(self.origin)
        return (self.body["at"], device, number)


class _Unreadable(Exception):
    def __init__(self, reason: Phrase) -> None:
        super().__init__(reason)
        self.reason = reason


class _Problem(Exception):
    """What makes an event no quiz event (English detail, inside a Phrase)."""


def origin(device: str, number: int) -> str:
    """An event's key as the database keeps it: `DEVICE/N`."""
    return f"{device}/{number}"


def split(key: str) -> tuple[str, int]:
    device, _, number = key.partition("/")
    return device, int(number)


# -- the sync --------------------------------------------------------------------------------


def synchronize(
    store: Store, folder: Path, *, now: datetime, renames: Mapping[str, str] | None = None
) -> Report:
    """Merge this database with the events in `folder`, rebuild the cards, and write this
    machine's new events there: in one transaction. QuizError for a folder that is missing,
    not a folder, or cannot be written."""
    folder = checked_folder(folder)
    me = store.device_id()
    own = folder / me
    try:
        own.mkdir(exist_ok=True)
    except OSError as exc:
        raise QuizError(f"{own}: cannot write there ({exc.strerror or exc})") from None
    if not own.is_dir():
        raise QuizError(f"{own}: not a folder")
    with store.transaction():
        return _Sync(store, folder, me, now, renames or {}).run()


def checked_folder(folder: Path) -> Path:
    """The shared folder, absolute; QuizError (one line) if it cannot be one."""
    folder = folder.expanduser()
    if not folder.exists():
        raise QuizError(
            f"{folder}: no such folder (create it, or name the folder your machines share)"
        )
    if not folder.is_dir():
        raise QuizError(f"{folder}: not a folder; name the folder your machines share")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise QuizError(f"{folder}: cannot write there (permission denied)")
    return folder.absolute()


class _Sync:
    """One sync, inside its transaction: the steps in the order `run` takes them."""

    def __init__(
        self, store: Store, folder: Path, me: str, now: datetime, renames: Mapping[str, str]
    ) -> None:
        self.store = store
        self.folder = folder
        self.me = me
        self.now = now
        self.renames = renames
        self.skipped: list[Skipped] = []
        self.unsendable = 0

    def run(self) -> Report:
        own = self.folder / self.me
        _remove_partials(own)
        files = _event_files(self.folder)
        read = self.store.sync_values("file ")
        batches = self._read(files, read)
        incoming, rejected = self._incoming(batches)
        self._note_outside_changes()
        origins = self.store.review_origins()
        notes = self.store.notes()
        self._number(origins, notes, incoming, files)
        notes = self.store.notes()
        received, arrived, incomplete = self._merge(incoming, origins, notes)
        read_now = [b for b in batches if b.file.key not in incomplete | rejected]
        for batch in read_now:
            self.store.set_sync_value(f"file {batch.file.key}", {"events": len(batch.events)})
        self._remember_devices(batches)
        order = sorted(self.store.review_order(), key=_time_order)
        self.store.renumber_reviews([rid for rid, _, _ in order])
        keyed = [_Note(o, body) for _, o, body in self.store.notes() if o is not None]
        settings = self._settle(keyed)
        cards, same_day = self._rebuild(keyed, arrived)
        covered = {f.key for f in files if f.key in read} | {b.file.key for b in read_now}
        sent = self._publish(files, covered, origins, keyed)
        self.store.set_sync_value(
            "folder", {"path": str(self.folder), "synced_at": utc_text(self.now)}
        )
        held = os.environ.get(HOLD)
        if held:
            Path(held).write_text("held\n")
            time.sleep(600)
        names = {d: v.get("name", "") for d, v in self.store.sync_values("device ").items()}
        # This machine is named even before it has written a file of its own.
        names[self.me] = names.get(self.me) or _host_name()
        return Report(
            self.me,
            self.folder,
            dict(received),
            names,
            sent,
            same_day,
            cards,
            settings,
            tuple(self.skipped),
            self.unsendable,
        )

    # -- reading the folder --------------------------------------------------------------

    def _read(self, files: list[_File], read: Mapping[str, Any]) -> list[_Batch]:
        """The files not read before, checked; those that cannot be read are skipped."""
        batches = []
        for file in files:
            if file.key in read:
                continue
            try:
                batches.append(_read_batch(file))
            except _Unreadable as exc:
                self.skipped.append(Skipped(file.path, exc.reason))
        return batches

    def _incoming(
        self, batches: list[_Batch]
    ) -> tuple[dict[str, tuple[dict[str, Any], _Batch]], set[str]]:
        """Every event of the files read, by key; a file holding an event that an earlier
        file holds otherwise (two machines writing as one device) is skipped whole."""
        incoming: dict[str, tuple[dict[str, Any], _Batch]] = {}
        rejected = set()
        for batch in batches:
            keys = [(origin(e["device"], e["n"]), e) for e in batch.events]
            clash = next(
                (k for k, e in keys if k in incoming and incoming[k][0] != e),
                None,
            )
            if clash is not None:
                other = incoming[clash][1].file.path.name
                self.skipped.append(
                    Skipped(
                        batch.file.path,
                        Phrase(
                            "holds event {key} unlike {other} (do two machines share one"
                            " device id?)",
                            key=clash,
                            other=other,
                        ),
                    )
                )
                rejected.add(batch.file.key)
                continue
            for key, event in keys:
                incoming.setdefault(key, (event, batch))
        return incoming, rejected

    # -- this machine's changes ----------------------------------------------------------

    def _note_outside_changes(self) -> None:
        """The settings and fitted parameters live outside the log: a change of them since
        the last sync becomes an event now, dated when it was made (as far as is known)."""
        keyed = [_Note(o, body) for _, o, body in self.store.notes() if o is not None]
        unsent = [body for _, o, body in self.store.notes() if o is None]
        local = _local_settings(self.now)
        if local is not None:
            values, at = local
            latest = _latest(keyed, "settings")
            pending = [b for b in unsent if b["kind"] == "settings"]
            last = pending[-1]["value"] if pending else (latest.body["value"] if latest else {})
            if values != _known_settings(last):
                self.store.add_note({"kind": "settings", "at": at, "value": values})
        fitted = self.store.scheduler_value(schedulers.PARAMETERS)
        latest = _latest(keyed, "parameters")
        pending = [b for b in unsent if b["kind"] == "parameters"]
        last = pending[-1]["value"] if pending else (latest.body["value"] if latest else None)
        if fitted != last:
            at = _fitted_at(fitted, self.now)
            self.store.add_note({"kind": "parameters", "at": at, "value": fitted})

    def _number(
        self,
        origins: dict[str, tuple[int, str]],
        notes: list[tuple[int, str | None, dict[str, Any]]],
        incoming: Mapping[str, tuple[dict[str, Any], _Batch]],
        files: list[_File],
    ) -> None:
        """Give this machine's unsent changes their keys: the key of the same event in a
        file already there (written by a sync killed before it committed, or by this
        machine before its database was restored), else this machine's next number."""
        me = self.me
        known = {o for _, o, _ in notes if o is not None}
        numbers = [split(o)[1] for o in [*origins, *known, *incoming] if split(o)[0] == me]
        numbers += [f.last for f in files if f.device == me]
        next_number = max(numbers, default=0) + 1
        in_files = {_fingerprint(event): key for key, (event, _) in incoming.items()}
        by_id = {rid: key for key, (rid, _) in origins.items()}
        taken = set(origins) | known

        def key_for(event: dict[str, Any], device: str | None) -> str | None:
            nonlocal next_number
            found = in_files.get(_fingerprint(event))
            if found is not None and found not in taken and device in (None, split(found)[0]):
                return found
            if device not in (None, me):
                return None
            next_number += 1
            return origin(me, next_number - 1)

        numbered = []
        for rid, fields in self.store.unsent_reviews():
            target = fields.pop("undoes")
            event = {**fields, "undoes": None}
            device = None
            if target is not None:
                if target not in by_id:
                    self.unsendable += 1
                    continue
                device, event["undoes"] = split(by_id[target])
            key = key_for(event, device) if _sendable(event) else None
            if key is None:
                self.unsendable += 1
                continue
            taken.add(key)
            by_id[rid] = key
            origins[key] = (rid, fields["kind"])
            numbered.append((rid, key))
        self.store.set_review_origins(numbered)
        numbered = []
        for rowid, key_now, body in notes:
            if key_now is not None:
                continue
            key = key_for(body, None) if _sendable(body) else None
            if key is None:
                self.unsendable += 1
                continue
            taken.add(key)
            numbered.append((rowid, key))
        self.store.set_note_origins(numbered)

    # -- merging ---------------------------------------------------------------------------

    def _merge(
        self,
        incoming: Mapping[str, tuple[dict[str, Any], _Batch]],
        origins: dict[str, tuple[int, str]],
        notes: list[tuple[int, str | None, dict[str, Any]]],
    ) -> tuple[Counter[str], set[str], set[str]]:
        """Add the events not here yet, each device's in its order (an undo after the
        answer it takes back). Returns the events merged per device, the keys of the
        scheduled reviews among them, and the files to read again (an undo whose answer
        is in a file not read yet waits for it)."""
        known = {o for _, o, _ in notes if o is not None}
        undone = self.store.undone_review_ids()
        received: Counter[str] = Counter()
        arrived: set[str] = set()
        incomplete: set[str] = set()
        for key in sorted(incoming, key=split):
            event, batch = incoming[key]
            if key in origins or key in known:
                continue
            device, _ = split(key)
            kind = event["kind"]
            if kind in REVIEW_KINDS:
                undoes = None
                if kind == "undo":
                    target = origins.get(origin(device, event["undoes"]))
                    if target is None:
                        incomplete.add(batch.file.key)
                        continue
                    if target[1] == "undo" or target[0] in undone:
                        incomplete.add(batch.file.key)
                        self.skipped.append(
                            Skipped(
                                batch.file.path,
                                Phrase(
                                    "event {key} takes back an answer that cannot be taken back",
                                    key=key,
                                ),
                            )
                        )
                        continue
                    undoes = target[0]
                    undone.add(undoes)
                fields = {c: event[c] for c in EVENT_COLUMNS}
                origins[key] = (self.store.add_review(fields, key, undoes), kind)
                if kind == "review":
                    arrived.add(key)
            else:
                self.store.add_event(key, _body(event))
                known.add(key)
            received[device] += 1
        return received, arrived, incomplete

    def _remember_devices(self, batches: list[_Batch]) -> None:
        """Each device seen: its host name, when it last wrote a file, its last number."""
        seen = self.store.sync_values("device ")
        for batch in batches:
            device = batch.file.device
            record = dict(seen.get(device) or {"name": "", "wrote_at": None, "last": 0})
            if (record["wrote_at"] or "") <= batch.written_at:
                record.update(name=batch.name, wrote_at=batch.written_at)
            record["last"] = max(record["last"], batch.file.last)
            seen[device] = record
            self.store.set_sync_value(f"device {device}", record)

    def _settle(self, notes: list[_Note]) -> bool:
        """Take the latest settings and fitted parameters of any machine; whether this
        machine's changed. The settings file is written before the transaction commits:
        killed in between, the next sync finds it changed and sends the same values."""
        changed = False
        latest = _latest(notes, "settings")
        local = _local_settings(self.now)
        if latest is not None:
            wanted = _known_settings(latest.body["value"])
            if local is None or local[0] != wanted:
                _write_settings(wanted)
                changed = True
        latest = _latest(notes, "parameters")
        if latest is not None:
            fitted = self.store.scheduler_value(schedulers.PARAMETERS)
            if fitted != latest.body["value"]:
                self.store.set_scheduler_value(schedulers.PARAMETERS, latest.body["value"])
                changed = True
        return changed

    def _rebuild(self, notes: list[_Note], arrived: set[str]) -> tuple[int, int]:
        """The cards, flags and exams the merged events make. Returns the card rows
        changed, and the cards two machines reviewed on one day among what arrived."""
        rules = schedulers.rules(self.store)
        scheduled = self.store.scheduled_origins()
        replayed = schedulers.replayed(
            [review for review, _ in scheduled], policy.scheduling(rules), self.renames
        )
        hashes = {
            self.renames.get(qid, qid): value
            for qid, value in self.store.last_content_hashes().items()
        }
        latest: dict[str, dict[str, _Note]] = defaultdict(dict)
        first_day: dict[str, date] = {}
        exams = []
        for note in sorted(notes, key=lambda n: n.order):
            kind = note.body["kind"]
            if kind == "exam":
                exams.append(note.body["value"])
            elif kind in ("suspended", "buried", "flagged"):
                qid = note.body["question_id"]
                qid = self.renames.get(qid, qid)
                latest[kind][qid] = note
                if kind != "flagged" and qid not in first_day:
                    first_day[qid] = date.fromisoformat(note.body["day"])
        cards = {}
        for qid in sorted(replayed.keys() | latest["suspended"].keys() | latest["buried"].keys()):
            row = _merged_card(
                qid,
                replayed.get(qid),
                latest["suspended"].get(qid),
                latest["buried"].get(qid),
                first_day.get(qid),
                hashes.get(qid),
            )
            if row is not None:
                cards[qid] = row
        changed = self.store.replace_cards(cards)
        self.store.set_scheduler_value(schedulers.BUILT_FOR, rules.to_json())
        flags = {qid: n.body["at"] for qid, n in latest["flagged"].items() if n.body["value"]}
        self.store.replace_flags(flags)
        self.store.replace_exams(exams)
        devices: dict[tuple[str, date], set[str]] = defaultdict(set)
        fresh: set[tuple[str, date]] = set()
        for review, key in scheduled:
            if key is None:
                continue
            day = (self.renames.get(review.question_id, review.question_id), review.day)
            devices[day].add(split(key)[0])
            if key in arrived:
                fresh.add(day)
        same_day = {qid for qid, day in fresh if len(devices[qid, day]) > 1}
        return changed, len(same_day)

    # -- writing this machine's events -----------------------------------------------------

    def _publish(
        self,
        files: list[_File],
        covered: set[str],
        origins: Mapping[str, tuple[int, str]],
        notes: list[_Note],
    ) -> int:
        """Write this machine's events that no file in the folder holds (all of them to a
        new folder); how many."""
        me = self.me
        held = {
            number
            for f in files
            if f.device == me and f.key in covered
            for number in range(f.first, f.last + 1)
        }
        mine: dict[int, dict[str, Any]] = {}
        wanted_reviews = [k for k in origins if split(k)[0] == me and split(k)[1] not in held]
        by_id = {rid: key for key, (rid, _) in origins.items()}
        for key, fields in self.store.reviews_with_origins(wanted_reviews):
            target = fields.pop("undoes")
            mine[split(key)[1]] = {
                **fields,
                "undoes": None if target is None else split(by_id[target])[1],
            }
        for note in notes:
            device, number = split(note.origin)
            if device == me and number not in held:
                mine[number] = note.body
        numbers = sorted(mine)
        runs: list[list[int]] = []
        for number in numbers:
            if runs and runs[-1][-1] == number - 1 and len(runs[-1]) < BATCH_EVENTS:
                runs[-1].append(number)
            else:
                runs.append([number])
        own = self.folder / me
        name = _host_name()
        for run in runs:
            events = [{**mine[n], "device": me, "n": n} for n in run]
            written = _write_batch(own, me, name, events, self.now)
            self.store.set_sync_value(f"file {me}/{written}", {"events": len(events)})
        if runs:
            record = dict(self.store.sync_value(f"device {me}") or {"last": 0})
            record.update(name=name, wrote_at=utc_text(self.now))
            record["last"] = max(record.get("last", 0), numbers[-1])
            self.store.set_sync_value(f"device {me}", record)
        return len(numbers)


def status(store: Store) -> Status:
    """This machine's device id, the folder it last synced with and when, the devices seen
    there and when each last wrote, and how many changes wait to be sent."""
    me = store.device_id_if_made()
    folder = store.sync_value("folder") or {}
    seen = store.sync_values("device ")
    devices = tuple(
        Device(d, v.get("name", ""), v.get("wrote_at"), v.get("last", 0), d == me)
        for d, v in sorted(seen.items(), key=lambda item: (item[0] != me, item[0]))
    )
    return Status(me, folder.get("path"), folder.get("synced_at"), devices, store.unsent_count())


# -- the merged state --------------------------------------------------------------------------


def _merged_card(
    qid: str,
    replayed: Card | None,
    suspended: _Note | None,
    buried: _Note | None,
    first_day: date | None,
    content_hash: str | None,
) -> tuple[Card, str | None] | None:
    """A card as the merged events make it (None: no row, a new card set aside by none).

    Its schedule is the replay's; its suspension the latest suspension or unsuspension,
    read as `Store.record` would have read it: made after the card's last review, it holds
    as made (an unsuspension also clears the leech mark, as `quiz unsuspend` does); made
    before, a review since may have made the card a leech, which suspends it again.
    """
    until = buried.body["value"] if buried else None
    if replayed is None:
        held = bool(suspended and suspended.body["value"])
        if not held and until is None:
            return None
        assert first_day is not None
        return Card(qid, CardState(), first_day, suspended=held), until
    card = replace(replayed, content_hash=content_hash)
    if suspended is not None:
        value = bool(suspended.body["value"])
        if suspended.body["at"] >= (replayed.last_reviewed_at or ""):
            card = replace(card, suspended=value, leech=replayed.leech and value)
        else:
            card = replace(card, suspended=value or replayed.leech)
    return card, until


def _latest(notes: Iterable[_Note], kind: str) -> _Note | None:
    return max((n for n in notes if n.body["kind"] == kind), key=lambda n: n.order, default=None)


def _time_order(row: tuple[int, str, str | None]) -> tuple[str, str, int, int]:
    """The log's order: time, then device and number (the same on every machine); a row
    that was never sent last among those of its second."""
    rid, at, key = row
    device, number = split(key) if key else ("~", 0)
    return (at, device, number, rid)


def _local_settings(now: datetime) -> tuple[dict[str, Any], str] | None:
    """The student's settings in this machine's settings file (None: it has none), and
    when they were last changed (the file's time, or now if that is later)."""
    path = config.config_path()
    try:
        changed = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    except OSError:
        return None
    stored = config.load()
    values = {name: _plain(stored[name]) for name in SETTINGS if name in stored}
    if stored.get(config.EXAM_DATES):
        values[EXAM_DATES] = {b: d.isoformat() for b, d in stored[config.EXAM_DATES].items()}
    return values, utc_text(min(changed, now))


def _known_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings this version of quiz knows, of those another machine sent."""
    return {name: values[name] for name in (*SETTINGS, EXAM_DATES) if name in values}


def _write_settings(values: Mapping[str, Any]) -> None:
    stored = config.load()
    for name in (*SETTINGS, config.EXAM_DATES):
        stored.pop(name, None)
    for name, value in values.items():
        if name == EXAM_DATES:
            stored[config.EXAM_DATES] = {
                bank: config.calendar_day(EXAM_DATES, day) for bank, day in value.items()
            }
        else:
            stored[name] = config.SETTINGS[name].parse(value)
    config.save(stored)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _fitted_at(fitted: Any, now: datetime) -> str:
    """When the parameters were fitted (the time they carry), else now (they were reset)."""
    try:
        return utc_text(min(_moment(fitted["fitted_at"]), now))
    except (TypeError, KeyError, ValueError):
        return utc_text(now)


def _fingerprint(event: Mapping[str, Any]) -> str:
    """An event without its key, as text: the same event in two places is the same text."""
    return _line({k: v for k, v in event.items() if k not in ("device", "n")})


def _body(event: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in ("device", "n")}


def _sendable(event: dict[str, Any]) -> bool:
    """Whether another machine would read this event of ours (a damaged row it would not)."""
    try:
        _check_event({**event, "device": "0" * 12, "n": 2**40}, "0" * 12, 2**40)
    except _Problem:
        return False
    return True


# -- event files -------------------------------------------------------------------------------


def _event_files(folder: Path) -> list[_File]:
    """The event files in the folder, in order: device, then number. What is not one (a
    sync tool's conflict copy, a file of its own) is left alone."""
    found = []
    for device in sorted(folder.iterdir()):
        if not (_DEVICE.fullmatch(device.name) and device.is_dir()):
            continue
        for path in sorted(device.iterdir()):
            match = _FILE.fullmatch(path.name)
            if match and path.is_file():
                first, last = int(match[1]), int(match[2])
                if 1 <= first <= last:
                    found.append(_File(device.name, first, last, match[3], path))
    return found


def _remove_partials(own: Path) -> None:
    """Files this machine's sync began to write and never finished (it was killed)."""
    for path in own.iterdir():
        if path.name.startswith(".") and path.name.endswith(".partial"):
            path.unlink(missing_ok=True)


def _read_batch(file: _File) -> _Batch:
    """An event file, checked whole: its end line and hash, its header, every event."""
    try:
        if file.path.stat().st_size > MAX_FILE_BYTES:
            raise _Unreadable(Phrase("too large to be an event file"))
        data = file.path.read_bytes()
    except OSError as exc:
        raise _Unreadable(
            Phrase("cannot be read ({problem})", problem=exc.strerror or str(exc))
        ) from None
    content, newline, end_line = data[:-1].rpartition(b"\n")
    if not data.endswith(b"\n") or not newline:
        raise _Unreadable(_INCOMPLETE)
    try:
        end = json.loads(end_line)
    except ValueError:
        raise _Unreadable(_INCOMPLETE) from None
    if not (isinstance(end, dict) and list(end) == ["end"] and isinstance(end["end"], str)):
        raise _Unreadable(_INCOMPLETE)
    content += b"\n"
    digest = hashlib.sha256(content).hexdigest()
    if end["end"] != digest or not digest.startswith(file.digest):
        raise _Unreadable(_DAMAGED)
    try:
        lines = [json.loads(line) for line in content.split(b"\n")[:-1]]
        header, events = lines[0], lines[1:]
        version = header.get("quiz_sync") if isinstance(header, dict) else None
        if type(version) is int and version > FORMAT:
            raise _Unreadable(
                Phrase("written by a newer version of quiz (format {version})", version=version)
            )
        _check_header(header, file, len(events))
        for number, event in enumerate(events, file.first):
            _check_event(event, file.device, number)
    except (ValueError, RecursionError):
        raise _Unreadable(Phrase("not a quiz event file (a line is not JSON)")) from None
    except _Problem as exc:
        raise _Unreadable(Phrase("not a quiz event file ({problem})", problem=str(exc))) from None
    return _Batch(file, header["name"], header["written_at"], events)


def _write_batch(
    own: Path, device: str, name: str, events: list[dict[str, Any]], now: datetime
) -> str:
    """Write one event file into this machine's folder: under a name no reader reads, then
    renamed, so that it appears whole. Returns its name."""
    first, last = events[0]["n"], events[-1]["n"]
    header = {
        "quiz_sync": FORMAT,
        "device": device,
        "name": name,
        "first": first,
        "last": last,
        "written_at": utc_text(now),
    }
    content = "".join(_line(item) + "\n" for item in [header, *events]).encode("utf-8")
    digest = hashlib.sha256(content).hexdigest()
    content += (_line({"end": digest}) + "\n").encode("utf-8")
    final = f"{first:09d}-{last:09d}-{digest[:8]}.jsonl"
    partial = own / f".{final}.{os.getpid()}.partial"
    try:
        with open(partial, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, own / final)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise QuizError(f"{own / final}: cannot write it ({exc.strerror or exc})") from None
    return final


def _line(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _host_name() -> str:
    """This machine's name as other machines show it: its host name, printable, short."""
    name = "".join(c for c in socket.gethostname() if c.isprintable())
    return name[:64] or "unnamed"


# -- what an event from another machine must be ------------------------------------------------


def _check_header(header: Any, file: _File, count: int) -> None:
    if not isinstance(header, dict) or set(header) != {
        "quiz_sync", "device", "name", "first", "last", "written_at",
    }:  # fmt: skip
        raise _Problem("no header")
    if header["quiz_sync"] != FORMAT or header["device"] != file.device:
        raise _Problem("its header names another device or format")
    if (header["first"], header["last"]) != (file.first, file.last):
        raise _Problem("its header and its name disagree")
    if count != file.last - file.first + 1:
        raise _Problem(f"{count} events where its name says {file.last - file.first + 1}")
    _text(header, "name", 64, printable=True)
    _moment(_text(header, "written_at", 40))


def _check_event(event: Any, device: str, number: int) -> None:
    if not isinstance(event, dict):
        raise _Problem(f"event {number} is not an object")
    if event.get("device") != device or not _whole(event.get("n")) or event["n"] != number:
        raise _Problem(f"event {number} is out of place")
    kind = event.get("kind")
    if kind in REVIEW_KINDS:
        _check_review(event, number)
    elif kind in NOTE_KINDS:
        _check_note(event, number)
    else:
        raise _Problem(f"event {number} is of no known kind")


def _check_review(event: dict[str, Any], number: int) -> None:
    if set(event) != {"device", "n", "undoes", *EVENT_COLUMNS}:
        raise _Problem(f"event {number} has other fields than a review's")
    try:
        _moment(_text(event, "at", 40))
        date.fromisoformat(_text(event, "day", 10))
        qid = _question(event)
        variant = _text(event, "variant", 100_000, optional=True)
        if variant is not None and not isinstance(json.loads(variant), dict):
            raise ValueError("variant")
        _text(event, "answer", 100_000, optional=True)
        _text(event, "mistake", 200, optional=True)
        for name in ("state_before", "state_after"):
            Card.from_json(qid, _text(event, name, 10_000, optional=True))
    except (ValueError, TypeError, KeyError, ArithmeticError, AttributeError) as exc:
        raise _Problem(f"event {number} is a damaged review ({exc})") from None
    kind, grade, undoes = event["kind"], event["grade"], event["undoes"]
    if event["correct"] not in (None, 0, 1) or isinstance(event["correct"], bool):
        raise _Problem(f"event {number} has a damaged field correct")
    if not (grade is None if kind == "undo" else _whole(grade) and 0 <= grade <= 5):
        raise _Problem(f"event {number} has a damaged grade")
    if not (_whole(undoes) and 1 <= undoes < number if kind == "undo" else undoes is None):
        raise _Problem(f"event {number} undoes no event before it")
    seconds = event["seconds"]
    if seconds is not None and not (_number(seconds) and 0 <= seconds):
        raise _Problem(f"event {number} has a damaged time")
    if event["interval_before"] is not None and not _whole(event["interval_before"]):
        raise _Problem(f"event {number} has a damaged interval")


def _check_note(event: dict[str, Any], number: int) -> None:
    kind = event["kind"]
    fields = {"device", "n", "kind", "at", "value"}
    if kind in ("suspended", "buried"):
        fields |= {"day", "question_id"}
    elif kind == "flagged":
        fields.add("question_id")
    if set(event) != fields:
        raise _Problem(f"event {number} has other fields than a {kind} event's")
    value = event["value"]
    try:
        _moment(_text(event, "at", 40))
        if "day" in fields:
            date.fromisoformat(_text(event, "day", 10))
        if "question_id" in fields:
            _question(event)
        if kind == "buried" and value is not None:
            date.fromisoformat(_text(event, "value", 10))
        elif kind in ("suspended", "flagged") and not isinstance(value, bool):
            raise ValueError("not on or off")
        elif kind == "exam":
            _check_exam(value, event["at"])
        elif kind == "settings":
            _check_settings(value)
        elif kind == "parameters" and value is not None:
            _check_parameters(value)
    except (ValueError, TypeError, KeyError, AttributeError, QuizError) as exc:
        raise _Problem(f"event {number} is a damaged {kind} event ({exc})") from None


def _check_exam(value: Any, at: str) -> None:
    if not isinstance(value, dict) or set(value) != set(_EXAM_FIELDS):
        raise ValueError("not an exam's fields")
    if value["started_at"] != at:
        raise ValueError("started at another time")
    for name in ("seed", "questions", "correct", "recorded", "interrupted"):
        if not _whole(value[name]):
            raise ValueError(name)
    if not _number(value["seconds"]) or not (value["minutes"] is None or _number(value["minutes"])):
        raise ValueError("its times")
    for name in ("topics", "answers"):
        if not isinstance(json.loads(_text(value, name, 1_000_000)), list):
            raise ValueError(name)


def _check_settings(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("not a table of settings")
    for name, setting in _known_settings(value).items():
        if name == EXAM_DATES:
            if not isinstance(setting, dict):
                raise ValueError(EXAM_DATES)
            for bank, day in setting.items():
                _text({"bank": bank}, "bank", 200, printable=True)
                config.calendar_day(EXAM_DATES, day)
        else:
            config.SETTINGS[name].parse(setting)


def _check_parameters(value: Any) -> None:
    if not isinstance(value, dict) or not isinstance(value.get("parameters"), list):
        raise ValueError("no parameters")
    weights = value["parameters"]
    if len(weights) != FSRS_PARAMETERS or not all(_number(w) for w in weights):
        raise ValueError(f"not {FSRS_PARAMETERS} numbers")


def _question(event: Mapping[str, Any]) -> str:
    return _text(event, "question_id", 200, printable=True)


def _text(
    values: Mapping[str, Any],
    name: str,
    longest: int,
    *,
    optional: bool = False,
    printable: bool = False,
) -> Any:
    value = values[name]
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > longest or (printable and not value):
        raise ValueError(f"{name} is not text")
    if printable and not value.isprintable():
        raise ValueError(f"{name} holds control characters")
    return value


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return moment


def _whole(value: Any) -> bool:
    return type(value) is int


def _number(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)
