"""The worker from quiz's side: start it, send it snippets' bytes, hear back Outcomes.

Running happens in a worker process (quiz/snippets/worker.py) that imports torch once and
forks a child per snippet; this module never imports torch. A snippet's failure is an
Outcome with ok=False and a one-line error, never an exception here.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.bank.files import Snippet
from quiz.errors import QuizError, SnippetError
from quiz.model import Outcome

if TYPE_CHECKING:
    import socket
    import subprocess
    from concurrent.futures import Future

DEVICES = ("auto", "cpu", "cuda", "mps")
DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY_MB = 4096
MAX_OUTPUT_BYTES = 200_000


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
    return sys.platform.startswith("linux") and device in ("cpu", "cuda", "auto")


def memory_limit_mb() -> int:
    value = os.environ.get("QUIZ_SNIPPET_MEMORY_MB", "")
    # isascii: '²' passes isdigit and int() refuses it; and int() raises past 4,300 digits,
    # so more than nine (a petabyte) fall back to the default like any other garbage.
    if value.isascii() and value.isdigit() and len(value) <= 9 and int(value) > 0:
        return int(value)
    return DEFAULT_MEMORY_MB


# -- the worker process ---------------------------------------------------------------------


@dataclass
class _Waiting:
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
        self._pending: dict[int, _Waiting] = {}
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
        function: str = "answer",
        extra: dict[str, Any] | None = None,
    ) -> Future:
        """Queue one run of exactly these bytes; the Future's result is an Outcome. The run
        calls `function`: answer(), or the mistake_… function that computes a mistake; or it
        is `predict` (the bytes run as a block, what they print the value) or `cases` (a
        student's function, in `extra`, checked against answer() on cases)."""
        from concurrent.futures import Future

        self.start()
        future: Future = Future()
        with self._lock:
            self._next_id += 1
            job_id = self._next_id
            if self._failure:
                future.set_result(Outcome(ok=False, error=self._failure, device=device))
                return future
            self._pending[job_id] = _Waiting(future, on_output)
        request = {
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
            "function": function,
        }
        # What a run of the `cases` kind needs besides; it never replaces the above.
        request |= {k: v for k, v in (extra or {}).items() if k not in request}
        self._send(request)
        return future

    def run(self, snippet: Snippet, args: dict[str, Any], **options: Any) -> Outcome:
        """One run, waited for. Interrupted (Ctrl-C) while it runs, the run is cancelled in
        the worker, its whole tree killed, before the interrupt goes on: nothing the student
        gave up on keeps the worker busy."""
        future = self.submit(snippet, args, **options)
        try:
            return future.result()
        except KeyboardInterrupt:
            self.cancel(future)
            raise

    def cancel(self, future: Future) -> None:
        """Stop the run behind `future` if it has not ended; its Outcome says it was cancelled."""
        with self._lock:
            job_id = next((i for i, job in self._pending.items() if job.future is future), None)
        if job_id is not None:
            self._send({"cancel": job_id})

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
        for line in self._lines():
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
            job_id = message.get("id")
            if not isinstance(job_id, int):  # the worker echoes the id each job was sent with
                continue
            with self._lock:
                job = self._pending.get(job_id)
            if job is None:
                continue
            if "output" in message and "ok" not in message:
                if job.on_output is not None:
                    job.on_output(message["output"])
                continue
            with self._lock:
                self._pending.pop(job_id, None)
            job.future.set_result(Outcome.from_report(message))
        stderr = (
            self.process.stderr.read().decode("utf-8", "replace") if self.process.stderr else ""
        )
        last = stderr.strip().splitlines()[-1] if stderr.strip() else "it exited"
        self._fail(f"the snippet worker stopped: {last}")

    def _lines(self) -> Iterator[bytes]:
        """The worker's messages until it closes the channel (or is killed: a reset)."""
        if self._channel is None:
            return
        try:
            yield from self._channel.makefile("rb")
        except OSError:
            return

    def _fail(self, reason: str) -> None:
        with self._lock:
            if self._failure is None:
                self._failure = reason
            pending, self._pending = self._pending, {}
        self._ready.set()
        for job in pending.values():
            if not job.future.done():
                job.future.set_result(Outcome(ok=False, error=self._failure))
