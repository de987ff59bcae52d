"""`quiz sync DIR` (study/sync.py): machines with their own QUIZ_HOME review offline and
merge through a shared folder. Every order of syncs ends with the same log (as `quiz export
log` writes it, and row for row) and the same cards, flags and exams on every machine; the
same card reviewed on one day on two machines is counted; a file caught mid-copy waits for
the next sync; a sync killed with SIGKILL leaves the database as it was; an undo takes back
its own machine's answer; set-asides, flags, exams and the student's settings travel, trust
and the machine's own settings do not."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import QUIZ, child_env, quiz
from quiz import config, migrations
from quiz.errors import QuizError, StoreError
from quiz.export.log import write_log
from quiz.schedule import policy
from quiz.store import Store
from quiz.study import sync
from quiz.study.sync import synchronize

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


@contextmanager
def home(path: Path):
    """QUIZ_HOME pointing at one machine's home while the block runs (its settings file)."""
    old = os.environ.get("QUIZ_HOME")
    os.environ["QUIZ_HOME"] = str(path)
    try:
        yield
    finally:
        if old is None:
            del os.environ["QUIZ_HOME"]
        else:
            os.environ["QUIZ_HOME"] = old


class Machine:
    """A student's machine: its own QUIZ_HOME and database."""

    def __init__(self, root: Path, name: str) -> None:
        self.home = root / name
        self.store = Store(self.home / "quiz.db")

    def review(self, qid: str, grade: int, moment: datetime, kind: str = "review"):
        return self.store.record(
            qid,
            grade,
            now=moment,
            day=moment.date(),
            kind=kind,
            answer=f"{qid} at {moment:%H:%M}",
            seconds=2.5,
            schedule=policy.apply,
        )

    def sync(self, folder: Path, moment: datetime) -> sync.Report:
        with home(self.home):
            return synchronize(self.store, folder, now=moment)

    def state(self) -> dict[str, object]:
        """Everything that must be the same on every machine once all have synced."""
        log = self.home / "exported.jsonl"
        table = self.home / "exported.csv"
        write_log(self.store, log)
        write_log(self.store, table)
        query = self.store.conn.execute
        return {
            "export jsonl": log.read_bytes(),
            "export csv": table.read_bytes(),
            "reviews": query("SELECT * FROM reviews ORDER BY id").fetchall(),
            "cards": query("SELECT * FROM cards ORDER BY question_id").fetchall(),
            "flags": query("SELECT * FROM flags ORDER BY question_id").fetchall(),
            "exams": query("SELECT * FROM exams ORDER BY id").fetchall(),
        }


def changed_at(path: Path, moment: datetime) -> None:
    """Date a settings file as the student changed it (its time is the change's)."""
    os.utime(path, (moment.timestamp(), moment.timestamp()))


def machines(root: Path, count: int) -> list[Machine]:
    return [Machine(root, "abcdefgh"[n]) for n in range(count)]


def shared_folder(root: Path) -> Path:
    folder = root / "shared"
    folder.mkdir()
    return folder


def assert_converged(group: list[Machine]) -> dict[str, object]:
    first = group[0].state()
    for other in group[1:]:
        assert other.state() == first
    return first


def interleaved_offline_reviews(a: Machine, b: Machine, c: Machine | None = None) -> None:
    """Days of reviews made offline, interleaved in time: q1 on one day on two machines."""
    a.review("q1", 4, at(0))
    b.review("q1", 2, at(1))  # the same card, the same day, on another machine
    b.review("q1", 4, at(1.5), kind="drill")
    a.review("q2", 5, at(2))
    b.review("q3", 3, at(26))
    a.review("q1", 4, at(27))
    if c is not None:
        c.review("q2", 1, at(3))
        c.review("q4", 4, at(28))
        c.review("q1", 5, at(50))


# -- two and three machines, every order ------------------------------------------------------


