"""Code questions, run for real: a student's function against the bank's reference answer() on
fixed and seeded random cases (Prover.run_cases, the worker's `cases` run), read by
quiz.schedule.code; and a student's code that attacks the run, each stopped like a hostile
snippet: a one-line error, and nothing it started left running."""

from __future__ import annotations

import os
import resource
import textwrap
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import write_bank
from quiz.bank.catalog import Catalog, load_file
from quiz.bank.files import Snippet
from quiz.model import Outcome, Question
from quiz.schedule.code import CaseVerdict, failure_lines, judgement, verdict
from quiz.snippets.client import MAX_OUTPUT_BYTES
from quiz.snippets.prover import Prover
from quiz.snippets.trust import set_trust
from quiz.store import Store

slow = pytest.mark.slow

BANK = """\
bank: drills
questions:
  - id: add-two
    type: code
    prompt: Write add(a, b).
    starter: |
      def add(a, b):
          \"\"\"The sum of a and b.\"\"\"
    snippet: adder
    cases:
      - {a: 1, b: 2}
      - {a: 5, b: -3}
    random_cases: 3
    wrong:
      - |
        def add(a, b):
            return a - b

  - id: soft-max
    type: code
    prompt: Write softmax(x) over the last dimension.
    starter: |
      def softmax(x):
          \"\"\"Softmax of a float tensor over its last dimension.\"\"\"
    snippet: softmax
    cases:
      - {x: [[1.0, 2.0, 3.0]]}
    random_cases: 4

  - id: is-positive
    type: code
    prompt: Write positive(n).
    starter: |
      def positive(n):
          \"\"\"Whether n is above 0.\"\"\"
    snippet: positive
    cases:
      - {n: 1}
      - {n: -1}
"""

ADDER = """\
def answer(a=1, b=2, *, device="cpu"):
    return a + b


def random_case(rng):
    return {"a": rng.randint(0, 9), "b": rng.randint(0, 9)}
"""

SOFTMAX = """\
import torch


def answer(x=((1.0, 2.0, 3.0),), *, device="cpu"):
    return torch.softmax(torch.as_tensor(x, dtype=torch.float32, device=device), dim=-1)


def prepare(case, *, device="cpu"):
    return {"x": torch.tensor(case["x"], dtype=torch.float32, device=device)}


def random_case(rng):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    return {"x": (torch.randn(rng.randint(1, 3), rng.randint(2, 5), generator=g) * 3).tolist()}
"""

POSITIVE = "def answer(n=1, *, device='cpu'):\n    return n > 0\n"

SNIPPETS = {"adder": ADDER, "softmax": SOFTMAX, "positive": POSITIVE}

RIGHT_ADD = "def add(a, b):\n    return a + b\n"
RIGHT_SOFTMAX = "import torch\n\ndef softmax(x):\n    return torch.softmax(x, dim=-1)\n"
HELPER = "open({marker!r}, 'a').write(__file__ + '\\n')\n"


