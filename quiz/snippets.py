"""Snippets from the parent's side: find them, check trust, pick the device, run them.

Running happens in a `quiz.worker` process that imports torch once and forks a child per
snippet; this module never imports torch. Results come back as Outcome values; a snippet's
failure is an Outcome with ok=False and a one-line error, never an exception here.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.errors import QuizError

if TYPE_CHECKING:
    import subprocess
    from concurrent.futures import Future
from quiz.model import Bank, Question

DEVICES = ("auto", "cpu", "cuda", "mps")
DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY_MB = 4096
MAX_OUTPUT_BYTES = 200_000


class SnippetError(QuizError):
    """A snippet that cannot be run at all: missing, escaping its folder, untrusted."""


class UntrustedSnippet(SnippetError):
    """A snippet of a bank the user has not trusted (or edited since)."""


@dataclass(frozen=True)
class Outcome:
    """What running one snippet gave."""

    ok: bool
    value: Any = None
    error: str | None = None
    traceback: str | None = None
    output: str = ""
    dropped: int = 0
    seconds: float = 0.0
    device: str = "cpu"
    demonstration: bool = False

    @classmethod
    def from_report(cls, report: dict[str, Any]) -> Outcome:
        return cls(
            ok=bool(report.get("ok")),
            value=report.get("value"),
            error=report.get("error"),
            traceback=report.get("traceback"),
            output=report.get("output", ""),
            dropped=int(report.get("dropped", 0)),
            seconds=float(report.get("wall", 0.0)),
            device=report.get("device", "cpu"),
            demonstration=bool(report.get("demonstration")),
        )


# -- finding and trusting -------------------------------------------------------------------


def resolve(bank: Bank, name: str) -> Path:
    """The file of snippet `name` in the bank's snippets folder; refuses any way out of it."""
    folder = bank.snippets_dir.resolve()
    if not name or os.path.isabs(name) or "/" in name or "\\" in name or ".." in name:
        raise SnippetError(f"snippet {name!r} of bank {bank.id} escapes {folder}: refused")
    candidate = folder / f"{name}.py"
    target = candidate.resolve()
    if not target.is_relative_to(folder):
        raise SnippetError(
            f"snippet {name!r} of bank {bank.id} resolves to {target}, outside {folder}: refused"
        )
    if not target.is_file():
        raise SnippetError(f"snippet {name!r} of bank {bank.id} not found: no {candidate}")
    return target


def content_hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def require_trust(store: Any, bank: Bank, path: Path) -> None:
    """Built-in banks are trusted; any other snippet must have been trusted as it is now."""
    if bank.builtin or store.is_trusted(content_hash(path)):
        return
    raise UntrustedSnippet(
        f"snippet {path.name} of bank {bank.id} is not trusted (new or edited since);"
        f" read it, then run `quiz trust {bank.path}` to allow it"
    )


def bank_snippets(bank: Bank) -> list[Path]:
    """Every snippet file the bank's questions name (each once)."""
    paths: dict[Path, None] = {}
    for question in bank.questions:
        if question.snippet is not None:
            paths[resolve(bank, question.snippet.name)] = None
    return list(paths)


def snippet_args(question: Question, variant: dict[str, Any] | None) -> dict[str, Any]:
    """The arguments answer() gets: the question's fixed args, then the variant's values."""
    args = dict(question.snippet.args) if question.snippet else {}
    args.update(variant or {})
    return args


# -- devices --------------------------------------------------------------------------------


def choose_device(requested: str, *, cuda: bool, mps: bool) -> str:
    """auto: CUDA if present, else MPS, else CPU; a named device must be present."""
    if requested not in DEVICES:
        raise QuizError(f"unknown device {requested!r}; choose one of {', '.join(DEVICES)}")
    if requested == "auto":
        return "cuda" if cuda else "mps" if mps else "cpu"
    if requested == "cuda" and not cuda:
        raise QuizError("--device cuda: no CUDA device is available to this torch")
    if requested == "mps" and not mps:
        raise QuizError("--device mps: Apple MPS is not available to this torch")
    return requested


def fork_is_safe(device: str) -> bool:
    """Whether a child may be forked from the warm worker for this device.

    The worker never initialises CUDA, so forked children may; Apple's frameworks refuse
    to run in a forked child, so macOS (and MPS) get a fresh interpreter per snippet.
    """
    return sys.platform.startswith("linux") and device in ("cpu", "cuda")