@pytest.mark.parametrize(
    "order",
    ["aba", "bab", "abab", "aabba", "abba", "baab"],
    ids=lambda order: "→".join(order.upper()),
)
def test_two_machines_converge_in_every_order(tmp_path, order):
    folder = shared_folder(tmp_path)
    a, b = group = machines(tmp_path, 2)
    interleaved_offline_reviews(a, b)
    for step, name in enumerate(order):
        group["ab".index(name)].sync(folder, at(60 + step))
    final = assert_converged(group)
    # Synced twice more, nothing changes: the merge is idempotent.
    a.sync(folder, at(80))
    b.sync(folder, at(81))
    assert a.state() == final
    # The schedule is the log replayed in time order, as one machine that made every review
    # itself would have it.
    alone = Machine(tmp_path, "alone")
    for row in sorted(a.store.all_reviews(), key=lambda r: r.at):
        moment = datetime.fromisoformat(row.at)
        if row.kind != "undo":
            alone.review(row.question_id, row.grade, moment, kind=row.kind)
    assert final["cards"] == alone.state()["cards"]
    assert [r.question_id for r in a.store.all_reviews()] == ["q1", "q1", "q1", "q2", "q3", "q1"]


def test_three_machines_converge_whatever_the_order(tmp_path):
    finals = []
    for number, order in enumerate(itertools.permutations("abc")):
        root = tmp_path / str(number)
        root.mkdir()
        folder = shared_folder(root)
        group = machines(root, 3)
        interleaved_offline_reviews(*group)
        # A first round gets every machine's events into the folder, a second to everyone.
        for step, name in enumerate(order * 2):
            group["abc".index(name)].sync(folder, at(60 + step))
        finals.append(assert_converged(group))
    # Each order had machines of their own (other device ids): all but the origins agree.
    for final in finals:
        del final["reviews"]
        assert final == finals[0]
    assert finals[0]["export jsonl"].count(b"\n") == 9


def test_syncing_one_pair_and_then_another_reaches_the_third(tmp_path):
    """A→B, B→C, C→A through one folder: each machine ends with every event."""
    folder = shared_folder(tmp_path)
    group = a, b, c = machines(tmp_path, 3)
    interleaved_offline_reviews(a, b, c)
    for step, machine in enumerate([a, b, c, a, b]):
        machine.sync(folder, at(60 + step))
    assert_converged(group)


STEP_KINDS = ("review", "review", "review", "drill", "sync", "flag", "suspend", "bury", "undo")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(2, 3),
    steps=st.lists(
        st.tuples(
            st.sampled_from(STEP_KINDS),
            st.integers(0, 2),
            st.sampled_from(["q1", "q2", "q3"]),
            st.integers(0, 5),
        ),
        max_size=24,
    ),
    order=st.permutations(range(3)),
)
def test_any_order_of_syncs_converges(count, steps, order):
    """Whatever each machine does offline and whenever it syncs, two rounds of syncs (in
    any order) bring every machine to the same log, cards, flags and exams, and a third
    changes nothing."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = shared_folder(root)
        group = machines(root, count)
        for index, (kind, who, qid, grade) in enumerate(steps):
            machine, moment = group[who % count], at(index * 5)
            store, day = machine.store, moment.date()
            if kind in ("review", "drill"):
                try:
                    machine.review(qid, grade, moment, kind=kind)
                except StoreError:
                    pass  # a drill of a card never reviewed
            elif kind == "sync":
                machine.sync(folder, moment)
            elif kind == "flag":
                store.toggle_flag(qid, now=moment)
            elif kind == "suspend":
                store.set_suspended(qid, grade % 2 == 0, day=day, now=moment)
            elif kind == "bury":
                store.set_aside(qid, "bury", now=moment, day=day)
            else:
                action = store.last_action(day)
                if action is not None:
                    try:
                        store.undo_action(action.id, now=moment, day=day)
                    except StoreError:
                        pass  # refused: the card changed since
        later = len(steps) * 5
        ranked = [group[n] for n in order if n < count]
        for step, machine in enumerate(ranked * 2):
            machine.sync(folder, at(later + step))
        final = assert_converged(group)
        for step, machine in enumerate(ranked):
            machine.sync(folder, at(later + 10 + step))
        assert ranked[0].state() == final


# -- the same card on the same day --------------------------------------------------------------


def test_the_same_card_reviewed_on_one_day_on_two_machines_is_counted_and_both_kept(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = machines(tmp_path, 2)
    a.review("q1", 4, at(0))
    a.review("q2", 4, at(0.5))
    b.review("q1", 1, at(2))  # the same day, later: it counts last
    b.review("q2", 4, at(30))  # another day: no conflict
    assert a.sync(folder, at(40)).same_day == 0
    report = b.sync(folder, at(41))
    assert (report.same_day, report.received, report.sent) == (1, {a.store.device_id(): 2}, 2)
    assert a.sync(folder, at(42)).same_day == 1
    assert b.sync(folder, at(43)).same_day == 0  # counted once, when it arrives
    history = a.store.history("q1")
    assert [(r.grade, r.at) for r in history] == [
        (4, "2026-03-02T08:00:00+00:00"),
        (1, "2026-03-02T10:00:00+00:00"),
    ]
    once = policy.apply(None, "q1", 4, at(0), at(0).date())
    twice = policy.apply(once, "q1", 1, at(2), at(2).date())
    assert a.store.card("q1") == b.store.card("q1") == twice


def test_reviews_made_in_the_same_second_are_ordered_alike_everywhere(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = group = machines(tmp_path, 2)
    a.review("q1", 5, at(0))
    b.review("q1", 1, at(0))
    for step, machine in enumerate([a, b, a]):
        machine.sync(folder, at(5 + step))
    final = assert_converged(group)
    first, second = sorted([a.store.device_id(), b.store.device_id()])
    assert [row[-1].split("/")[0] for row in final["reviews"]] == [first, second]


# -- files caught mid-copy, damaged, or from elsewhere -------------------------------------------


def event_file(folder: Path, device: str, events: list[dict], **header: object) -> Path:
    """An event file made by hand, whole (its hash right), for events numbered from 1."""
    fields = {
        "quiz_sync": 1, "device": device, "name": "elsewhere", "first": 1,
        "last": len(events), "written_at": "2026-03-02T08:00:00+00:00", **header,
    }  # fmt: skip
    lines = [fields, *({**e, "device": device, "n": n} for n, e in enumerate(events, 1))]
    content = "".join(json.dumps(line) + "\n" for line in lines).encode()
    digest = hashlib.sha256(content).hexdigest()
    path = folder / device / f"{1:09d}-{len(events):09d}-{digest[:8]}.jsonl"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content + json.dumps({"end": digest}).encode() + b"\n")
    return path


def copy_folder(source: Path, target: Path) -> list[Path]:
    """Copy an event folder's files as a sync tool would; the copies."""
    copies = []
    for path in sorted(source.rglob("*.jsonl")):
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    return copies