@dataclass
class Lab:
    prover: Prover
    add: Question
    softmax: Question
    positive: Question
    marker: Path
    folder: Path

    def run(self, source: str, question: Question | None = None, **options) -> Outcome:
        return self.prover.run_cases(question or self.add, textwrap.dedent(source), **options)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A trusted bank of three code questions and one warm Prover (two jobs at once) for the
    whole module. Its worker starts from a folder holding a helper.py, with the bank's
    folder on PYTHONPATH and a helper.py beside the bank and its snippets: none of them may
    be imported by a student's code."""
    folder = tmp_path_factory.mktemp("code")
    marker = folder / "imported"
    bank = write_bank(folder / "course", BANK, SNIPPETS)
    cwd = folder / "cwd"
    cwd.mkdir()
    for where in (cwd, bank.parent, bank.parent / "snippets"):
        (where / "helper.py").write_text(HELPER.format(marker=str(marker)))
    store = Store(":memory:")
    set_trust(store, str(bank), trusted=True, now=datetime(2026, 12, 1, tzinfo=timezone.utc))
    catalog = Catalog()
    catalog.add(load_file(bank))
    prover = Prover(catalog, store, device="cpu", jobs=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        patch.setenv("PYTHONPATH", str(bank.parent))
        prover.device()  # starts the worker here, and waits for torch
    try:
        questions = [catalog.questions[q] for q in ("add-two", "soft-max", "is-positive")]
        yield Lab(prover, *questions, marker, folder)
    finally:
        prover.close()
        store.close()


# -- processes ---------------------------------------------------------------------------------


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def living_below(root: int) -> list[int]:
    """Every living process below `root`, from the process table."""
    table: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and alive(int(entry)):
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    table[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in table.items() if ppid == parent]
        found += children
        frontier += children
    return found


def nothing_left(lab: Lab) -> list[int]:
    """What still runs below the worker once a run is answered (waits a moment for it)."""
    worker = lab.prover.worker.process
    assert worker is not None and worker.poll() is None, "the worker itself died"
    for _ in range(50):
        left = living_below(worker.pid)
        if not left:
            return []
        time.sleep(0.05)
    return left


def pids_in(folder: Path) -> list[int]:
    return [int(path.name) for path in folder.iterdir()] if folder.exists() else []


def one_line(outcome: Outcome) -> str:
    assert not outcome.ok and outcome.error, outcome
    assert "\n" not in outcome.error and "Traceback" not in outcome.error
    return outcome.error


def wrong(outcome: Outcome, source: str = "") -> bool:
    """Whether the judge says the answer is wrong (run stopped, or a case failed)."""
    judged, _ = judgement(outcome, source)
    return not judged.correct


def still_works(lab: Lab) -> None:
    outcome = lab.run(RIGHT_ADD)
    assert outcome.ok and verdict(outcome.value) == CaseVerdict(5, 5, None), outcome


# -- the verdict, read (no worker) -------------------------------------------------------------


def test_a_stopped_run_is_the_codes_fault_in_one_line():
    judged, read = judgement(
        Outcome(ok=False, error="ran past the 2 s timeout and was killed"), "x"
    )
    assert not judged.correct and read is None
    assert judged.note == "your code ran past the 2 s timeout and was killed"


def test_a_value_that_is_no_verdict_is_not_taken_for_one():
    assert verdict({"passed": "5", "total": 5}) is None
    assert verdict([5, 5]) is None
    judged, read = judgement(Outcome(ok=True, value={"passed": True}), "x")
    assert not judged.correct and read is None


# -- answers judged -----------------------------------------------------------------------------


@slow
def test_a_right_function_passes_every_fixed_and_random_case(lab):
    outcome = lab.run(RIGHT_ADD)
    assert outcome.ok, outcome.error
    assert outcome.value == {"passed": 5, "total": 5, "failure": None}
    judged, read = judgement(outcome, RIGHT_ADD)
    assert judged.correct and judged.note == "all 5 cases pass"
    assert read == CaseVerdict(5, 5, None) and read.right and failure_lines(read) == []
    assert nothing_left(lab) == []


@slow
def test_a_wrong_function_shows_its_first_failing_case(lab):
    source = "def add(a, b):\n    return a + abs(b)\n"  # right on case 1 and the random ones
    outcome = lab.run(source)
    judged, read = judgement(outcome, source)
    assert not judged.correct and judged.note == "4 of 5 cases pass"
    assert read is not None and (read.passed, read.total) == (4, 5)
    assert read.failure_case == "case 2"
    assert read.failure is not None
    assert read.failure["inputs"] == "a=5, b=-3"
    assert (read.failure["expected"], read.failure["got"]) == ("2", "8")
    assert failure_lines(read) == ["case 2 of 5: a=5, b=-3", "expected 2", "got      8"]


@slow
def test_the_banks_own_wrong_solution_fails_on_the_first_case(lab):
    source, _line = lab.add.code.wrong[0]
    read = verdict(lab.run(source).value)
    assert read is not None and read.failure_case == "case 1"
    assert (read.failure["expected"], read.failure["got"]) == ("3", "-1")


@slow
def test_an_exception_gives_its_class_message_and_line_in_the_students_code(lab):
    source = """\
        def add(a, b):
            total = a + b
            if b < 0:
                raise ValueError(f"negative b={b}")
            return total
        """
    read = verdict(lab.run(source).value)
    assert read is not None and (read.passed, read.total) == (4, 5)
    assert read.failure == {
        "case": "case 2",
        "inputs": "a=5, b=-3",
        "error": "ValueError: negative b=-3",
        "line": 4,
    }
    assert failure_lines(read)[-1] == "raised ValueError: negative b=-3 (your line 4)"


@slow
def test_an_exception_in_a_helper_of_the_students_points_at_the_helpers_line(lab):
    source = "def half(n):\n    return n // 0\n\ndef add(a, b):\n    return half(a) + b\n"
    read = verdict(lab.run(source).value)
    assert read.failure["error"] == "ZeroDivisionError: integer division or modulo by zero"
    assert read.failure["line"] == 2


@slow
def test_a_syntax_error_gives_its_line(lab):
    source = "def add(a, b):\n    total = a +* b\n    return total\n"
    outcome = lab.run(source)
    judged, read = judgement(outcome, source)
    assert not judged.correct and judged.note == "0 of 5 cases pass"
    assert read.failure["line"] == 2
    assert read.failure["error"].startswith("SyntaxError: ")
    assert failure_lines(read)[-1].endswith("(your line 2)")


@slow
def test_a_function_of_another_name_defines_no_function(lab):
    read = verdict(lab.run("def plus(a, b):\n    return a + b\n").value)
    assert read == CaseVerdict(0, 5, {"error": "no function add() is defined"})
    assert failure_lines(read) == ["before any case: no function add() is defined"]


@slow
def test_code_that_raises_as_it_is_defined_fails_every_case(lab):
    read = verdict(lab.run("x = 1 / 0\n\ndef add(a, b):\n    return a + b\n").value)
    assert (read.passed, read.total) == (0, 5)
    assert read.failure == {"error": "ZeroDivisionError: division by zero", "line": 1}


# -- tensors, and tolerance ---------------------------------------------------------------------


@slow
def test_a_float64_result_passes_against_a_float32_reference(lab):
    source = "import torch\n\ndef softmax(x):\n    return torch.softmax(x.double(), dim=-1)\n"
    outcome = lab.run(source, lab.softmax)
    assert outcome.ok and outcome.value == {"passed": 5, "total": 5, "failure": None}


@slow
def test_a_hand_written_softmax_within_float32_precision_passes(lab):
    source = """\
        def softmax(x):
            e = (x - x.max(dim=-1, keepdim=True).values).exp()
            return e / e.sum(dim=-1, keepdim=True)
        """
    assert verdict(lab.run(source, lab.softmax).value) == CaseVerdict(5, 5, None)


@slow
def test_a_tensor_off_by_more_than_the_tolerance_fails_and_shows_both(lab):
    source = RIGHT_SOFTMAX.replace("dim=-1)", "dim=-1) + 1e-3")
    read = verdict(lab.run(source, lab.softmax).value)
    assert read is not None and read.passed == 0 and read.failure_case == "case 1"
    assert read.failure["inputs"] == "x=[[1.0, 2.0, 3.0]]"
    assert read.failure["expected"].startswith("tensor([[0.0900, 0.2447, 0.6652]]")
    assert read.failure["got"].startswith("tensor([[0.0910, 0.2457, 0.6662]]")
    assert "not close" in read.failure["problem"]


@slow
def test_the_questions_tolerance_decides(lab):
    off = RIGHT_SOFTMAX.replace("dim=-1)", "dim=-1) + 1e-3")
    loose = replace(lab.softmax, tolerance=1e-2, rel_tol=0.0)
    tight = replace(lab.softmax, tolerance=1e-4, rel_tol=0.0)
    assert verdict(lab.run(off, loose).value) == CaseVerdict(5, 5, None)
    assert verdict(lab.run(off, tight).value).passed == 0


def test_a_code_question_may_set_its_tolerance(tmp_path):
    bank = write_bank(
        tmp_path / "course",
        BANK.replace("    random_cases: 4\n", "    random_cases: 4\n    tolerance: 0.01\n"),
        SNIPPETS,
    )
    softmax = load_file(bank).questions[1]
    assert (softmax.tolerance, softmax.rel_tol) == (0.01, None)


@slow
def test_a_shape_mismatch_fails_with_the_shapes(lab):
    source = "import torch\n\ndef softmax(x):\n    return torch.softmax(x, dim=-1).flatten()\n"
    read = verdict(lab.run(source, lab.softmax).value)
    assert read.failure_case == "case 1"
    assert "shape" in read.failure["problem"].lower()


@slow
def test_a_bool_answer_is_compared_as_a_bool(lab):
    source = "def positive(n):\n    return n >= 0\n"
    read = verdict(lab.run(source, lab.positive).value)
    assert read.passed == 2 and read.right
    read = verdict(lab.run("def positive(n):\n    return 'yes'\n", lab.positive).value)
    assert read.passed == 0 and read.failure["problem"] == "not equal"


@slow
def test_a_tensor_where_a_bool_is_expected_fails_its_case(lab):
    source = "import torch\n\ndef positive(n):\n    return torch.tensor([True, False])\n"
    outcome = lab.run(source, lab.positive)
    assert outcome.ok, outcome.error
    assert verdict(outcome.value).failure_case == "case 1"


# -- attacks: each stopped with a one-line error, nothing left running ---------------------------


@slow
def test_a_function_that_never_returns_is_stopped_at_the_timeout(lab):
    started = time.monotonic()
    outcome = lab.run("def add(a, b):\n    while True:\n        pass\n", timeout=2)
    assert one_line(outcome) == "ran past the 2 s timeout and was killed"
    assert time.monotonic() - started < 10
    assert wrong(outcome)
    assert judgement(outcome, "")[0].note == "your code ran past the 2 s timeout and was killed"
    assert nothing_left(lab) == []
    still_works(lab)


@slow
def test_a_fork_bomb_is_killed_whole(lab, tmp_path):
    pids = tmp_path / "pids"
    pids.mkdir()
    source = f"""\
        import os, time
        def add(a, b):
            for _ in range(5):
                os.fork()  # 32 processes, each hanging on
            open(os.path.join({str(pids)!r}, str(os.getpid())), "w").close()
            while True:
                time.sleep(0.05)
        """
    outcome = lab.run(source, timeout=4)
    error = one_line(outcome)
    assert "timeout" in error or "memory" in error, error
    assert pids_in(pids), "the bomb never went off"
    assert [pid for pid in pids_in(pids) if alive(pid)] == []
    assert nothing_left(lab) == []
    still_works(lab)


@slow
def test_a_daemon_the_function_starts_does_not_outlive_the_run(lab, tmp_path):
    pids = tmp_path / "daemons"
    pids.mkdir()
    source = f"""\
        import os, time
        def add(a, b):
            started = len(os.listdir({str(pids)!r}))
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    open(os.path.join({str(pids)!r}, str(os.getpid())), "w").close()
                    time.sleep(120)
                os._exit(0)
            os.wait()  # its child has exited: the daemon is an orphan now
            while len(os.listdir({str(pids)!r})) == started:
                time.sleep(0.01)
            return a + b
        """
    outcome = lab.run(source)
    assert outcome.ok and verdict(outcome.value) == CaseVerdict(5, 5, None), outcome
    assert len(pids_in(pids)) == 5  # one daemon a case
    assert [pid for pid in pids_in(pids) if alive(pid)] == []
    assert nothing_left(lab) == []


@slow
@pytest.mark.parametrize("where", ["local", "global"])
def test_unbounded_allocation_is_stopped_by_the_memory_cap(lab, monkeypatch, where):
    monkeypatch.setenv("QUIZ_SNIPPET_MEMORY_MB", "1000")
    grows = "    while True:\n        x.append(bytearray(10**7))\n"
    source = {
        "local": "def add(a, b):\n    x = []\n" + grows,
        "global": "x = []\n\ndef add(a, b):\n" + grows,
    }[where]
    outcome = lab.run(source)
    if outcome.ok:  # the cap's own limit on the heap: a MemoryError in the student's code
        read = verdict(outcome.value)
        assert read.passed == 0 and read.failure["error"] == "MemoryError"
    else:  # the cap on the whole tree: killed from outside
        assert one_line(outcome) == "used more than 1000 MiB of memory and was killed"
    assert wrong(outcome)
    assert nothing_left(lab) == []
    still_works(lab)


@slow
def test_an_output_flood_is_capped_and_does_not_reach_quizs_memory(lab):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    outcome = lab.run("def add(a, b):\n    print('x' * 10**8)\n    return a + b\n")
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    if outcome.ok:
        assert verdict(outcome.value) == CaseVerdict(5, 5, None)
        assert outcome.dropped >= 5 * 10**8 - MAX_OUTPUT_BYTES
    else:
        one_line(outcome)
    assert len(outcome.output) <= MAX_OUTPUT_BYTES
    assert grown_mib < 50, f"quiz grew by {grown_mib:.0f} MiB"
    assert nothing_left(lab) == []


@slow
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import os\ndef add(a, b):\n    os._exit(0)\n", "your code ended the run (exit status 0)"),
        (
            "import os\nos._exit(7)\ndef add(a, b):\n    return a + b\n",
            "your code ended the run (exit status 7)",
        ),
    ],
)
def test_os_exit_ends_the_run_with_a_one_line_error(lab, source, expected):
    """The student's function runs in a process of its own: its exit fails the cases it
    did not reach, with why, and the run's report is still the runner's."""
    outcome = lab.run(source)
    read = verdict(outcome.value)
    assert outcome.ok and read is not None and read.passed == 0, outcome
    assert read.failure == {"case": "case 1", "inputs": "a=1, b=2", "error": expected}
    assert wrong(outcome)
    assert nothing_left(lab) == []
    still_works(lab)


