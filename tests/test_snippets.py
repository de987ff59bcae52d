"""Running snippets: the worker, every fault a snippet can commit, trust and devices."""

from __future__ import annotations

import json
import os
import re
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import quiz, write_bank
from quiz.bank.catalog import load_file
from quiz.bank.files import Snippet, resolve
from quiz.cli import app
from quiz.errors import QuizError, SnippetError, UntrustedSnippet
from quiz.snippets.client import Worker, choose_device, fork_is_safe
from quiz.snippets.prover import Prover
from quiz.store import Store

pytestmark = pytest.mark.slow
runner = CliRunner()

FAULTS = {
    "raises": """
        def helper(x):
            return x / 0

        def answer(*, device="cpu"):
            return helper(3)
    """,
    "exits": """
        import sys
        sys.exit(3)
    """,
    "hangs": """
        import subprocess, sys, time

        def answer(pidfile="", *, device="cpu"):
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
            with open(pidfile, "w") as f:
                f.write(str(child.pid))
            time.sleep(600)
    """,
    "aborts": """
        import os

        def answer(*, device="cpu"):
            os.abort()
    """,
    "chatty": """
        def answer(*, device="cpu"):
            for _ in range(200):
                print("x" * 10_000)
            return 7
    """,
    "greedy": """
        import torch

        def answer(*, device="cpu"):
            hoard = []
            while True:
                hoard.append(torch.ones(50_000_000, device=device))
    """,
    "odd": """
        def answer(*, device="cpu"):
            return {"not": "comparable"}
    """,
    "broken": """
        def answer(*, device="cpu")
            return 1
    """,
    "good": """
        import torch

        def answer(size=4, *, device="cpu"):
            return list(torch.zeros(2, size, device=device).shape)
    """,
    "demo": """
        import torch

        assert torch.ones(3).sum().item() == 3
        print("the asserts hold")
    """,
}


@pytest.fixture(scope="module")
def worker():
    running = Worker(jobs=2).start()
    running.wait_ready()
    yield running
    running.close()


@pytest.fixture
def faults(tmp_path) -> Path:
    folder = tmp_path / "faults"
    (folder).mkdir()
    for name, code in FAULTS.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(code))
    return folder


def run(worker, path, args=None, **options):
    options.setdefault("device", "cpu")
    options.setdefault("timeout", 20)
    return worker.run(Snippet.read(path), args or {}, **options)


def test_a_good_snippet_returns_its_value(worker, faults):
    outcome = run(worker, faults / "good.py", {"size": 5})
    assert outcome.ok and outcome.value == [2, 5] and outcome.device == "cpu"


def test_a_demonstration_passes_by_exiting_cleanly(worker, faults):
    outcome = run(worker, faults / "demo.py")
    assert outcome.ok and outcome.demonstration and "the asserts hold" in outcome.output


def test_raising_shows_the_snippets_traceback_not_ours(worker, faults):
    outcome = run(worker, faults / "raises.py")
    assert not outcome.ok
    assert outcome.error == "raised ZeroDivisionError: division by zero"
    trace = outcome.traceback
    assert trace.startswith("Traceback (most recent call last):")
    assert 'raises.py", line 6, in answer' in trace and "in helper" in trace
    assert "quiz" not in trace.replace(str(faults), "")  # no frame of the worker


def test_sys_exit_is_reported(worker, faults):
    outcome = run(worker, faults / "exits.py")
    assert (outcome.ok, outcome.error) == (False, "exited with status 3")


def test_a_hang_is_killed_with_its_children(worker, faults, tmp_path):
    pidfile = tmp_path / "grandchild.pid"
    started = time.monotonic()
    outcome = run(worker, faults / "hangs.py", {"pidfile": str(pidfile)}, timeout=1.5)
    assert outcome.error == "ran past the 1.5 s timeout and was killed"
    assert time.monotonic() - started < 10
    assert_gone(int(pidfile.read_text()), "the snippet's own child survived the timeout")


def assert_gone(pid: int, why: str) -> None:
    """The process `pid` ends within a few seconds."""
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail(why)


