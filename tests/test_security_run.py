"""Attacks on running code: only the bytes the student trusted run, in a worker that imports
nothing from the current folder, the bank or the snippets folder, and whose limits hold for
everything a snippet starts. Each attack leaves a marker file if it works."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from conftest import child_env, quiz, write_bank
from quiz.bank.catalog import open_catalog
from quiz.bank.files import Snippet
from quiz.snippets.client import Worker
from quiz.snippets.prover import Prover
from quiz.store import Store

pytestmark = pytest.mark.slow

QUIZ_SCRIPT = shutil.which("quiz", path=str(Path(sys.executable).parent)) or "quiz"


def console_quiz(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """The installed `quiz` command, as a student runs it, from the folder `cwd`."""
    return subprocess.run(
        [QUIZ_SCRIPT, *args],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def booby_trapped_folder(folder: Path, marker: Path) -> Path:
    """A folder holding modules that a careless import from it would run."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    for name in ("typing_extensions", "quiz", "numpy", "sitecustomize", "usercustomize"):
        (folder / f"{name}.py").write_text(payload)
    (folder / "quiz").mkdir(exist_ok=True)
    (folder / "quiz" / "__init__.py").write_text(payload)
    (folder / "quiz" / "worker.py").write_text(payload)
    return folder


# -- critical 1: the current folder is not importable --------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["device"],
        ["run", "snippet", "conv_output_size", "--arg", "size=8"],
        ["run", "question", "conv-out-floor"],
        ["run", "question", "trapped-q", "--bank", "{bank}"],
        ["check", "--run", "{bank}"],
    ],
)
def test_modules_in_the_current_folder_never_run(tmp_path, command):
    marker = tmp_path / "pwned"
    cwd = booby_trapped_folder(tmp_path / "clone", marker)
    bank = write_bank(
        cwd,
        "questions:\n- {id: trapped-q, type: numeric, prompt: p, answer: 1, snippet: plain}\n",
        {"plain": "import typing_extensions\n\ndef answer(*, device='cpu'):\n    return 1\n"},
        name="course",
    )
    assert console_quiz("trust", str(bank), cwd=tmp_path).returncode == 0
    result = console_quiz(*[word.format(bank=bank) for word in command], cwd=cwd)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), marker.read_text()