@slow
@pytest.mark.parametrize(
    ("source", "error", "line"),
    [
        ("import sys\ndef add(a, b):\n    sys.exit(3)\n", "SystemExit: 3", 3),
        ("import sys\ndef add(a, b):\n    sys.exit(0)\n", "SystemExit: 0", 3),
        ("import sys\nsys.exit()\ndef add(a, b):\n    return a + b\n", "SystemExit", 2),
        ("def add(a, b):\n    raise KeyboardInterrupt\n", "KeyboardInterrupt", 2),
    ],
)
def test_sys_exit_is_an_exception_of_the_students_code(lab, source, error, line):
    outcome = lab.run(source)
    read = verdict(outcome.value)
    assert read is not None and read.passed == 0
    assert (read.failure["error"], read.failure["line"]) == (error, line)
    assert wrong(outcome)


FORGED_VERDICT = """\
    import json, os
    VERDICT = json.dumps({"ok": True, "value": {"passed": 5, "total": 5, "failure": None}})

    def add(a, b):
        # Its own result channel, found through /proc/self/fd: the sockets it holds.
        for fd in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                    os.write(int(fd), VERDICT.encode())
            except OSError:
                pass
        THEN
    """


@slow
def test_a_verdict_written_into_the_result_channel_does_not_pass(lab):
    source = FORGED_VERDICT.replace("THEN", "return a - b")
    outcome = lab.run(source)
    assert wrong(outcome, source), outcome
    # It never held the result channel: its "verdict" went nowhere, the runner's came back.
    read = verdict(outcome.value)
    assert outcome.ok and read is not None and read.passed < read.total, outcome
    still_works(lab)