def test_a_cancelled_run_is_killed_with_its_children_at_once(faults, tmp_path):
    """Ctrl-C on a proof cancels it in the worker: the tree dies now, not at its timeout, a
    run still queued behind it is answered as cancelled, and the worker takes the next job."""
    solo = Worker(jobs=1).start()
    try:
        solo.wait_ready()
        pidfile = tmp_path / "grandchild.pid"
        hanging = solo.submit(
            Snippet.read(faults / "hangs.py"), {"pidfile": str(pidfile)}, device="cpu", timeout=60
        )
        queued = solo.submit(Snippet.read(faults / "good.py"), {}, device="cpu", timeout=60)
        for _ in range(600):  # up to 30 s on a busy machine
            if pidfile.exists() and pidfile.read_text():
                break
            time.sleep(0.05)
        started = time.monotonic()
        solo.cancel(queued)
        solo.cancel(hanging)
        assert queued.result(timeout=30).error == "was cancelled"
        assert hanging.result(timeout=30).error == "was cancelled"
        assert time.monotonic() - started < 20  # not the 60 s timeout: cancelled now
        assert_gone(int(pidfile.read_text()), "the cancelled snippet's child survived")
        assert run(solo, faults / "good.py", {"size": 3}).value == [2, 3]
    finally:
        solo.close()


def test_abort_is_a_crash_report(worker, faults):
    outcome = run(worker, faults / "aborts.py")
    assert (outcome.ok, outcome.error) == (False, "crashed (SIGABRT)")


def test_megabytes_of_output_are_capped(worker, faults):
    outcome = run(worker, faults / "chatty.py")
    assert outcome.ok and outcome.value == 7
    assert len(outcome.output) == 200_000
    assert outcome.dropped == 200 * 10_001 - 200_000


def test_unbounded_allocation_is_stopped(worker, faults, monkeypatch):
    monkeypatch.setenv("QUIZ_SNIPPET_MEMORY_MB", "600")
    outcome = run(worker, faults / "greedy.py")
    assert not outcome.ok
    assert outcome.error == "used more than 600 MiB of memory and was killed" or (
        outcome.error.startswith("raised") and "memory" in outcome.error.lower()
    )


def test_a_value_that_cannot_be_compared(worker, faults):
    outcome = run(worker, faults / "odd.py")
    assert outcome.error == (
        "answer() returned a dict, which cannot be compared with a key"
        " (return a number, a string, or a list or tuple of them)"
    )


def test_a_syntax_error(worker, faults):
    outcome = run(worker, faults / "broken.py")
    assert (outcome.ok, outcome.error) == (False, "syntax error at line 2: expected ':'")


def test_the_worker_survives_every_fault(worker, faults):
    futures = [
        worker.submit(Snippet.read(faults / f"{name}.py"), {}, device="cpu", timeout=2)
        for name in ("raises", "exits", "aborts", "odd", "broken")
    ]
    assert [f.result().ok for f in futures] == [False] * 5
    assert run(worker, faults / "good.py").value == [2, 4]


def test_output_streams_while_the_snippet_runs(worker, faults):
    pieces = []
    outcome = worker.run(
        Snippet.read(faults / "demo.py"), {}, device="cpu", on_output=pieces.append
    )
    assert outcome.ok and "".join(pieces) == "the asserts hold\n"


# -- names that escape the snippets folder -------------------------------------------------


@pytest.fixture
def lab(tmp_path):
    bank = write_bank(
        tmp_path / "course",
        """
        questions:
          - id: lab-shape
            type: shape
            prompt: "Shape of torch.zeros(2, 5)?"
            answer: [2, 5]
            snippet: {name: good, args: {size: 5}}
        """,
        {"good": FAULTS["good"]},
    )
    return load_file(bank)


@pytest.mark.parametrize("name", ["../x", "../../etc/passwd", "/etc/passwd", "a/b", ".."])
def test_names_that_leave_the_folder_are_refused(lab, name):
    with pytest.raises(SnippetError, match="escapes"):
        resolve(lab, name)


