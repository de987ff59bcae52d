"""The snippet worker: imports torch once, then runs each snippet in a forked child.

Run as `python -m quiz.worker`; the parent (quiz.snippets) talks to it in JSON lines on
stdin/stdout. Each request is run in a child forked from this warm process, so a snippet
pays no torch import, yet its crash, hang, exit or memory hunger only ever kills that child.
The worker itself never initialises CUDA (it asks NVML whether a GPU exists), so forked
children may still use it. Where fork is unsafe (macOS, MPS) a request can ask for a fresh
interpreter instead.

This module is the only place besides the snippets that imports torch, and only in the
worker process.
"""

from __future__ import annotations

import ast
import json
import os
import resource
import select
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

CHUNK = 65536


@dataclass
class Job:
    """One running snippet: its child, its pipes and what it has said so far."""

    request: dict[str, Any]
    pid: int
    output_fd: int
    result_fd: int
    started: float
    deadline: float
    output: bytearray = field(default_factory=bytearray)
    dropped: int = 0
    result: bytearray = field(default_factory=bytearray)
    open_fds: set[int] = field(default_factory=set)
    killed_for: str | None = None
    peak_kib: int = 0


def main() -> None:
    # Asking NVML, not the CUDA runtime, keeps this process fork-safe for CUDA children.
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    import warnings

    with warnings.catch_warnings():
        # Imported once here, so that no forked snippet pays for them (torch.optim alone
        # costs a second or more on first import); torch's warnings about optional extras
        # such as NumPy are not the snippets' business.
        warnings.simplefilter("ignore")
        import torch
        import torch.nn
        import torch.nn.functional
        import torch.optim

    # Snippets are small, and -j N runs several at once: one intra-op thread each avoids
    # oversubscribing the cores, which made a tiny training loop sixty times slower here.
    torch.set_num_threads(1)
    send({"ready": True, **describe_devices(torch)})
    jobs: dict[int, Job] = {}
    limit = 1
    stdin_open = True
    pending: list[dict[str, Any]] = []
    buffer = b""
    while stdin_open or jobs or pending:
        while pending and len(jobs) < limit:
            request = pending.pop(0)
            if request.get("warm"):
                warm_up(torch)
                continue
            job = start(request)
            jobs[job.pid] = job
        watched = [fd for job in jobs.values() for fd in job.open_fds]
        if stdin_open:
            watched.append(0)
        wait = min((job.deadline for job in jobs.values()), default=time.monotonic() + 0.2)
        ready, _, _ = select.select(watched, [], [], max(0.0, min(wait - time.monotonic(), 0.1)))
        if 0 in ready:
            chunk = os.read(0, CHUNK)
            if not chunk:
                # The parent has gone (or given up): nobody wants these results any more.
                stdin_open = False
                pending.clear()
                for job in jobs.values():
                    kill(job, "was stopped: quiz exited")
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                if line.strip():
                    message = json.loads(line)
                    if "jobs" in message:
                        limit = max(1, int(message["jobs"]))
                    else:
                        pending.append(message)
        for job in list(jobs.values()):
            for fd in [fd for fd in job.open_fds if fd in ready]:
                read_from(job, fd)
            police(job)
            if not job.open_fds:
                finish(job)
                del jobs[job.pid]