@slow
def test_a_verdict_written_into_the_result_channel_then_exiting_does_not_pass(lab):
    source = FORGED_VERDICT.replace("THEN", "os._exit(0)")
    assert wrong(lab.run(source), source)


ANOTHER_JOBS_CHANNELS = """\
    import json, os
    FORGED = b"".join(
        json.dumps({"id": n, "ok": True, "value": 424242}).encode() + b"\\n" for n in range(1, 200)
    )
    DONE = []

    def table():
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    pass
        return parents

    def add(a, b):
        if not DONE:
            DONE.append(1)
            parents = table()
            runner = os.getppid()  # the student's code runs in a child of its runner
            worker = parents[runner]
            others = [pid for pid, ppid in parents.items() if ppid == worker and pid != runner]
            opened, seen = [], 0
            for pid in [worker, *others]:
                try:
                    fds = os.listdir(f"/proc/{pid}/fd")
                except OSError:
                    continue
                for fd in fds:
                    path = f"/proc/{pid}/fd/{fd}"
                    try:
                        if not os.readlink(path).startswith("socket:"):
                            continue
                    except OSError:
                        continue
                    seen += 1
                    for mode in ("rb", "wb"):
                        try:
                            with open(path, mode) as channel:
                                if mode == "wb":
                                    channel.write(FORGED)
                                else:
                                    channel.read(1)
                            opened.append(f"{pid}/{fd} {mode}")
                        except OSError:
                            pass
            print("others", len(others), "sockets", seen, "opened", opened)
        return a + b
    """