def test_a_half_copied_file_is_skipped_with_a_warning_and_read_at_the_next_sync(tmp_path):
    """The laptop writes to its folder; the desktop's copy of it is still being filled."""
    laptop_folder, desktop_folder = tmp_path / "laptop-dir", tmp_path / "desktop-dir"
    laptop_folder.mkdir()
    desktop_folder.mkdir()
    laptop, desktop = machines(tmp_path, 2)
    laptop.review("q1", 4, at(0))
    laptop.sync(laptop_folder, at(1))
    copy_folder(laptop_folder, desktop_folder)
    assert desktop.sync(desktop_folder, at(2)).received == {laptop.store.device_id(): 1}
    laptop.review("q2", 4, at(3))
    laptop.review("q3", 3, at(4))
    laptop.sync(laptop_folder, at(5))
    [whole] = [
        p for p in copy_folder(laptop_folder, desktop_folder) if p.name.startswith("000000002-")
    ]
    data = whole.read_bytes()
    for cut in (len(data) // 2, data.rindex(b"\n", 0, len(data) - 1) + 1):
        whole.write_bytes(data[:cut])
        report = desktop.sync(desktop_folder, at(6))
        assert [(s.path, str(s.reason)) for s in report.skipped] == [
            (whole, "incomplete (still being copied?)")
        ]
        assert report.received == {}
        # Nothing merged before is lost.
        assert [r.question_id for r in desktop.store.all_reviews()] == ["q1"]
    whole.write_bytes(data)
    report = desktop.sync(desktop_folder, at(7))
    assert report.skipped == () and report.received == {laptop.store.device_id(): 2}
    assert [r.question_id for r in desktop.store.all_reviews()] == ["q1", "q2", "q3"]


def test_a_damaged_or_foreign_file_is_skipped_and_the_rest_merged(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = machines(tmp_path, 2)
    a.review("q1", 4, at(0))
    a.sync(folder, at(1))
    [written] = (folder / a.store.device_id()).glob("*.jsonl")
    good = written.read_bytes()
    written.write_bytes(good.replace(b'"grade":4', b'"grade":5'))
    report = b.sync(folder, at(2))
    assert [str(s.reason) for s in report.skipped] == ["damaged (its checksum does not match)"]
    assert b.store.review_count() == 0
    # A file that is no event file of quiz's, and one that its hash vouches for but whose
    # event is not a review quiz could have written.
    written.write_bytes(good)
    trust = {"kind": "trust", "at": "2026-03-02T08:00:00+00:00", "sha256": "ab" * 32}
    forged = event_file(folder, "0123456789ab", [trust])
    (folder / "notes.txt").write_text("not ours")
    (folder / a.store.device_id() / "000000001-000000001-abc (conflicted copy).jsonl").write_text(
        ""
    )
    report = b.sync(folder, at(3))
    assert [(s.path.name, str(s.reason)) for s in report.skipped] == [
        (forged.name, "not a quiz event file (event 1 is of no known kind)")
    ]
    assert report.received == {a.store.device_id(): 1}
    assert b.store.trusted() == []


def test_a_file_of_a_newer_format_waits_for_an_upgrade(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = machines(tmp_path, 2)
    a.review("q1", 4, at(0))
    a.sync(folder, at(1))
    [written] = (folder / a.store.device_id()).glob("*.jsonl")
    lines = written.read_bytes().splitlines()
    written.unlink()
    event = json.loads(lines[1])
    event_file(folder, a.store.device_id(), [event], quiz_sync=2)
    [skipped] = b.sync(folder, at(2)).skipped
    assert str(skipped.reason) == "written by a newer version of quiz (format 2)"


# -- kill -9 ------------------------------------------------------------------------------------


def database_rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("reviews", "cards", "flags", "exams", "sync", "scheduler")
        }
    finally:
        conn.close()


@pytest.mark.slow
def test_a_sync_killed_with_sigkill_leaves_the_database_as_before(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = machines(tmp_path, 2)
    b.review("q9", 4, at(0))
    b.sync(folder, at(1))
    for hour in range(6):
        a.review(f"q{hour}", 4, at(hour))
    a.store.toggle_flag("q1", now=at(6))
    a.store.close()
    database = a.home / "quiz.db"
    before = database_rows(database)
    marker = tmp_path / "held"
    env = child_env(QUIZ_HOME=str(a.home), QUIZ_NOW="2026-03-02T20:00:00+00:00")
    child = subprocess.Popen(
        [*QUIZ, "sync", str(folder)],
        env={**env, sync.HOLD: str(marker)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the sync never reached its commit"
            time.sleep(0.05)
        # Everything is written but not committed: the event file is in the folder.
        device = (a.home / "device.id").read_text().strip()
        assert len(list((folder / device).glob("*.jsonl"))) == 1
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert database_rows(database) == before
    # The file the killed sync wrote is read back as this machine's own: sent once.
    result = subprocess.run(
        [*QUIZ, "sync", str(folder)], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    a = Machine(tmp_path, "a")
    assert len(list((folder / a.store.device_id()).glob("*.jsonl"))) == 1
    assert b.sync(folder, at(30)).received == {a.store.device_id(): 7}
    assert_converged([a, b])
    assert len(b.state()["reviews"]) == 7


def test_a_sync_that_fails_half_way_changes_nothing(tmp_path, monkeypatch):
    folder = shared_folder(tmp_path)
    a, b = machines(tmp_path, 2)
    b.review("q9", 4, at(0))
    b.sync(folder, at(1))
    a.review("q1", 4, at(2))
    before = database_rows(a.home / "quiz.db")

    def full_disk(*args, **kwargs):
        raise QuizError("the folder is full")

    monkeypatch.setattr(sync, "_write_batch", full_disk)
    with pytest.raises(QuizError):
        a.sync(folder, at(3))
    assert database_rows(a.home / "quiz.db") == before


# -- undo ---------------------------------------------------------------------------------------


def test_an_undo_travels_and_takes_back_its_own_machines_answer(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = group = machines(tmp_path, 2)
    # Each machine's first event is number 1: A's undo names A's 1, never B's.
    first = a.review("q1", 4, at(0))
    b.review("q9", 5, at(0.5))
    a.store.undo(first.review_id, now=at(1), day=at(1).date())
    a.review("q2", 3, at(2))
    b.review("q3", 4, at(3))
    for step, machine in enumerate([a, b, a]):
        machine.sync(folder, at(10 + step))
    final = assert_converged(group)
    undone = {row[0]: row for row in final["reviews"]}
    [undo] = [row for row in final["reviews"] if row[4] == "undo"]
    assert undone[undo[12]][-1] == f"{a.store.device_id()}/1"  # q1's answer, A's own
    assert a.store.card("q1") is None and b.store.card("q1") is None
    assert b.store.card("q9") is not None
    # An answer already sent, taken back afterwards: the undo follows it.
    b.store.undo(
        next(r.id for r in b.store.history("q3") if r.kind == "review"),
        now=at(20),
        day=at(20).date(),
    )
    b.sync(folder, at(21))
    a.sync(folder, at(22))
    assert a.store.card("q3") is None
    assert_converged(group)


def test_an_answer_from_another_machine_cannot_be_undone_here(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = machines(tmp_path, 2)
    a.review("q1", 4, at(0))
    a.sync(folder, at(1))
    b.sync(folder, at(2))
    [theirs] = b.store.history("q1")
    with pytest.raises(StoreError) as refused:
        b.store.undo(theirs.id, now=at(3), day=at(3).date())
    assert str(refused.value) == "cannot undo: q1 was answered on another machine"


# -- what travels ---------------------------------------------------------------------------------


def test_set_asides_flags_exams_and_settings_travel_and_trust_does_not(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = group = machines(tmp_path, 2)
    a.review("q1", 4, at(0))
    a.review("q2", 4, at(0.2))
    a.store.set_suspended("q1", True, day=at(1).date(), now=at(1))
    a.store.set_aside("q2", "bury", now=at(1), day=at(1).date())
    a.store.toggle_flag("q3", now=at(1))
    a.store.set_suspended("q4", True, day=at(1).date(), now=at(1))  # never reviewed
    exam = {
        "seed": 7, "minutes": 30.0, "topics": ["cnn"], "questions": 1, "correct": 1,
        "seconds": 61.5, "recorded": True, "interrupted": False,
        "answers": [{"id": "q1", "given": "28", "correct": True}],
    }  # fmt: skip
    a.store.save_exam(exam, now=at(1.5))
    a.store.trust("ab" * 32, "/banks/mine/snippets/x.py", now=at(1))
    with home(a.home):
        config.change("exam_date", "2026-06-01")
        config.change("new", "7")
        config.change("lang", "zh")  # the machine's own: stays
        changed_at(config.change_bank_exam_date("conv", "2026-05-20")[1], at(1))
    a.sync(folder, at(2))
    report = b.sync(folder, at(3))
    assert report.settings
    assert b.store.card("q1").suspended and b.store.card("q4").suspended
    assert b.store.buried_ids(at(1).date()) == {"q2"}
    assert b.store.flagged() == {"q3"}
    assert b.store.exams() == a.store.exams()
    assert b.store.trusted() == [] and a.store.trusted() != []
    with home(b.home):
        stored = config.load()
    assert stored["exam_date"] == date(2026, 6, 1) and stored["new"] == 7
    assert stored[config.EXAM_DATES] == {"conv": date(2026, 5, 20)}
    assert "lang" not in stored
    assert_converged(group)
    # Later changes on the other machine win: unsuspend, unflag, another exam day.
    b.store.set_suspended("q1", False, day=at(5).date(), now=at(5))
    b.store.toggle_flag("q3", now=at(5))
    with home(b.home):
        changed_at(config.change("exam_date", "2026-07-01")[1], at(5))
    b.sync(folder, at(6))
    a.sync(folder, at(7))
    assert not a.store.card("q1").suspended and a.store.flagged() == set()
    with home(a.home):
        assert config.load()["exam_date"] == date(2026, 7, 1)
        assert config.load()["lang"] == "zh"
    assert_converged(group)


def test_the_scheduler_travels_and_the_cards_are_rebuilt_under_it(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = group = machines(tmp_path, 2)
    for day in range(4):
        a.review("q1", 4, at(day * 24))
        b.review("q2", 3, at(day * 24 + 1))
    with home(a.home):
        config.change("scheduler", "fsrs")
        changed_at(config.change("fuzz", "on")[1], at(99))
    for step, machine in enumerate([a, b, a]):
        machine.sync(folder, at(100 + step))
    final = assert_converged(group)
    assert all(card[13] is not None for card in final["cards"])  # FSRS stability
    with home(b.home):
        assert config.get("scheduler") == "fsrs"


def test_a_first_sync_leaves_a_machines_own_cards_as_they_were(tmp_path):
    """Cards made answer by answer, set aside, flagged, a leech unsuspended: the first sync
    rebuilds them from the log to the same rows."""
    folder = shared_folder(tmp_path)
    [a] = machines(tmp_path, 1)
    for hour in range(9):
        a.review("leech", 1, at(hour * 24))
    a.store.set_suspended("leech", False, day=at(300).date(), now=at(300))
    a.review("lapsed", 1, at(2))
    for hour in range(9):
        a.review("lapsed", 1, at(hour * 24 + 3))
    a.store.set_suspended("lapsed", False, day=at(300).date(), now=at(300))
    a.review("lapsed", 1, at(320))  # failed again: a leech again, suspended again
    a.review("q1", 4, at(1))
    a.review("q1", 2, at(25))
    a.review("q1", 4, at(25.5), kind="drill")
    a.store.set_aside("q1", "suspend", now=at(26), day=at(26).date())
    a.store.set_aside("q2", "bury", now=at(26), day=at(26).date())
    a.store.toggle_flag("q1", now=at(27))
    before = a.state()
    assert a.store.card("lapsed").suspended and not a.store.card("leech").suspended
    a.sync(folder, at(400))
    assert a.state()["cards"] == before["cards"]
    assert a.state()["flags"] == before["flags"]


def test_set_asides_flags_and_exams_from_before_sync_are_sent(tmp_path):
    """A database from before step 11: its suspensions, burials, flags and exams become
    events on upgrade, and the first sync sends them."""
    folder = shared_folder(tmp_path)
    old = tmp_path / "a" / "quiz.db"
    old.parent.mkdir()
    conn = sqlite3.connect(old, isolation_level=None)
    migrations.apply_pending(conn, 10)
    card = (
        "INSERT INTO cards (question_id, easiness_x100, interval, repetitions, due_day,"
        " suspended, leech, lapses, reviews, introduced_day, buried_until) VALUES"
    )
    conn.execute(f"{card} ('q1', 250, 0, 0, '2026-03-02', 1, 0, 0, 0, NULL, NULL)")
    conn.execute(f"{card} ('q2', 250, 0, 0, '2026-03-02', 0, 0, 0, 0, NULL, '2026-03-03')")
    conn.execute("INSERT INTO flags VALUES ('q3', '2026-03-02T08:00:00+00:00')")
    conn.execute(
        "INSERT INTO exams (started_at, seed, minutes, topics, questions, correct, seconds,"
        " recorded, answers, interrupted) VALUES"
        " ('2026-03-01T08:00:00+00:00', 3, NULL, '[]', 2, 1, 90.5, 0, '[]', 0)"
    )
    conn.close()
    a, b = group = machines(tmp_path, 2)
    assert len(a.store.notes()) == 4
    before = a.state()
    a.sync(folder, at(1))
    assert a.state()["cards"] == before["cards"] and a.state()["exams"] == before["exams"]
    b.sync(folder, at(2))
    assert b.store.card("q1").suspended and b.store.buried_ids(date(2026, 3, 2)) == {"q2"}
    assert b.store.flagged() == {"q3"} and len(b.store.exams()) == 1
    assert_converged(group)


# -- the device id lives with the home ------------------------------------------------------------


def test_a_backup_restored_on_another_machine_keeps_that_machines_id(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = group = machines(tmp_path, 2)
    a.review("q1", 4, at(0))
    a.sync(folder, at(1))
    a.review("q2", 4, at(2))  # not sent yet when the backup is made
    backup = tmp_path / "a.backup.db"
    a.store.backup_to(backup)
    b_id = b.store.device_id()
    b.store.restore_from(backup, keep_current_as=tmp_path / "b-before.db")
    assert b.store.device_id() == b_id != a.store.device_id()
    a.sync(folder, at(3))  # A sends q2 first
    report = b.sync(folder, at(4))
    # q2 is in the folder already, as A's: B takes it as that, and sends nothing of A's.
    assert report.sent == 0 and list((folder / b_id).iterdir()) == []
    b.review("q3", 4, at(5))
    b.sync(folder, at(6))
    a.sync(folder, at(7))
    final = assert_converged(group)
    assert [row[3] for row in final["reviews"]] == ["q1", "q2", "q3"]


def test_a_restore_on_the_same_machine_keeps_its_numbers_unique(tmp_path):
    folder = shared_folder(tmp_path)
    a, b = group = machines(tmp_path, 2)
    a.review("q1", 4, at(0))
    backup = tmp_path / "old.db"
    a.store.backup_to(backup)
    a.sync(folder, at(1))
    a.review("q2", 4, at(2))
    a.sync(folder, at(3))
    a.store.restore_from(backup, keep_current_as=tmp_path / "kept.db")
    a.review("q3", 4, at(4))
    a.sync(folder, at(5))  # q1 is taken as the A/1 it was sent as, q2 comes back, q3 is A/3
    origins = [row[-1] for row in a.state()["reviews"]]
    assert origins == [f"{a.store.device_id()}/{n}" for n in (1, 2, 3)]
    b.sync(folder, at(6))
    assert_converged(group)


# -- the command line ------------------------------------------------------------------------------


def test_quiz_sync_and_its_status_on_the_command_line(tmp_path):
    folder = shared_folder(tmp_path)
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    result = quiz("sync", "--status", QUIZ_HOME=str(laptop))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "This machine has no device id yet: the first `quiz sync DIR` makes one.",
        "Not synced yet: `quiz sync DIR` merges this machine's reviews with those of the"
        " others that share DIR.",
        "Waiting to be sent: 0 changes",
    ]
    Machine(tmp_path, "laptop").review("q1", 4, at(0))
    Machine(tmp_path, "desktop").review("q1", 3, at(1))
    now = {"QUIZ_NOW": "2026-03-02T12:00:00+00:00"}
    first = quiz("sync", str(folder), QUIZ_HOME=str(laptop), **now)
    assert first.exit_code == 0, first.output
    laptop_id = (laptop / "device.id").read_text().strip()
    assert f"Synced with {folder} as {laptop_id} (" in first.output
    assert "Sent 1 event." in first.output
    second = quiz("sync", str(folder), "--lang", "zh", QUIZ_HOME=str(desktop), **now)
    assert second.exit_code == 0, second.output
    desktop_id = (desktop / "device.id").read_text().strip()
    assert "收到 1 个事件。" in second.output
    assert "有 1 张卡片在同一天于两台机器上复习" in second.output
    status = quiz("sync", "--status", QUIZ_HOME=str(desktop))
    lines = status.output.splitlines()
    assert lines[0] == f"This machine: {desktop_id}"
    assert lines[1] == f"Folder: {folder}, last synced 2026-03-02 12:00 UTC"
    assert lines[2] == "Devices seen:"
    assert lines[3].startswith(f"  {desktop_id}  ") and lines[3].endswith(
        "last wrote 2026-03-02 12:00 UTC · 1 event (this machine)"
    )
    assert lines[4].startswith(f"  {laptop_id}  ") and lines[4].endswith(
        "last wrote 2026-03-02 12:00 UTC · 1 event"
    )
    assert lines[5] == "Waiting to be sent: 0 changes"


def test_a_file_left_for_later_is_one_warning_line_on_stderr(tmp_path):
    folder = shared_folder(tmp_path)
    Machine(tmp_path, "laptop").review("q1", 4, at(0))
    assert quiz("sync", str(folder), QUIZ_HOME=str(tmp_path / "laptop")).exit_code == 0
    [written] = folder.glob("*/*.jsonl")
    written.write_bytes(written.read_bytes()[:-20])
    result = quiz("sync", str(folder), QUIZ_HOME=str(tmp_path / "desktop"))
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: {written}: skipped, incomplete (still being copied?); it is read again"
        " at the next sync\n"
    )
    assert "Nothing new to receive or send." in result.stdout


def one_line_error(result, message: str) -> None:
    assert result.exit_code == 1
    assert result.stderr == f"error: {message}\n"
    assert "Traceback" not in result.output


def test_a_bad_folder_is_one_line_and_exit_1(tmp_path):
    missing = tmp_path / "gone"
    one_line_error(
        quiz("sync", str(missing)),
        f"{missing}: no such folder (create it, or name the folder your machines share)",
    )
    a_file = tmp_path / "file"
    a_file.write_text("")
    one_line_error(
        quiz("sync", str(a_file)), f"{a_file}: not a folder; name the folder your machines share"
    )
    one_line_error(quiz("sync"), "name the folder your machines share: quiz sync DIR (or --status)")
    one_line_error(
        quiz("sync", str(tmp_path), "--status"),
        "--status shows what the last sync saw: give it no folder",
    )
    folder = shared_folder(tmp_path)
    Store(tmp_path / "home" / "quiz.db").close()
    device = tmp_path / "home" / "device.id"
    device.write_text("not an id\n")
    one_line_error(
        quiz("sync", str(folder)),
        f"{device}: not a quiz device id; delete it and a new one is made",
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
def test_a_folder_that_cannot_be_written_is_one_line(tmp_path):
    folder = shared_folder(tmp_path)
    folder.chmod(0o500)
    try:
        one_line_error(
            quiz("sync", str(folder)), f"{folder}: cannot write there (permission denied)"
        )
    finally:
        folder.chmod(0o700)


def test_an_unwritable_folder_is_refused_before_anything_is_read(tmp_path, monkeypatch):
    """(As root, whom no folder refuses, the check itself is what can be tested.)"""
    folder = shared_folder(tmp_path)
    [a] = machines(tmp_path, 1)
    a.review("q1", 4, at(0))
    monkeypatch.setattr(sync.os, "access", lambda path, mode: False)
    with pytest.raises(QuizError) as refused:
        a.sync(folder, at(1))
    assert str(refused.value) == f"{folder}: cannot write there (permission denied)"
    assert list(folder.iterdir()) == [] and a.store.unsent_count() == 1


def test_fitted_parameters_travel(tmp_path):
    from quiz.study.schedulers import PARAMETERS

    folder = shared_folder(tmp_path)
    a, b = group = machines(tmp_path, 2)
    a.review("q1", 4, at(0))
    fitted = {"parameters": [0.5] * 21, "fitted_at": at(1).isoformat(), "reviews": 9, "cards": 2}
    a.store.set_scheduler_value(PARAMETERS, fitted)
    a.sync(folder, at(2))
    assert b.sync(folder, at(3)).settings
    assert b.store.scheduler_value(PARAMETERS) == fitted
    b.store.set_scheduler_value(PARAMETERS, None)  # `quiz scheduler optimize --reset`
    b.sync(folder, at(4))
    a.sync(folder, at(5))
    assert a.store.scheduler_value(PARAMETERS) is None
    assert_converged(group)


def test_two_homes_with_one_device_id_are_told_apart_by_their_files(tmp_path):
    """A home copied whole (device.id with it) writes as the same device: the second file
    to claim a number is skipped with a warning, never merged over the first."""
    a, b, clone = machines(tmp_path, 3)
    (clone.home / "device.id").write_text(a.store.device_id() + "\n")
    a.review("q1", 4, at(0))
    clone.review("q2", 4, at(1))
    for machine in (a, clone):
        own = tmp_path / f"dir-{machine.home.name}"
        own.mkdir()
        machine.sync(own, at(2))
    folder = shared_folder(tmp_path)
    for name in ("a", "c"):
        copy_folder(tmp_path / f"dir-{name}", folder)
    report = b.sync(folder, at(3))
    [skipped] = report.skipped
    assert str(skipped.reason).startswith(f"holds event {a.store.device_id()}/1 unlike ")
    assert str(skipped.reason).endswith("(do two machines share one device id?)")
    assert b.store.review_count() == 1


def test_the_status_counts_what_waits_to_be_sent(tmp_path):
    folder = shared_folder(tmp_path)
    [a] = machines(tmp_path, 1)
    a.review("q1", 4, at(0))
    a.sync(folder, at(1))
    a.review("q2", 4, at(2))
    a.store.toggle_flag("q2", now=at(2))
    found = sync.status(a.store)
    assert (found.unsent, found.folder, found.synced_at) == (
        2,
        str(folder),
        "2026-03-02T09:00:00+00:00",
    )
    [device] = found.devices
    assert (device.id, device.this, device.last) == (a.store.device_id(), True, 1)