def warm_up(torch: Any) -> None:
    """Pay once, in the worker, for what torch loads on first use, so forked snippets don't:
    the first optimizer built imports TorchDynamo's hundreds of modules (over a second)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weight = torch.zeros(1, requires_grad=True)
        for optimizer_class in (torch.optim.SGD, torch.optim.Adam):
            optimizer = optimizer_class([weight], lr=0.1)
            (weight * 2).sum().backward()
            optimizer.step()


def send(message: dict[str, Any]) -> None:
    os.write(1, (json.dumps(message) + "\n").encode())


def describe_devices(torch: Any) -> dict[str, Any]:
    cuda = bool(torch.cuda.is_available())
    mps_backend = getattr(torch.backends, "mps", None)
    mps = bool(mps_backend and mps_backend.is_available())
    # Names and memory need the CUDA runtime: quiz.probe asks for them from a child.
    count = torch.cuda.device_count() if cuda else 0
    return {"torch": torch.__version__, "cuda": cuda, "cuda_count": count, "mps": mps}


# -- the child --------------------------------------------------------------------------------


def start(request: dict[str, Any]) -> Job:
    output_read, output_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(output_read)
        os.close(result_read)
        run_child(request, output_write, result_write)
    os.close(output_write)
    os.close(result_write)
    now = time.monotonic()
    job = Job(request, pid, output_read, result_read, now, now + float(request.get("timeout", 60)))
    job.open_fds = {output_read, result_read}
    return job


def run_child(request: dict[str, Any], output_fd: int, result_fd: int) -> None:
    status = 0
    try:
        os.setsid()  # its own process group: a timeout kills whatever it started too
        die_with_parent()
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        os.close(output_fd)
        if request.get("fresh"):
            os.set_inheritable(result_fd, True)
            command = [sys.executable, "-m", "quiz.worker", "--one", str(result_fd)]
            os.execv(sys.executable, [*command, json.dumps(request)])
        report = run_here(request)
    except BaseException as exc:  # noqa: BLE001 - whatever happens, the parent hears of it
        report = {"ok": False, "error": f"could not start: {exc}"}
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001, S110 - output is best effort, the result is not
        pass
    os.write(result_fd, json.dumps(report, default=str).encode())
    os._exit(status)


def die_with_parent() -> None:
    """Ask Linux to kill this child if the worker dies, so no snippet outlives quiz."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_here(request: dict[str, Any]) -> dict[str, Any]:
    sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
    sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    limit_memory(request)
    return execute(request)


def run_one(result_fd: int, request: dict[str, Any]) -> None:
    """A fresh interpreter for one snippet (where forking the warm worker is unsafe)."""
    try:
        report = run_here(request)
    except BaseException as exc:  # noqa: BLE001
        report = {"ok": False, "error": f"could not start: {exc}"}
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(result_fd, json.dumps(report, default=str).encode())
    os._exit(0)


def limit_memory(request: dict[str, Any]) -> None:
    """Cap the child's heap so an unbounded allocation fails inside it, not on the machine."""
    megabytes = request.get("memory_mb")
    if not megabytes or request.get("device") != "cpu":
        # CUDA and MPS reserve vast address ranges: the parent's watchdog covers those.
        return
    ceiling = int(megabytes) * 1024 * 1024
    try:
        used = _data_size()
        resource.setrlimit(resource.RLIMIT_DATA, (used + ceiling, used + ceiling))
    except (ValueError, OSError):
        pass


def _data_size() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def execute(request: dict[str, Any]) -> dict[str, Any]:
    """Run the snippet: call `answer(**args, device=…)`, or run it as a script if it has none."""
    path = request["path"]
    device = request.get("device", "cpu")
    try:
        with open(path, encoding="utf-8") as source_file:
            source = source_file.read()
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        return {"ok": False, "error": f"syntax error at line {exc.lineno}: {exc.msg}"}
    except (OSError, UnicodeDecodeError) as exc:
        return {"ok": False, "error": f"cannot read the snippet: {exc}"}
    # "script": run it as `python NAME.py` would, its __main__ block included. Otherwise an
    # answer() is called with the args and device; a demonstration with a demo(*, device)
    # is called with the device; any other file runs as a script.
    defined = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    script = bool(request.get("script"))
    has_answer = not script and "answer" in defined
    has_demo = not script and not has_answer and _takes_device(defined.get("demo"))
    code = compile(tree, path, "exec")
    namespace: dict[str, Any] = {
        "__name__": "__quiz_snippet__" if has_answer or has_demo else "__main__",
        "__file__": path,
        "__builtins__": __builtins__,
    }
    # The snippet's folder is deliberately not on sys.path: trust covers this file's content,
    # so a module beside it must not be importable behind trust's back.
    sys.argv = [path]
    started = time.perf_counter()
    try:
        exec(code, namespace)  # noqa: S102 - running the snippet is the point
        if has_demo:
            namespace["demo"](device=device)
        if not has_answer:
            return {"ok": True, "demonstration": True, "seconds": time.perf_counter() - started}
        value = namespace["answer"](**request.get("args", {}), device=device)
    except SystemExit as exc:
        code_value = exc.code if exc.code is not None else 0
        if code_value == 0 and not has_answer:
            return {"ok": True, "demonstration": True, "seconds": time.perf_counter() - started}
        return {"ok": False, "error": f"exited with status {code_value}"}
    except BaseException as exc:  # noqa: BLE001 - the snippet's failure is the report
        return {
            "ok": False,
            "error": f"raised {type(exc).__name__}: {exc}".strip(),
            "traceback": snippet_traceback(exc, path),
        }
    seconds = time.perf_counter() - started
    try:
        plain = plain_value(value)
    except TypeError as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True, "value": plain, "seconds": seconds}