def memory_limit_mb() -> int:
    value = os.environ.get("QUIZ_SNIPPET_MEMORY_MB", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return DEFAULT_MEMORY_MB


# -- the worker process ---------------------------------------------------------------------


@dataclass
class _Job:
    future: Future
    on_output: Callable[[str], None] | None = None


class Worker:
    """A `python -m quiz.worker` process and the jobs it runs; safe to use from threads."""

    def __init__(self, jobs: int = 1, *, warm: bool = False) -> None:
        # Imported here, not at the top: the review's first card must not pay for them.
        import threading

        self.jobs = jobs
        self.warm = warm
        self.process: subprocess.Popen | None = None
        self.info: dict[str, Any] = {}
        self._ready = threading.Event()
        self._pending: dict[int, _Job] = {}
        self._lock = threading.Lock()
        self._next_id = 0
        self._failure: str | None = None

    def start(self) -> Worker:
        """Start the worker; returns at once, torch imports in the background."""
        if self.process is not None:
            return self
        import subprocess
        import threading

        self.process = subprocess.Popen(
            [sys.executable, "-m", "quiz.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C in the terminal is for quiz, not its worker
        )
        self._send({"jobs": self.jobs})
        if self.warm:
            self.warm_up()
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def warm_up(self) -> None:
        """Ask the worker to load what torch loads on first use (optimizers, TorchDynamo)
        before it forks the next snippets; queued like a job."""
        self._send({"warm": True})

    def wait_ready(self, timeout: float = 120.0) -> dict[str, Any]:
        self.start()
        if not self._ready.wait(timeout):
            raise SnippetError(f"the snippet worker did not start within {timeout:g} s")
        if self._failure:
            raise SnippetError(self._failure)
        return self.info

    def submit(
        self,
        path: Path,
        args: dict[str, Any],
        *,
        device: str,
        timeout: float = DEFAULT_TIMEOUT,
        on_output: Callable[[str], None] | None = None,
        as_script: bool = False,
    ) -> Future:
        """Queue one snippet run; the Future's result is an Outcome."""
        from concurrent.futures import Future

        self.start()
        future: Future = Future()
        with self._lock:
            self._next_id += 1
            job_id = self._next_id
            if self._failure:
                future.set_result(Outcome(ok=False, error=self._failure, device=device))
                return future
            self._pending[job_id] = _Job(future, on_output)
        self._send(
            {
                "id": job_id,
                "path": str(path),
                "args": args,
                "device": device,
                "timeout": timeout,
                "memory_mb": memory_limit_mb(),
                "max_output": MAX_OUTPUT_BYTES,
                "stream": on_output is not None,
                "fresh": not fork_is_safe(device),
                "script": as_script,
            }
        )
        return future

    def run(self, path: Path, args: dict[str, Any], **options: Any) -> Outcome:
        return self.submit(path, args, **options).result()

    def close(self) -> None:
        if self.process is None:
            return
        import subprocess

        # Closing stdin tells the worker to stop its children and exit; one still importing
        # torch would not hear it for a second or two, so it is simply stopped.
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=2 if self._ready.is_set() else 0)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self._fail("the snippet worker was closed")

    def _send(self, message: dict[str, Any]) -> None:
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write((json.dumps(message) + "\n").encode())
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            self._fail("the snippet worker stopped unexpectedly")

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get("ready"):
                self.info = message
                self._ready.set()
                continue
            with self._lock:
                job = self._pending.get(message.get("id"))
            if job is None:
                continue
            if "output" in message and "ok" not in message:
                if job.on_output is not None:
                    job.on_output(message["output"])
                continue
            with self._lock:
                self._pending.pop(message["id"], None)
            job.future.set_result(Outcome.from_report(message))
        stderr = (
            self.process.stderr.read().decode("utf-8", "replace") if self.process.stderr else ""
        )
        last = stderr.strip().splitlines()[-1] if stderr.strip() else "it exited"
        self._fail(f"the snippet worker stopped: {last}")

    def _fail(self, reason: str) -> None:
        with self._lock:
            if self._failure is None:
                self._failure = reason
            pending, self._pending = self._pending, {}
        self._ready.set()
        for job in pending.values():
            if not job.future.done():
                job.future.set_result(Outcome(ok=False, error=self._failure))
