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
    import socket
    import subprocess
    from concurrent.futures import Future
from quiz.model import Bank, Question

DEVICES = ("auto", "cpu", "cuda", "mps")
DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY_MB = 4096
MAX_OUTPUT_BYTES = 200_000


class SnippetError(QuizError):
    """A snippet that cannot be run at all: missing, escaping its folder, untrusted."""


class SnippetMissing(SnippetError):
    """No file of that name in the bank's snippets folder."""


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

# A snippet is a page of code; anything this big is not one, and is refused before it is read.
MAX_SNIPPET_BYTES = 1_000_000


@dataclass(frozen=True)
class Snippet:
    """A snippet's file and the exact bytes read from it: what is hashed for trust, shown to
    the student and sent to the worker are these bytes, never a second read of the file."""

    path: Path
    source: bytes

    @classmethod
    def read(cls, path: Path) -> Snippet:
        """Read the file once; SnippetError if it cannot be read as UTF-8 text."""
        try:
            with open(path, "rb") as file:
                source = file.read(MAX_SNIPPET_BYTES + 1)
        except OSError as exc:
            raise SnippetError(f"snippet {path}: cannot be read ({exc.strerror or exc})") from None
        if len(source) > MAX_SNIPPET_BYTES:
            raise SnippetError(f"snippet {path}: larger than {MAX_SNIPPET_BYTES:,} bytes")
        try:
            source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SnippetError(
                f"snippet {path}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
            ) from None
        return cls(path, source)

    @property
    def digest(self) -> str:
        import hashlib

        return hashlib.sha256(self.source).hexdigest()

    @property
    def text(self) -> str:
        return self.source.decode("utf-8")


def resolve(bank: Bank, name: str) -> Path:
    """The file of snippet `name` in the bank's snippets folder; refuses any way out of it."""
    from quiz.bank import snippets_dir_refusal

    folder = _resolved(bank.snippets_dir, f"the snippets folder of bank {bank.id}")
    # Loading refuses such a bank already; checked again here for every reader of code.
    refusal = snippets_dir_refusal(bank.files[0] if bank.files else bank.path, folder)
    if refusal is not None:
        raise SnippetError(f"bank {bank.id}: {refusal}")
    if not name or os.path.isabs(name) or "/" in name or "\\" in name or ".." in name:
        raise SnippetError(f"snippet {name!r} of bank {bank.id} escapes {folder}: refused")
    candidate = folder / f"{name}.py"
    target = _resolved(candidate, f"snippet {name!r} of bank {bank.id}")
    if not target.is_relative_to(folder):
        raise SnippetError(
            f"snippet {name!r} of bank {bank.id} resolves to {target}, outside {folder}: refused"
        )
    if not target.is_file():
        raise SnippetMissing(f"snippet {name!r} of bank {bank.id} not found: no {candidate}")
    return target


def _resolved(path: Path, what: str) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop: RuntimeError before 3.13
        raise SnippetError(f"{what}: {path} cannot be resolved ({exc})") from None


def content_hash(path: Path) -> str:
    """The SHA-256 of a snippet file's bytes, as trust records it."""
    return Snippet.read(path).digest


def is_trusted(store: Any, bank: Bank, snippet: Snippet) -> bool:
    return bank.builtin or store.is_trusted(snippet.digest)


def untrusted_error(bank: Bank, snippet: Snippet) -> UntrustedSnippet:
    return UntrustedSnippet(
        f"snippet {snippet.path.name} of bank {bank.id} is not trusted (new or edited since);"
        f" read it, then run `quiz trust {bank.path}` to allow it"
    )


def require_trust(store: Any, bank: Bank, path: Path) -> Snippet:
    """The snippet's bytes, read once, if its bank is built in or the user trusted exactly
    these bytes; UntrustedSnippet otherwise."""
    snippet = Snippet.read(path)
    if not is_trusted(store, bank, snippet):
        raise untrusted_error(bank, snippet)
    return snippet


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
    # isascii: '²' passes isdigit and int() refuses it; and int() raises past 4,300 digits,
    # so more than nine (a petabyte) fall back to the default like any other garbage.
    if value.isascii() and value.isdigit() and len(value) <= 9 and int(value) > 0:
        return int(value)
    return DEFAULT_MEMORY_MB


# -- the worker process ---------------------------------------------------------------------


@dataclass
class _Job:
    future: Future
    on_output: Callable[[str], None] | None = None


class Worker:
    """A worker process (quiz/worker.py) and the jobs it runs; safe to use from threads.

    The worker runs in isolated mode from a private, empty folder, so neither the current
    folder nor any bank's folder is on its import path, and it talks to quiz over a socket
    that the snippets it runs never hold.
    """

    def __init__(self, jobs: int = 1, *, warm: bool = False) -> None:
        # Imported here, not at the top: the review's first card must not pay for them.
        import threading

        self.jobs = jobs
        self.warm = warm
        self.process: subprocess.Popen | None = None
        self.info: dict[str, Any] = {}
        self._channel: socket.socket | None = None
        self._home: str | None = None
        self._ready = threading.Event()
        self._pending: dict[int, _Job] = {}
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._next_id = 0
        self._failure: str | None = None

    def start(self) -> Worker:
        """Start the worker; returns at once, torch imports in the background."""
        if self.process is not None:
            return self
        import socket
        import subprocess
        import tempfile
        import threading

        ours, theirs = socket.socketpair()
        self._home = tempfile.mkdtemp(prefix="quiz-worker-")
        program = Path(__file__).with_name("worker.py")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", str(program), str(theirs.fileno())],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=(theirs.fileno(),),
                cwd=self._home,
                start_new_session=True,  # Ctrl-C in the terminal is for quiz, not its worker
            )
        finally:
            theirs.close()
        self._channel = ours
        self._send({"jobs": self.jobs})
        if self.warm:
            self.warm_up()
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def warm_up(self) -> None:
        """Ask the worker to load what torch loads on first use (optimizers, TorchDynamo)
        before it forks the next snippets; queued like a job."""
        self.start()
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
        snippet: Snippet,
        args: dict[str, Any],
        *,
        device: str,
        timeout: float = DEFAULT_TIMEOUT,
        on_output: Callable[[str], None] | None = None,
        as_script: bool = False,
    ) -> Future:
        """Queue one run of exactly these bytes; the Future's result is an Outcome."""
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
                "path": str(snippet.path),
                "source": snippet.text,
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

    def run(self, snippet: Snippet, args: dict[str, Any], **options: Any) -> Outcome:
        return self.submit(snippet, args, **options).result()

    def close(self) -> None:
        if self.process is None:
            return
        import shutil
        import subprocess

        # Closing the channel tells the worker to stop its children and exit; one still
        # importing torch would not hear it for a second or two, so it is simply stopped.
        try:
            if self._channel is not None:
                self._channel.shutdown(2)  # SHUT_RDWR
            self.process.wait(timeout=5 if self._ready.is_set() else 0)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        if self._home:
            shutil.rmtree(self._home, ignore_errors=True)
        self._fail("the snippet worker was closed")

    def _send(self, message: dict[str, Any]) -> None:
        if self._channel is None:
            raise SnippetError("the snippet worker was not started")
        data = (json.dumps(message) + "\n").encode()
        try:
            with self._send_lock:
                self._channel.sendall(data)
        except OSError:
            self._fail("the snippet worker stopped unexpectedly")

    def _read(self) -> None:
        if self._channel is None or self.process is None:
            return
        for line in self._channel.makefile("rb"):
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if not isinstance(message, dict):
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