def _takes_device(function: ast.FunctionDef | None) -> bool:
    if function is None:
        return False
    arguments = function.args
    names = [a.arg for a in arguments.args + arguments.kwonlyargs]
    return "device" in names


def snippet_traceback(exc: BaseException, path: str) -> str:
    """The traceback from the snippet's first frame on: the snippet's, not the worker's."""
    frames = traceback.extract_tb(exc.__traceback__)
    first = next((i for i, frame in enumerate(frames) if frame.filename == path), 0)
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames[first:])
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)


def plain_value(value: Any) -> Any:
    """What answer() returned, as JSON: numbers, strings, and lists of them (shapes)."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if hasattr(value, "tolist") and hasattr(value, "numel"):  # a tensor
        return plain_value(value.tolist())
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (list, tuple)):
        return plain_value(value.item())  # a NumPy scalar
    if isinstance(value, (list, tuple)):  # torch.Size is a tuple
        return [plain_value(v) for v in value]
    raise TypeError(
        f"answer() returned a {type(value).__name__}, which cannot be compared with a key"
        " (return a number, a string, or a list or tuple of them)"
    )


# -- the parent's side of a job ---------------------------------------------------------------


def read_from(job: Job, fd: int) -> None:
    chunk = os.read(fd, CHUNK)
    if not chunk:
        os.close(fd)
        job.open_fds.discard(fd)
        return
    if fd == job.result_fd:
        job.result += chunk
        return
    cap = int(job.request.get("max_output", 200_000))
    room = cap - len(job.output)
    kept = chunk[: max(0, room)]
    job.output += kept
    job.dropped += len(chunk) - len(kept)
    if kept and job.request.get("stream"):
        send({"id": job.request["id"], "output": kept.decode("utf-8", "replace")})


def police(job: Job) -> None:
    """Kill a child that ran past its time or its memory, with everything it started."""
    if job.killed_for is not None or not job.open_fds:
        return
    if time.monotonic() > job.deadline:
        kill(job, f"ran past the {job.request.get('timeout', 60):g} s timeout and was killed")
        return
    megabytes = job.request.get("memory_mb")
    if megabytes:
        rss = _rss_kib(job.pid)
        job.peak_kib = max(job.peak_kib, rss)
        if rss > int(megabytes) * 1024:
            kill(job, f"used more than {megabytes} MiB of memory and was killed")


def kill(job: Job, reason: str) -> None:
    job.killed_for = reason
    try:
        os.killpg(job.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return 0


def finish(job: Job) -> None:
    _, status = os.waitpid(job.pid, 0)
    try:
        os.killpg(job.pid, signal.SIGKILL)  # grandchildren it left behind
    except (ProcessLookupError, PermissionError):
        pass
    report: dict[str, Any]
    try:
        report = json.loads(job.result) if job.result else {}
    except ValueError:
        report = {}
    if job.killed_for is not None:
        report = {"ok": False, "error": job.killed_for}
    elif not report:
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            report = {"ok": False, "error": f"crashed ({signal.Signals(number).name})"}
        else:
            report = {"ok": False, "error": f"exited with status {os.WEXITSTATUS(status)}"}
    report.update(
        id=job.request["id"],
        output=job.output.decode("utf-8", "replace"),
        dropped=job.dropped,
        wall=time.monotonic() - job.started,
        device=job.request.get("device", "cpu"),
    )
    send(report)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        run_one(int(sys.argv[2]), json.loads(sys.argv[3]))
    try:
        main()
    except KeyboardInterrupt:
        pass