@slow
def test_another_jobs_channels_cannot_be_read_or_written(lab):
    bystander = lab.prover.worker.submit(
        Snippet(
            Path("/x/bystander.py"),
            b"import time\ndef answer(*, device='cpu'):\n    time.sleep(2)\n    return 6\n",
        ),
        {},
        device="cpu",
    )
    time.sleep(0.3)  # the bystander's runner is up: the student's code sees it as a sibling
    outcome = lab.run(ANOTHER_JOBS_CHANNELS)
    assert outcome.ok and verdict(outcome.value) == CaseVerdict(5, 5, None), outcome
    assert "others 1 " in outcome.output, outcome.output  # it saw the bystander's runner
    assert "opened []" in outcome.output, outcome.output
    result = bystander.result(timeout=30)
    assert result.ok and result.value == 6
    assert nothing_left(lab) == []
    still_works(lab)


# -- attacks on the judging itself -----------------------------------------------------------------


@slow
@pytest.mark.parametrize(
    "patch",
    [
        "torch.testing.assert_close = lambda *args, **kwargs: None",
        "torch.tensor = lambda *args, **kwargs: torch.zeros(())",
        "torch.is_tensor = lambda value: True",
    ],
)
def test_patching_what_compares_after_the_expected_values_changes_nothing(lab, patch):
    """The student's function runs in a process of its own and sends back its values: the
    comparison, in the runner, is out of its reach."""
    source = f"import torch\n{patch}\n\ndef add(a, b):\n    return a - b\n"
    read = verdict(lab.run(source).value)
    assert read is not None and not read.right
    assert read.failure_case == "case 1"
    still_works(lab)