def test_check_run_with_nothing_to_prove_starts_no_worker(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(Worker, "start", lambda self: started.append(self) or self)
    bank = tmp_path / "plain.yaml"
    bank.write_text("questions:\n- {id: plain-q, type: numeric, prompt: p, answer: 1}\n")
    result = quiz("check", str(bank), "--run")
    assert result.exit_code == 0, result.output
    assert "0 proofs" in result.output
    assert started == []


def test_check_run_from_a_trapped_folder_on_a_bank_without_snippets(tmp_path):
    marker = tmp_path / "pwned"
    cwd = booby_trapped_folder(tmp_path / "clone", marker)
    bank = cwd / "plain.yaml"
    bank.write_text("questions:\n- {id: plain-q, type: numeric, prompt: p, answer: 1}\n")
    result = console_quiz("check", "--run", "plain.yaml", cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()


# -- critical 4: modules beside a trusted snippet are never importable ---------------------


@pytest.mark.parametrize("where", ["snippets", "bank", "elsewhere"])
def test_a_module_beside_the_snippet_is_not_importable_from_any_folder(tmp_path, where):
    marker = tmp_path / "pwned"
    course = tmp_path / "course"
    bank = write_bank(
        course,
        "questions:\n- {id: helper-q, type: numeric, prompt: p, answer: 1, snippet: uses_helper}\n",
        {"uses_helper": "import helper\n\ndef answer(*, device='cpu'):\n    return 1\n"},
        name="course",
    )
    (course / "snippets" / "helper.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    (course / "helper.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    assert console_quiz("trust", str(bank), cwd=tmp_path).returncode == 0
    cwd = {"snippets": course / "snippets", "bank": course, "elsewhere": tmp_path}[where]
    result = console_quiz("run", "question", "helper-q", "--bank", str(bank), cwd=cwd)
    assert result.returncode == 1
    assert "raised ModuleNotFoundError: No module named 'helper'" in result.stderr
    assert "Traceback" not in result.stderr.split("error:")[-1]
    assert not marker.exists()


# -- critical 2 and 3: exactly the bytes that were trusted run ------------------------------

GOOD = "def answer(a=1, b=2, *, device='cpu'):\n    return a + b\n"


def poisoned(marker: Path) -> str:
    return (
        f"open({str(marker)!r}, 'w').write('ran')\n\n"
        "def answer(a=1, b=2, *, device='cpu'):\n    return 424242\n"
    )


QUESTIONS = """\
questions:
- id: add-drill
  type: numeric
  params: {a: [1, 2], b: [3]}
  prompt: "{a} + {b}?"
  answer: snippet
  snippet: adder
"""


def test_a_snippet_edited_during_a_review_does_not_run_and_does_not_poison_the_cache(tmp_path):
    marker = tmp_path / "pwned"
    bank = write_bank(
        tmp_path / "course",
        QUESTIONS,
        {"adder": GOOD},
        name="course",
    )
    store = Store(tmp_path / "quiz.db")
    catalog, _ = open_catalog([str(bank)])
    question = catalog.questions["add-drill"]
    trusted = Snippet.read(bank.parent / "snippets" / "adder.py")
    store.trust(trusted.digest, str(trusted.path), now=_now())
    with Prover(catalog, store) as prover:
        assert prover.ready(question, {"a": 1, "b": 3}) is False
        prover.prefetch(question, {"a": 1, "b": 3})
        (bank.parent / "snippets" / "adder.py").write_text(poisoned(marker))
        assert prover.key(question, {"a": 1, "b": 3}) == 4
        assert prover.key(question, {"a": 2, "b": 3}) == 5  # started after the edit
    assert not marker.exists()
    assert store.cached_key(trusted.digest, {"a": 2, "b": 3}) == 5
    edited = Snippet.read(bank.parent / "snippets" / "adder.py")
    assert store.cached_key(edited.digest, {"a": 2, "b": 3}) is None
    # The next session sees the edit: it is not trusted, so nothing runs at all.
    with Prover(catalog, store) as prover:
        with pytest.raises(Exception, match="not trusted"):
            prover.key(question, {"a": 1, "b": 4})
    assert not marker.exists()


def test_the_worker_runs_the_bytes_it_is_sent_never_the_file(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "adder.py"
    path.write_text(GOOD)
    snippet = Snippet.read(path)
    path.write_text(poisoned(marker))  # swapped between the check and the run
    worker = Worker()
    try:
        outcome = worker.run(snippet, {"a": 2, "b": 2}, device="cpu")
        gone = worker.run(Snippet(tmp_path / "nowhere.py", GOOD.encode()), {}, device="cpu")
    finally:
        worker.close()
    assert outcome.ok and outcome.value == 4
    assert gone.ok and gone.value == 3
    assert not marker.exists()


def test_run_snippet_shows_and_runs_the_same_bytes(tmp_path):
    bank = write_bank(
        tmp_path / "course",
        "questions:\n- {id: shown-q, type: numeric, prompt: p, answer: 7, snippet: shown}\n",
        {
            "shown": "print('this is the code that runs')\n\n"
            "def answer(*, device='cpu'):\n    return 7\n"
        },
        name="course",
    )
    assert quiz("trust", str(bank)).exit_code == 0
    result = quiz("run", "snippet", "shown", "--bank", str(bank))
    assert result.exit_code == 0, result.output
    assert result.output.count("this is the code that runs") == 2  # shown once, printed once
    assert "answer() = 7" in result.output


# -- high: the limits hold for everything a snippet starts ---------------------------------


@pytest.fixture(scope="module")
def worker():
    running = Worker(jobs=2).start()
    running.wait_ready()
    yield running
    running.close()


def run(worker: Worker, code: str, args: dict | None = None, timeout: float = 20):
    snippet = Snippet(Path("/nonexistent/attack.py"), textwrap.dedent(code).encode())
    return worker.run(snippet, args or {}, device="cpu", timeout=timeout)


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_snippet_that_closes_its_output_and_sleeps_is_killed_on_time(worker):
    started = time.monotonic()
    outcome = run(
        worker,
        """
        import os, time
        def answer(*, device='cpu'):
            for fd in range(0, 256):
                try:
                    os.close(fd)
                except OSError:
                    pass
            time.sleep(60)
        """,
        timeout=1.5,
    )
    assert not outcome.ok and "ran past the 1.5 s timeout" in outcome.error
    assert time.monotonic() - started < 15


def test_a_child_in_a_new_session_holding_the_output_does_not_hang_quiz(worker, tmp_path):
    pidfile = tmp_path / "pid"
    started = time.monotonic()
    outcome = run(
        worker,
        f"""
        import os, time
        def answer(*, device='cpu'):
            pid = os.fork()
            if pid == 0:
                os.setsid()
                open({str(pidfile)!r}, 'w').write(str(os.getpid()))
                time.sleep(120)
                os._exit(0)
            while not os.path.exists({str(pidfile)!r}):
                time.sleep(0.01)
            return 1
        """,
    )
    assert outcome.ok and outcome.value == 1
    assert time.monotonic() - started < 15
    _wait_for(pidfile)
    assert not alive(int(pidfile.read_text()))


def daemon_snippet(pidfile: Path, then: str) -> str:
    """A snippet that double-forks a daemon (which writes its pid to `pidfile` and sleeps),
    then runs `then`."""
    return f"""
import os, time
def answer(*, device='cpu'):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            open({str(pidfile)!r}, 'w').write(str(os.getpid()))
            time.sleep(120)
        os._exit(0)
{textwrap.indent(textwrap.dedent(then), "    ")}"""


def test_a_double_forked_daemon_does_not_outlive_its_run(worker, tmp_path):
    pidfile = tmp_path / "daemon"
    waits = f"""
        os.wait()
        while not os.path.exists({str(pidfile)!r}):
            time.sleep(0.01)
        return 2
        """
    outcome = run(worker, daemon_snippet(pidfile, waits))
    assert outcome.ok and outcome.value == 2
    assert not alive(int(pidfile.read_text()))


def test_a_hang_with_a_daemon_is_killed_with_it(worker, tmp_path):
    pidfile = tmp_path / "daemon"
    outcome = run(worker, daemon_snippet(pidfile, "time.sleep(120)"), timeout=2)
    assert not outcome.ok and "timeout" in outcome.error
    _wait_for(pidfile)
    assert not alive(int(pidfile.read_text()))


FORGER = """
import json, os
FORGED = json.dumps({"id": 1, "ok": True, "value": 424242}) + "\\n"

def ancestors():
    pid = os.getpid()
    while pid > 1:
        with open(f"/proc/{pid}/stat") as stat:
            pid = int(stat.read().rsplit(")", 1)[1].split()[1])
        yield pid

def answer(*, device='cpu'):
    reached = []
    for pid in list(ancestors())[:1]:  # the worker: the runner's parent
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                with open(f"/proc/{pid}/fd/{fd}", "w") as channel:
                    channel.write(FORGED * 3)
                reached.append(f"{pid}/{fd}")
            except OSError:
                pass
    for fd in range(3, 64):
        try:
            for n in range(1, 10):
                os.write(fd, json.dumps({"id": n, "ok": True, "value": 424242}).encode() + b"\\n")
            reached.append(f"own/{fd}")
        except OSError:
            pass
    print("reached", reached)
    return 7
"""


def test_the_result_channel_cannot_be_forged_or_broken(worker):
    innocent = run(
        worker, "import time\ndef answer(*, device='cpu'):\n    time.sleep(1)\n    return 5\n"
    )
    forged = worker.submit(Snippet(Path("/x/forger.py"), FORGER.encode()), {}, device="cpu")
    bystander = worker.submit(
        Snippet(
            Path("/x/slow.py"),
            b"import time\ndef answer(*, device='cpu'):\n    time.sleep(1)\n    return 6\n",
        ),
        {},
        device="cpu",
    )
    assert innocent.value == 5
    assert bystander.result().value == 6
    outcome = forged.result()
    # Whatever it reached (its own output, /dev/null), no result but its own came back.
    assert outcome.value in (7, None)
    assert 424242 not in (outcome.value, bystander.result().value)
    after = run(worker, "def answer(*, device='cpu'):\n    return 8\n")
    assert after.ok and after.value == 8  # the channel still works


def test_reading_stdin_gets_nothing_from_the_worker(worker):
    outcome = run(worker, "import sys\ndef answer(*, device='cpu'):\n    return sys.stdin.read()\n")
    assert outcome.ok and outcome.value == ""
    assert run(worker, "def answer(*, device='cpu'):\n    return 9\n").value == 9


def test_memory_is_capped_for_the_snippet_and_its_children_together(monkeypatch):
    monkeypatch.setenv("QUIZ_SNIPPET_MEMORY_MB", "600")
    worker = Worker()
    try:
        outcome = worker.run(
            Snippet(
                Path("/x/greedy_children.py"),
                textwrap.dedent(
                    """
                    import os, time
                    def answer(*, device='cpu'):
                        for _ in range(4):
                            if os.fork() == 0:
                                block = b'x' * (250 * 2**20)
                                time.sleep(60)
                                os._exit(0)
                        time.sleep(60)
                    """
                ).encode(),
            ),
            {},
            device="cpu",
            timeout=30,
        )
    finally:
        worker.close()
    assert not outcome.ok
    assert outcome.error == "used more than 600 MiB of memory and was killed"


def test_what_a_snippet_writes_to_shared_temporary_folders_is_removed(worker):
    token = uuid.uuid4().hex
    outcome = run(
        worker,
        f"""
        import os, subprocess, tempfile, time
        def answer(*, device='cpu'):
            made = []
            with open('/dev/shm/quiz-attack-{token}', 'w') as f:
                f.write('x')
            made.append('/dev/shm/quiz-attack-{token}')
            os.mkdir('/tmp/quiz-attack-dir-{token}')
            open('/tmp/quiz-attack-dir-{token}/inner', 'w').write('x')
            made.append('/tmp/quiz-attack-dir-{token}')
            handle, path = tempfile.mkstemp()
            made.append(path)
            held = subprocess.Popen(['sh', '-c', 'exec 3>/dev/shm/quiz-held-{token}; sleep 60'])
            while not os.path.exists('/dev/shm/quiz-held-{token}'):
                time.sleep(0.01)
            time.sleep(0.5)
            made.append('/dev/shm/quiz-held-{token}')
            return made
        """,
    )
    assert outcome.ok, outcome.error
    made = outcome.value
    assert len(made) == 4
    assert not tempfile_under_shared(made[2])  # mkstemp went to the run's own folder
    for path in made:
        assert not os.path.exists(path), path


def test_files_that_were_there_before_are_left_alone(worker, tmp_path):
    keep = Path(f"/dev/shm/quiz-keep-{uuid.uuid4().hex}")
    keep.write_text("mine")
    try:
        outcome = run(
            worker,
            f"def answer(*, device='cpu'):\n    open({str(keep)!r}, 'a').write('!')\n"
            "    return 1\n",
        )
        assert outcome.ok and keep.read_text() == "mine!"
    finally:
        keep.unlink()


def tempfile_under_shared(path: str) -> bool:
    return os.path.dirname(path) in ("/tmp", "/dev/shm")


# -- snippets that cannot be read ----------------------------------------------------------


def test_a_snippet_that_is_not_utf8_is_one_line(tmp_path):
    bank = write_bank(
        tmp_path / "course",
        "questions:\n- {id: latin-q, type: numeric, prompt: p, answer: 1, snippet: latin}\n",
        {},
        name="course",
    )
    (bank.parent / "snippets" / "latin.py").write_bytes(
        b"# caf\xe9\ndef answer(*, device='cpu'):\n    return 1\n"
    )
    result = quiz("run", "snippet", "latin", "--bank", str(bank))
    assert result.exit_code == 1
    assert "not UTF-8 text (byte 5); save it as UTF-8" in result.stderr
    assert "Traceback" not in result.output


def test_a_snippet_symlink_loop_is_one_line(tmp_path):
    bank = write_bank(
        tmp_path / "course",
        "questions:\n- {id: loop-q, type: numeric, prompt: p, answer: 1, snippet: loop}\n",
        {},
        name="course",
    )
    folder = bank.parent / "snippets"
    (folder / "loop.py").symlink_to(folder / "loop2.py")
    (folder / "loop2.py").symlink_to(folder / "loop.py")
    result = quiz("run", "question", "loop-q", "--bank", str(bank))
    assert result.exit_code == 1
    assert "cannot be resolved" in result.stderr
    assert "Traceback" not in result.output


def test_trust_is_checked_before_any_variant_is_drawn(tmp_path, monkeypatch):
    bank = write_bank(
        tmp_path / "course",
        "questions:\n- {id: add-q, type: numeric, prompt: '{a}', params: {a: [1, 2, 3]},"
        " answer: snippet, snippet: adder}\n",
        {"adder": GOOD},
        name="course",
    )
    drawn = []
    monkeypatch.setattr("quiz.schedule.params.variant_at", lambda *a: drawn.append(a))
    result = quiz("check", str(bank), "--run")
    assert result.exit_code == 1
    assert "is not trusted" in result.stderr
    assert drawn == []


def _wait_for(path: Path) -> None:
    for _ in range(200):
        if path.exists() and path.read_text():
            return
        time.sleep(0.02)


def _now():
    from datetime import datetime, timezone

    return datetime(2026, 12, 1, tzinfo=timezone.utc)


REAPED_WHILE_KILLING = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
import worker

pid = os.fork()
if pid == 0:
    os._exit(3)
while True:  # until it is a zombie: ended, not yet reaped
    with open(f"/proc/{pid}/stat") as stat:
        if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
            break
    time.sleep(0.01)
worker.kill_tree(pid, with_root=True)  # reaps what has ended on its way
print([status >> 8 for ended, status in worker.reap() if ended == pid])
"""


def test_a_runner_reaped_while_a_tree_is_killed_still_reports_its_end():
    """Killing a tree reaps what has ended; a runner's status reaped there must still reach
    the loop that answers for its job, or that job (and every one queued behind it) would
    wait for ever: seen once as a hung `quiz check --run`."""
    folder = Path(__file__).resolve().parent.parent / "quiz" / "snippets"
    result = subprocess.run(
        [sys.executable, "-c", REAPED_WHILE_KILLING, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[3]", result.stderr