def test_a_symlink_out_of_the_folder_is_refused(lab, tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_text("def answer(*, device='cpu'):\n    return 1\n")
    (lab.snippets_dir / "sneaky.py").symlink_to(outside)
    with pytest.raises(SnippetError) as caught:
        resolve(lab, "sneaky")
    assert str(caught.value) == (
        f"snippet 'sneaky' of bank lab resolves to {outside}, outside {lab.snippets_dir}: refused"
    )


def test_a_missing_snippet_is_named(lab):
    with pytest.raises(SnippetError, match="snippet 'nothere' of bank lab not found"):
        resolve(lab, "nothere")


# -- trust -------------------------------------------------------------------------------------


def test_trust_is_by_content(lab, tmp_path):
    store = Store(":memory:")
    path = resolve(lab, "good")
    with pytest.raises(UntrustedSnippet) as caught:
        Prover(None, store).trusted(lab, path)
    assert str(caught.value) == (
        "snippet good.py of bank lab is not trusted (new or edited since);"
        f" read it, then run `quiz trust {lab.path}` to allow it"
    )
    result = runner.invoke(app, ["trust", str(lab.path)])
    assert result.exit_code == 0 and "Trusted 1 snippet" in result.output
    Prover(None, Store(os.environ["QUIZ_HOME"] + "/quiz.db")).trusted(lab, path)
    path.write_text(path.read_text() + "\n# edited\n")
    with pytest.raises(UntrustedSnippet):
        Prover(None, Store(os.environ["QUIZ_HOME"] + "/quiz.db")).trusted(lab, path)


def test_trust_list_and_revoke(lab):
    assert "No trusted snippets" in runner.invoke(app, ["trust", "--list"]).output
    runner.invoke(app, ["trust", str(lab.path)])
    listed = runner.invoke(app, ["trust", "--list"]).output
    assert "good.py" in listed
    revoked = runner.invoke(app, ["trust", "--revoke", str(lab.path)])
    assert revoked.exit_code == 0 and "No longer trusting 1 snippet of" in revoked.output
    assert "No trusted snippets" in runner.invoke(app, ["trust", "--list"]).output


def test_run_snippet_refuses_untrusted_then_runs_trusted(lab):
    result = runner.invoke(app, ["run", "snippet", "good", "--bank", str(lab.path)])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error: snippet good.py of bank lab is not trusted")
    assert "quiz trust" in result.stderr
    runner.invoke(app, ["trust", str(lab.path)])
    result = runner.invoke(
        app, ["run", "snippet", "good", "--bank", str(lab.path), "--arg", "size=7"]
    )
    assert result.exit_code == 0, result.output
    assert "def answer(size=4" in result.output  # the code is shown
    assert "answer() = [2, 7]  (on cpu)" in result.output


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        (
            "bogus=1",
            "error: --arg bogus: conv_output_size.py's answer() has no parameter 'bogus'"
            " (its parameters: size, kernel, stride, padding, dilation)",
        ),
        ("size=64.0", "error: --arg size=64.0: size takes a whole number (its default is 32)"),
        ("size=abc", "error: --arg size='abc': size takes a whole number (its default is 32)"),
        ("device=cuda", "error: --arg device=… is not taken: choose the device with --device"),
    ],
)
def test_run_snippet_checks_args_against_answer_before_running(arg, message):
    """Names and kinds are checked against answer()'s parameters: no traceback, and no
    value of the wrong kind reaches torch."""
    result = quiz("run", "snippet", "conv_output_size", "--arg", arg)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert "Traceback" not in result.output + result.stderr
    assert "answer() =" not in result.output


def test_builtin_snippets_need_no_trust():
    result = runner.invoke(
        app, ["run", "snippet", "conv_output_size", "--arg", "size=32", "--arg", "kernel=5"]
    )
    assert result.exit_code == 0, result.output
    assert "answer() = 28  (on cpu)" in result.output


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("raises", "error: snippet raises.py raised ZeroDivisionError: division by zero"),
        ("exits", "error: snippet exits.py exited with status 3"),
        ("aborts", "error: snippet aborts.py crashed (SIGABRT)"),
        ("broken", "error: snippet broken.py syntax error at line 2: expected ':'"),
    ],
)
def test_run_snippet_faults_end_in_one_line(tmp_path, name, message):
    bank = write_bank(
        tmp_path / "c",
        f"questions:\n- {{id: q, type: numeric, prompt: p, answer: 1, snippet: {name}}}\n",
        {name: FAULTS[name]},
    )
    runner.invoke(app, ["trust", str(bank)])
    result = runner.invoke(app, ["run", "snippet", name, "--bank", str(bank)])
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    if name == "raises":
        assert "ZeroDivisionError" in result.output and "in helper" in result.output