@slow
def test_patching_the_reference_after_the_expected_values_changes_nothing(lab):
    source = """\
        import gc

        def wrong(a=1, b=2, *, device="cpu"):
            return a - b

        for thing in gc.get_objects():
            if callable(thing) and getattr(thing, "__name__", "") == "answer":
                thing.__code__ = wrong.__code__

        def add(a, b):
            return a - b
        """
    read = verdict(lab.run(source).value)
    assert read.failure_case == "case 1"
    assert (read.failure["expected"], read.failure["got"]) == ("3", "-1")


@slow
@pytest.mark.parametrize(
    "patch",
    [
        "import torch\ntorch.isclose = lambda a, b, **k: torch.ones_like(a, dtype=torch.bool)",
        "import __main__\n__main__.compare = lambda *args: None",
    ],
)
def test_patching_what_the_comparison_calls_inside_changes_nothing(lab, patch):
    source = f"{patch}\n\ndef add(a, b):\n    return a - b\n"
    read = verdict(lab.run(source).value)
    assert read is not None and not read.right


# -- imports --------------------------------------------------------------------------------------


@slow
def test_a_helper_beside_the_bank_or_in_the_current_folder_is_not_importable(lab):
    source = "import helper\n\ndef add(a, b):\n    return a + b\n"
    read = verdict(lab.run(source).value)
    assert read.failure == {"error": "ModuleNotFoundError: No module named 'helper'", "line": 1}
    source = "def add(a, b):\n    import helper\n    return a + b\n"
    read = verdict(lab.run(source).value)
    assert read.failure["error"] == "ModuleNotFoundError: No module named 'helper'"
    assert read.failure["line"] == 2
    assert not lab.marker.exists(), lab.marker.read_text()