def test_run_snippet_timeout_option(tmp_path):
    bank = write_bank(
        tmp_path / "c",
        "questions:\n- {id: q, type: numeric, prompt: p, answer: 1, snippet: hangs}\n",
        {"hangs": FAULTS["hangs"]},
    )
    runner.invoke(app, ["trust", str(bank)])
    pid = tmp_path / "pid"
    result = runner.invoke(
        app,
        [
            "run",
            "snippet",
            "hangs",
            "--bank",
            str(bank),
            "--timeout",
            "1",
            "--arg",
            f"pidfile={pid}",
        ],
    )
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == "error: snippet hangs.py ran past the 1 s timeout and was killed"
    )


def test_unknown_snippet_name():
    result = runner.invoke(app, ["run", "snippet", "no_such_snippet"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: no snippet named 'no_such_snippet' in the loaded banks' snippets folders"
    )


def test_run_snippet_escape_is_refused():
    result = runner.invoke(app, ["run", "snippet", "../quiz/cli"])
    assert result.exit_code == 1 and "escapes" in result.stderr and "refused" in result.stderr


# -- run question ------------------------------------------------------------------------------


def test_run_question_proves_a_static_key():
    result = runner.invoke(app, ["run", "question", "conv-out-floor"])
    assert result.exit_code == 0, result.output
    assert "✓ conv-out-floor: matches the key (31)" in result.output


def test_run_question_variant(tmp_path):
    result = runner.invoke(app, ["run", "question", "conv-out-drill", "--variant", "3"])
    assert result.exit_code == 0, result.output
    assert "✓ conv-out-drill#3: the snippet computes" in result.output


def test_run_question_wrong_key_is_a_cross(tmp_path):
    bank = write_bank(
        tmp_path / "c",
        """
        questions:
          - id: wrong-key
            type: shape
            prompt: "Shape?"
            answer: [2, 9]
            snippet: {name: good, args: {size: 5}}
        """,
        {"good": FAULTS["good"]},
    )
    runner.invoke(app, ["trust", str(bank)])
    result = runner.invoke(app, ["run", "question", "wrong-key", "--bank", str(bank)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: ✗ wrong-key: computed [2, 5], key (2, 9)"


def test_run_question_variant_out_of_range():
    result = runner.invoke(app, ["run", "question", "conv-out-drill", "--variant", "9999"])
    assert result.exit_code == 1 and "variants: --variant 0.." in result.stderr


# -- devices -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "cuda", "mps", "chosen"),
    [
        ("auto", True, False, "cuda"),
        ("auto", True, True, "cuda"),
        ("auto", False, True, "mps"),
        ("auto", False, False, "cpu"),
        ("cpu", True, True, "cpu"),
        ("cuda", True, False, "cuda"),
        ("mps", False, True, "mps"),
    ],
)
def test_device_choice(requested, cuda, mps, chosen):
    assert choose_device(requested, cuda=cuda, mps=mps) == chosen


@pytest.mark.parametrize(
    ("requested", "message"),
    [
        ("cuda", "--device cuda: no CUDA device is available to this torch"),
        ("mps", "--device mps: Apple MPS is not available to this torch"),
        ("tpu", "unknown device 'tpu'; choose one of auto, cpu, cuda, mps"),
    ],
)
def test_device_that_is_not_there(requested, message):
    with pytest.raises(QuizError) as caught:
        choose_device(requested, cuda=False, mps=False)
    assert str(caught.value) == message


def test_fork_only_where_safe(monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    assert fork_is_safe("cpu") and fork_is_safe("cuda") and not fork_is_safe("mps")
    monkeypatch.setattr("sys.platform", "darwin")
    assert not fork_is_safe("cpu")


def test_quiz_device_with_mps_mocked(monkeypatch):
    info = {"torch": "9.9.9", "cuda": False, "cuda_count": 0, "mps": True}
    monkeypatch.setattr(Worker, "wait_ready", lambda self, timeout=120: info)
    monkeypatch.setattr(Worker, "close", lambda self: None)
    result = runner.invoke(app, ["device"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "torch 9.9.9",
        "CUDA: not available",
        "MPS: available",
        "CPU: available",
        "auto picks: mps",
    ]


def test_quiz_device_for_real():
    result = runner.invoke(app, ["device"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("torch 2.")
    assert "auto picks:" in result.output


def test_run_on_missing_cuda_is_one_line():
    result = runner.invoke(app, ["run", "snippet", "conv_output_size", "--device", "cuda"])
    if "auto picks: cuda" in runner.invoke(app, ["device"]).output:
        pytest.skip("this machine has CUDA")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: --device cuda: no CUDA device is available to this torch"
    )


# -- check --run -------------------------------------------------------------------------------


def test_check_run_reports_each_fault(tmp_path):
    questions = ["questions:"]
    for name in ("good", "raises", "aborts", "odd", "broken", "exits", "demo"):
        kind = "shape" if name == "good" else "numeric"
        answer = "[2, 4]" if name == "good" else "1"
        questions.append(
            f"- {{id: q-{name}, type: {kind}, prompt: p, answer: {answer}, snippet: {name}}}"
        )
    bank = write_bank(tmp_path / "c", "\n".join(questions) + "\n", FAULTS)
    untrusted = runner.invoke(app, ["check", str(bank), "--run"])
    assert untrusted.exit_code == 1 and "not trusted" in untrusted.stderr
    runner.invoke(app, ["trust", str(bank)])
    result = runner.invoke(app, ["check", str(bank), "--run", "--format", "json", "-j", "2"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    outcome = {p["question"]: (p["passed"], p["message"]) for p in report["proofs"]}
    assert outcome == {
        "q-good": (True, "matches the key"),
        "q-raises": (False, "raised ZeroDivisionError: division by zero"),
        "q-aborts": (False, "crashed (SIGABRT)"),
        "q-odd": (
            False,
            "answer() returned a dict, which cannot be compared with a key"
            " (return a number, a string, or a list or tuple of them)",
        ),
        "q-broken": (False, "syntax error at line 2: expected ':'"),
        "q-exits": (False, "exited with status 3"),
        "q-demo": (True, "its asserts hold (exit 0)"),
    }
    assert report["summary"] == {
        "errors": 0,
        "warnings": 0,
        "proofs": 7,
        "passed": 2,
        "failed": 5,
        "mistakes_checked": 0,
        "mistakes_failed": 0,
    }


def test_check_run_table_keeps_one_line_per_proof_at_80_columns(tmp_path):
    long_choices = ", ".join(f"'choice {c}: " + "words " * 12 + "'" for c in "abc")
    questions = [
        "questions:",
        f"- {{id: a-rather-long-question-id-x, type: multi, prompt: p, choices: [{long_choices}],"
        " answer: [A, C], snippet: demo}",
        "- {id: thirds, type: numeric, prompt: p, answer: 0.333333, tolerance: 0.001,"
        " snippet: third}",
    ]
    snippets = {"demo": FAULTS["demo"], "third": "def answer(*, device='cpu'):\n    return 1 / 3\n"}
    bank = write_bank(tmp_path / "c", "\n".join(questions) + "\n", snippets)
    runner.invoke(app, ["trust", str(bank)])
    result = runner.invoke(app, ["check", str(bank), "--run"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    table = [line.rstrip() for line in result.output.splitlines()[:3]]
    assert table[0].split() == ["question", "variant", "key", "computed", "secs"]
    assert table[1].split()[:4] == ["a-rather-long-question-id-x", "—", "A)", "choice"]
    assert "…" in table[1] and re.search(r" asserts hold +✓ [0-9]+\.[0-9]{2}$", table[1])
    assert re.search(r" ✓ [0-9]+\.[0-9]{2}$", table[2])
    assert table[2].startswith("thirds") and "0.333333" in table[2] and "0.3333" in table[2]
    assert all(len(line) <= 80 for line in table)


def test_a_demo_function_gets_the_device(worker, tmp_path):
    path = tmp_path / "shows.py"
    path.write_text(
        "def demo(*, device='cpu'):\n    print('demo on', device)\n\n"
        "if __name__ == '__main__':\n    print('as a script')\n    demo()\n"
    )
    outcome = worker.run(Snippet.read(path), {}, device="cpu")
    assert outcome.ok and outcome.demonstration and outcome.output == "demo on cpu\n"
    script = worker.submit(Snippet.read(path), {}, device="cpu", as_script=True).result()
    assert script.output == "as a script\ndemo on cpu\n"
