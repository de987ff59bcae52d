"""The snippet worker: imports torch once, then runs each snippet in a forked child.

Started by quiz.snippets as `python -I worker.py CHANNEL_FD` from a private, empty working
folder: isolated mode keeps the current folder, the script's folder, PYTHONPATH and the
user's site-packages off sys.path, so nothing the student happens to have lying around is
imported. This file imports nothing from quiz.

The parent and the worker talk in JSON lines over a socket (fd CHANNEL_FD). A socket, not a
pipe: /proc/PID/fd/N of a socket cannot be reopened, so a snippet cannot write a forged
result into it; and the worker is not dumpable, so its /proc entries are closed to the
snippets (both hold for an ordinary user; root can read any process's memory).

Each request carries the snippet's source bytes: the parent read and hashed them, so what
runs is exactly what trust was checked against. A request runs in a child forked from this
warm process, the runner: a child subreaper in a session of its own, so that every process
the snippet starts, double-forked daemons included, stays its descendant. The runner gets
stdin from /dev/null, stdout and stderr on its output channel, a private working and
temporary folder, and no descriptor of the worker's but its result channel; when the
snippet is done it kills whatever the snippet left running. The worker holds the limits
from outside: the wall-clock limit and the memory cap over the whole tree, which it kills
as a whole; orphans of a killed runner come back to the worker (a subreaper too), which
kills them; and it removes what the run wrote to its temporary folder, /tmp and /dev/shm.
The worker itself never initialises CUDA (it asks NVML whether a GPU exists), so forked
children may still use it. Where fork is unsafe (macOS, MPS) the runner execs a fresh
interpreter instead.
"""

from __future__ import annotations

import ast
import json
import os
import re
import resource
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

CHUNK = 65536
TICK = 0.05
LINUX = sys.platform.startswith("linux")
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
CALLABLE = re.compile(r"answer|predict|cases|mistake_[A-Za-z0-9_]+")
"""The only functions of a snippet a request may name: answer, and the mistake_… functions
that compute a question's mistakes; or one of the two ways to run a question's code:
`predict` (run a block as a script, its printout or exception the value) and `cases` (a
student's function against answer() on cases) (quiz.bank.format.MISTAKE_FUNCTION; this file imports
nothing from quiz). Bank files are not trusted by hash as snippets are, so a name written
in one must never reach anything else (`__import__`, `os.system`, `answer.__globals__`)."""


@dataclass
class Run:
    """One request on its way: its runner, its channels and what they said so far."""

    request: dict[str, Any]
    pid: int
    output_fd: int
    result_fd: int
    run_dir: str
    before: dict[str, set[str]]
    started: float
    deadline: float
    output: bytearray = field(default_factory=bytearray)
    dropped: int = 0
    result: bytearray = field(default_factory=bytearray)
    touched: set[str] = field(default_factory=set)
    next_look: float = 0.0
    exit_status: int | None = None
    killed_for: str | None = None


class Channel:
    """JSON lines over the socket to quiz."""

    def __init__(self, fd: int) -> None:
        self.sock = socket.socket(fileno=fd)
        self.buffer = b""
        self.open = True

    def send(self, message: dict[str, Any]) -> None:
        try:
            self.sock.sendall((json.dumps(message) + "\n").encode())
        except OSError:
            self.open = False

    def receive(self) -> list[dict[str, Any]]:
        try:
            chunk = self.sock.recv(CHUNK)
        except OSError:
            chunk = b""
        if not chunk:
            self.open = False
            return []
        self.buffer += chunk
        messages = []
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line.strip():
                messages.append(json.loads(line))
        return messages


def main(channel_fd: int) -> None:
    _prctl(PR_SET_DUMPABLE, 0)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    home = os.getcwd()
    SHARED_FOLDERS[:] = shared_folders()
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
    channel = Channel(channel_fd)
    channel.send({"ready": True, **describe_devices(torch)})
    try:
        serve(channel, torch, home)
    finally:
        for job in jobs_alive:
            _signal(job.pid, signal.SIGKILL)
        kill_orphans(set())
        shutil.rmtree(home, ignore_errors=True)


jobs_alive: list[Run] = []
SHARED_FOLDERS: list[str] = []


def serve(channel: Channel, torch: Any, home: str) -> None:
    jobs: dict[int, Run] = {}
    compared: list[bool] = []
    limit = 1
    pending: list[dict[str, Any]] = []
    while channel.open or jobs:
        while pending and len(jobs) < limit:
            request = pending.pop(0)
            if request.get("warm"):
                warm_up(torch)
                continue
            if request.get("function") == "cases" and not compared:
                compared.append(warm_comparison(torch))
            job = start(request, home)
            jobs[job.pid] = job
        jobs_alive[:] = jobs.values()
        watched = [fd for job in jobs.values() for fd in job_fds(job)]
        if channel.open:
            watched.append(channel.sock.fileno())
        ready, _, _ = select.select(watched, [], [], TICK)
        if channel.open and channel.sock.fileno() in ready:
            for message in channel.receive():
                if "jobs" in message:
                    limit = max(1, int(message["jobs"]))
                elif "cancel" in message:
                    cancel(message["cancel"], pending, jobs, channel)
                else:
                    pending.append(message)
            if not channel.open:
                # The parent has gone (or given up): nobody wants these results any more.
                pending.clear()
                for job in jobs.values():
                    stop(job, "was stopped: quiz exited")
        for job in jobs.values():
            for fd in job_fds(job):
                if fd in ready:
                    read_from(job, fd, channel)
            police(job)
        ended = reap()
        for pid, status in ended:
            if pid in jobs:
                jobs[pid].exit_status = status
        if ended:
            # A runner that died before it could clean up leaves its processes to us.
            kill_orphans({pid for pid, job in jobs.items() if job.exit_status is None})
        for pid, job in list(jobs.items()):
            if job.exit_status is not None:
                finish(job, channel)
                del jobs[pid]


def cancel(
    job_id: Any, pending: list[dict[str, Any]], jobs: dict[int, Run], channel: Channel
) -> None:
    """Stop one job the parent no longer wants (a proof the student cancelled): a queued one
    is answered at once, a running one is killed with its tree and answered when it ends."""
    for request in pending:
        if request.get("id") == job_id:
            pending.remove(request)
            channel.send({"id": job_id, "ok": False, "error": "was cancelled"})
            return
    for job in jobs.values():
        if job.request.get("id") == job_id and job.killed_for is None:
            stop(job, "was cancelled")


def police(job: Run) -> None:
    """Kill a run, its whole tree, that is past its time or its memory."""
    if job.killed_for is not None or job.exit_status is not None:
        return
    now = time.monotonic()
    if now > job.deadline:
        timeout = float(job.request.get("timeout", 60))
        stop(job, f"ran past the {timeout:g} s timeout and was killed")
    elif now >= job.next_look:
        # The tree's memory and the shared files it holds, a few times a second.
        job.next_look = now + 0.2
        tree = [job.pid, *descendants(job.pid)]
        job.touched |= held_paths(tree)
        megabytes = int(job.request.get("memory_mb") or 0)
        if megabytes and rss_kib(tree) > megabytes * 1024:
            stop(job, f"used more than {megabytes} MiB of memory and was killed")


def job_fds(job: Run) -> list[int]:
    return [fd for fd in (job.output_fd, job.result_fd) if fd >= 0]


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


def warm_comparison(torch: Any) -> bool:
    """Pay once, in the worker, for what the first comparison of a code question's answers
    imports (torch.testing.assert_close loads torch.distributed's tensor modules, 0.4 s), so
    that no forked run of the cases pays it again."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            torch.testing.assert_close(torch.zeros(2), torch.zeros(2))
            torch.save({"x": torch.zeros(1)}, __import__("io").BytesIO())
        except Exception:  # noqa: BLE001, S110 - only a warm-up: the run will say what fails
            pass
    return True


def describe_devices(torch: Any) -> dict[str, Any]:
    cuda = bool(torch.cuda.is_available())
    mps_backend = getattr(torch.backends, "mps", None)
    mps = bool(mps_backend and mps_backend.is_available())
    # Names and memory need the CUDA runtime: quiz.probe asks for them from a child.
    count = torch.cuda.device_count() if cuda else 0
    return {"torch": torch.__version__, "cuda": cuda, "cuda_count": count, "mps": mps}


# -- processes -------------------------------------------------------------------------------


def _prctl(option: int, value: int) -> None:
    if not LINUX:
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except (ProcessLookupError, PermissionError):
        pass


ENDED: list[tuple[int, int]] = []
"""Children reaped, with their wait status, that `reap` has not handed out yet."""


def collect() -> None:
    """Reap every child that has ended (never blocks), keeping each status for `reap`: a
    runner's end reaped while killing a tree must still reach the loop that answers for it,
    or its job would wait for ever."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        ENDED.append((pid, status))


def reap() -> list[tuple[int, int]]:
    """Every child that has ended since the last call, with its wait status; never blocks."""
    collect()
    ended = ENDED[:]
    ENDED.clear()
    return ended


def parents() -> dict[int, int]:
    """pid -> parent pid of every process this user can see."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isascii() or not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            table[int(entry)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    return table


def descendants(root: int) -> list[int]:
    """Every process below `root` (none where there is no /proc to ask)."""
    if not LINUX:
        return []
    table = parents()
    found: list[int] = []
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in table.items() if ppid == parent]
        found += children
        frontier += children
    return found


def kill_orphans(keep: set[int]) -> None:
    """Kill every descendant of this process but the live runners in `keep` and their
    trees: as a subreaper the worker inherits what a dead runner's tree left running."""
    for _ in range(100):
        strays = [pid for pid in descendants(os.getpid()) if pid not in keep]
        strays = [pid for pid in strays if not _descends_from(pid, keep)]
        if not strays:
            return
        for pid in strays:
            _signal(pid, signal.SIGKILL)
        time.sleep(0.01)
        collect()


def _descends_from(pid: int, roots: set[int]) -> bool:
    table = parents()
    seen = set()
    while pid in table and pid not in seen:
        seen.add(pid)
        pid = table[pid]
        if pid in roots:
            return True
    return False


def close_descriptors_except(keep: set[int]) -> None:
    """Close every inherited descriptor but these: the channel, other jobs' pipes and the
    worker's stderr must not be reachable from a snippet."""
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd" if LINUX else "/dev/fd")]
    except OSError:
        open_fds = list(range(3, 256))
    for fd in open_fds:
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _null_stdio(output_fd: int | None) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(output_fd if output_fd is not None else null, 1)
    os.dup2(output_fd if output_fd is not None else null, 2)
    os.close(null)


# -- one request: its runner -------------------------------------------------------------------


def channel_pair() -> tuple[int, int]:
    """A one-way channel for a run: a socket pair, not a pipe, because /proc/PID/fd/N of a
    pipe can be reopened by anyone allowed to look, and so written into by another run."""
    reading, writing = socket.socketpair()
    reading.shutdown(socket.SHUT_WR)
    writing.shutdown(socket.SHUT_RD)
    return reading.detach(), writing.detach()


def start(request: dict[str, Any], home: str) -> Run:
    output_read, output_write = channel_pair()
    result_read, result_write = channel_pair()
    run_dir = tempfile.mkdtemp(prefix="run-", dir=home)
    before = {folder: _entries(folder) for folder in shared_folders()}
    pid = os.fork()
    if pid == 0:  # the runner: never returns
        code = 1
        try:
            close_descriptors_except({output_write, result_write})
            code = run_child(request, run_dir, output_write, result_write)
        finally:
            os._exit(code)
    for fd in (output_write, result_write):
        os.close(fd)
    for fd in (output_read, result_read):
        os.set_blocking(fd, False)
    now = time.monotonic()
    timeout = float(request.get("timeout", 60))
    return Run(request, pid, output_read, result_read, run_dir, before, now, now + timeout)


def kill_tree(root: int, *, with_root: bool = False) -> set[str]:
    """Kill every process below `root` (and `root` itself, `with_root`); what they held
    open. Each is stopped first, so that none can fork while the tree is being gathered."""
    frozen: set[int] = {root} if with_root else set()
    if with_root:
        _signal(root, signal.SIGSTOP)
    for _ in range(1000):
        fresh = set(descendants(root)) - frozen
        if not fresh:
            break
        for pid in fresh:
            _signal(pid, signal.SIGSTOP)
        frozen |= fresh
    held = held_paths(sorted(frozen))
    for pid in frozen:
        _signal(pid, signal.SIGKILL)
    collect()
    return held


def rss_kib(pids: list[int]) -> int:
    """Resident memory of these processes together, in KiB."""
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * page_kib
        except (OSError, ValueError, IndexError):
            continue
    return total


def shared_folders() -> list[str]:
    """Folders every process writes to by name: what a run leaves there is removed. Read
    once when the worker starts, before any run points TMPDIR at its own folder."""
    if SHARED_FOLDERS:
        return SHARED_FOLDERS
    folders = [tempfile.gettempdir(), "/tmp", "/dev/shm"]
    unique = []
    for folder in folders:
        real = os.path.realpath(folder)
        if os.path.isdir(real) and real not in unique:
            unique.append(real)
    return unique


def _entries(folder: str) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


def remove_leftovers(folder: str, before: set[str], touched: set[str]) -> None:
    """Remove what the run created in a shared folder: entries that are new since it
    started, belong to this user, and that the run opened, wrote or held. Another
    program's fresh file is left alone, since the run never touched it."""
    uid = os.getuid()
    prefix = folder.rstrip("/") + "/"
    names = {path[len(prefix) :].split("/", 1)[0] for path in touched if path.startswith(prefix)}
    for name in names - before:
        path = prefix + name
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if info.st_uid != uid:
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def held_paths(pids: list[int]) -> set[str]:
    """Files these processes have open or mapped."""
    held: set[str] = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    held.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
                except OSError:
                    continue
            with open(f"/proc/{pid}/maps", "rb") as maps:
                for line in maps:
                    parts = line.split(None, 5)
                    if len(parts) == 6 and parts[5].startswith(b"/"):
                        held.add(parts[5].rstrip(b"\n").decode("utf-8", "replace"))
        except OSError:
            continue
    return {path.removesuffix(" (deleted)") for path in held}


WRITTEN_LOG = ".quiz-written"
LOG: list[int] = []  # the runner's descriptor of its log


def written_paths(run_dir: str) -> set[str]:
    """Paths the snippet's Python code created or wrote, from the runner's audit hook."""
    try:
        with open(os.path.join(run_dir, WRITTEN_LOG), "rb") as log:
            return {line.decode("utf-8", "replace") for line in log.read().splitlines()}
    except OSError:
        return set()


def log_paths(paths: set[str]) -> None:
    lines = b"".join(path.encode("utf-8", "surrogateescape") + b"\n" for path in paths)
    try:
        os.write(LOG[0], lines)
    except (OSError, IndexError):
        pass  # the snippet closed it: the worker's own look at the tree is what is left


def record_writes(run_dir: str) -> None:
    """Log every path the snippet creates or writes in a shared folder, so the worker can
    remove it afterwards; forked children inherit the hook and the log."""
    log = os.open(os.path.join(run_dir, WRITTEN_LOG), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    LOG[:] = [log]
    prefixes = tuple(folder.rstrip("/") + "/" for folder in shared_folders())
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT
    events = {"os.mkdir", "os.rename", "os.symlink", "os.link", "os.mkfifo", "os.mknod"}

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, mode, flags = (args + (None, None, None))[:3]
            if mode is not None and not any(letter in str(mode) for letter in "wax+"):
                return
            if mode is None and not (isinstance(flags, int) and flags & writing):
                return
        elif event in events:
            path = args[1] if event in ("os.rename", "os.symlink", "os.link") else args[0]
        else:
            return
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str):
            return
        full = os.path.abspath(path)
        if full.startswith(prefixes):
            os.write(log, full.encode("utf-8", "surrogateescape") + b"\n")

    sys.addaudithook(hook)


def run_child(request: dict[str, Any], run_dir: str, output_fd: int, result_fd: int) -> int:
    os.setsid()  # its own session and group: Ctrl-C and job control are not for it
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _prctl(PR_SET_DUMPABLE, 1)  # its own /proc, for tools the snippet runs
    status = 0
    try:
        _null_stdio(output_fd)
        os.close(output_fd)
        os.chdir(run_dir)
        for name in ("TMPDIR", "TEMP", "TMP"):
            os.environ[name] = run_dir
        tempfile.tempdir = None
        if request.get("fresh"):
            with open("request.json", "w", encoding="utf-8") as saved:
                json.dump(request, saved)
            os.set_inheritable(result_fd, True)
            path = os.path.abspath(__file__)
            os.execv(sys.executable, [sys.executable, "-I", path, "--one", str(result_fd)])
        RESULT_CHANNEL[:] = [result_fd]
        report = run_here(request)
    except BaseException as exc:  # noqa: BLE001 - whatever happens, the parent hears of it
        report = {"ok": False, "error": f"could not start: {exc}"}
        status = 1
    end_run(result_fd, report)
    return status


def end_run(result_fd: int, report: dict[str, Any]) -> None:
    """Kill whatever the snippet left running (noting what it held in shared folders, for
    the worker to remove), then report."""
    held = kill_tree(os.getpid())
    if held:
        log_paths(held)
    write_result(result_fd, report)


def write_result(result_fd: int, report: dict[str, Any]) -> None:
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001, S110 - output is best effort, the result is not
        pass
    try:
        os.write(result_fd, json.dumps(report, default=str).encode())
    except OSError:
        pass


def run_here(request: dict[str, Any]) -> dict[str, Any]:
    record_writes(os.getcwd())
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the run
    sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
    sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    limit_memory(request)
    return execute(request)


def run_one(result_fd: int) -> None:
    """A fresh interpreter for one snippet (where forking the warm worker is unsafe)."""
    try:
        with open("request.json", encoding="utf-8") as saved:
            request = json.load(saved)
        os.unlink("request.json")
        RESULT_CHANNEL[:] = [result_fd]
        report = run_here(request)
    except BaseException as exc:  # noqa: BLE001
        report = {"ok": False, "error": f"could not start: {exc}"}
    end_run(result_fd, report)
    os._exit(0)


def limit_memory(request: dict[str, Any]) -> None:
    """Cap each process's heap so an unbounded allocation fails inside the snippet, where it
    reads as a MemoryError; the worker caps the whole tree."""
    megabytes = request.get("memory_mb")
    if not megabytes or request.get("device") != "cpu":
        # CUDA and MPS reserve vast address ranges: the worker's watch covers those.
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
    """Run the snippet: call `answer(**args, device=…)`, or run it as a script if it has none;
    or call the mistake function the request names with the same args (and `device`, if it
    takes one)."""
    path = request["path"]
    device = request.get("device", "cpu")
    source = request["source"]
    function = request.get("function", "answer")
    if not isinstance(function, str) or not CALLABLE.fullmatch(function):
        shown = repr(function)[:80]
        return {
            "ok": False,
            "error": f"refused to call {shown}: only answer() and mistake_…() functions run",
        }
    if function == "predict":
        return run_predict(request, device)
    if function == "cases":
        return run_cases(request, device)
    mistake = function != "answer"
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        return {"ok": False, "error": f"syntax error at line {exc.lineno}: {exc.msg}"}
    except ValueError as exc:  # a NUL byte in the source
        return {"ok": False, "error": f"cannot be compiled: {exc}"}
    # "script": run it as `python NAME.py` would, its __main__ block included. Otherwise an
    # answer() is called with the args and device; a demonstration with a demo(*, device)
    # is called with the device; any other file runs as a script.
    defined = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    if mistake and function not in defined:
        return {"ok": False, "error": f"the snippet defines no function {function}()"}
    script = bool(request.get("script")) and not mistake
    has_answer = not script and not mistake and "answer" in defined
    has_demo = not script and not mistake and not has_answer and _takes_device(defined.get("demo"))
    code = compile(tree, path, "exec")
    namespace: dict[str, Any] = {
        "__name__": "__quiz_snippet__" if has_answer or has_demo or mistake else "__main__",
        "__file__": path,
        "__builtins__": __builtins__,
    }
    # Neither the snippet's folder nor the current one is on sys.path: trust covers these
    # bytes, so a module beside them must not be importable behind trust's back.
    sys.argv = [path]
    started = time.perf_counter()
    try:
        exec(code, namespace)  # noqa: S102 - running the snippet is the point
        if mistake:
            takes = {"device": device} if _takes_device(defined[function]) else {}
            value = namespace[function](**request.get("args", {}), **takes)
        else:
            if has_demo:
                namespace["demo"](device=device)
            if not has_answer:
                seconds = time.perf_counter() - started
                return {"ok": True, "demonstration": True, "seconds": seconds}
            value = namespace["answer"](**request.get("args", {}), device=device)
    except SystemExit as exc:
        code_value = exc.code if exc.code is not None else 0
        if code_value == 0 and not has_answer and not mistake:
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
        plain = plain_value(value, name=function)
    except TypeError as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True, "value": plain, "seconds": seconds}


# -- predict: what a block of code prints, or the exception it raises ----------------------------

PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
MAX_PRINTED = 20_000


def fill_code(source: str, args: dict[str, Any]) -> str:
    """A predict block with its params' values written where it names them (`{n}`): numbers
    only, as literals, so that no value can be code. The same rule as quiz.schedule.params
    .fill_code (this file imports nothing from quiz); a test holds the two together."""

    def literal(match: re.Match[str]) -> str:
        value = args.get(match.group(1))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return match.group(0)
        return repr(value)

    return PARAM.sub(literal, source)


class Printed:
    """sys.stdout for a predict block: what it prints, up to MAX_PRINTED characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.overflow = False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = MAX_PRINTED - self.size
        if len(text) > room:
            self.overflow = True
        kept = text[: max(0, room)]
        self.parts.append(kept)
        self.size += len(kept)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def text(self) -> str:
        return "".join(self.parts)


def resolved_device(device: str) -> str:
    """`auto`: CUDA where this torch has it, else the CPU (a predict block's key is what the
    code does on the student's device)."""
    if device != "auto":
        return device
    torch = sys.modules.get("torch")
    try:
        return "cuda" if torch is not None and torch.cuda.is_available() else "cpu"
    except Exception:  # noqa: BLE001 - no working CUDA is the CPU
        return "cpu"


def run_predict(request: dict[str, Any], device: str) -> dict[str, Any]:
    """Run a predict block as a script, its params written in: the value is what it printed,
    or the exception it raised (its class, and the classes that class derives from)."""
    device = resolved_device(device)
    path = request["path"]
    source = fill_code(request["source"], request.get("args") or {})
    try:
        code = compile(source, path, "exec")
    except SyntaxError as exc:
        return {"ok": False, "error": f"syntax error at line {exc.lineno}: {exc.msg}"}
    except ValueError as exc:
        return {"ok": False, "error": f"cannot be compiled: {exc}"}
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "__file__": path,
        "__builtins__": __builtins__,
        "device": device,
    }
    printed = Printed()
    real = sys.stdout
    sys.stdout = printed
    sys.argv = [path]
    started = time.perf_counter()
    raised: BaseException | None = None
    try:
        exec(code, namespace)  # noqa: S102 - running the block is the point
    except SystemExit as exc:
        if exc.code not in (None, 0):
            raised = exc
    except MemoryError:
        sys.stdout = real
        return {"ok": False, "error": "ran out of memory (the run's memory cap)"}
    except BaseException as exc:  # noqa: BLE001 - what it raises is the key
        raised = exc
    finally:
        sys.stdout = real
    seconds = time.perf_counter() - started
    if printed.overflow:
        return {
            "ok": False,
            "error": f"printed more than {MAX_PRINTED:,} characters: too much to predict",
        }
    output = printed.text().strip()
    if raised is not None:
        kind = type(raised)
        bases = [c.__name__ for c in kind.__mro__[1:] if c not in (object, BaseException)]
        value = {"error": kind.__name__, "bases": bases, "message": str(raised)[:500]}
        if output:
            value["output"] = output
    elif not output:
        return {"ok": False, "error": "printed nothing: a predict block prints what is asked"}
    else:
        value = {"output": output}
    value["device"] = device
    return {"ok": True, "value": value, "seconds": seconds, "device": device}


# -- cases: a student's function against the reference -------------------------------------------

SHOWN = 300
STUDENT_FILE = "<your answer>"


def run_cases(request: dict[str, Any], device: str) -> dict[str, Any]:
    """Run the student's function and the snippet's answer() on each case and compare them.

    The value: how many cases passed of how many, and the first that failed (its inputs,
    what was expected and what came, or the exception and its line in the student's code).
    A fault of the reference itself (it raises, its cases cannot be drawn) is not the
    student's: the run fails with it."""
    import copy
    import random

    torch = sys.modules.get("torch")
    path = request["path"]
    name = str(request.get("name", ""))
    reference: dict[str, Any] = {"__name__": "__quiz_snippet__", "__file__": path}
    reference["__builtins__"] = __builtins__
    started = time.perf_counter()
    try:
        exec(compile(request["source"], path, "exec"), reference)  # noqa: S102
    except BaseException as exc:  # noqa: BLE001
        return {"ok": False, "error": f"the reference snippet raised {_exception_line(exc)}"}
    answer: Any = reference.get("answer")
    random_case: Any = reference.get("random_case")
    prepare = reference.get("prepare")
    if not callable(answer):
        return {"ok": False, "error": "the reference snippet defines no answer()"}
    cases: list[tuple[str, Any]] = [
        (f"case {i + 1}", case) for i, case in enumerate(request.get("cases") or [])
    ]
    count = int(request.get("random") or 0)
    if count and not callable(random_case):
        return {"ok": False, "error": "the reference snippet defines no random_case(rng)"}
    seed = str(request.get("seed", ""))
    for index in range(count):
        try:
            case = random_case(random.Random(f"{seed}:{index}"))
        except BaseException as exc:  # noqa: BLE001
            return {"ok": False, "error": f"random_case() raised {_exception_line(exc)}"}
        if not isinstance(case, dict):
            return {"ok": False, "error": "random_case() must return a dict of arguments"}
        cases.append((f"random case {index + 1}", case))

    def arguments(case: dict[str, Any]) -> dict[str, Any]:
        if callable(prepare):
            takes = {"device": device} if _accepts(prepare, "device") else {}
            prepared = prepare(copy.deepcopy(case), **takes)
            return dict(prepared)
        return copy.deepcopy(case)

    # Every expected value first, before the student's code is so much as compiled.
    expected_values = []
    for number, (label, case) in enumerate(cases):
        try:
            if torch is not None:
                torch.manual_seed(number)
            takes = {"device": device} if _accepts(answer, "device") else {}
            expected_values.append(answer(**arguments(case), **takes))
        except BaseException as exc:  # noqa: BLE001
            return {
                "ok": False,
                "error": f"the reference answer() raised {_exception_line(exc)} on {label}",
            }
    student_source = str(request.get("student", ""))
    verdict: dict[str, Any] = {"passed": 0, "total": len(cases), "failure": None}
    runs = _student_runs(student_source, name, len(cases), arguments, cases, torch)
    if "fatal" in runs:
        verdict["failure"] = runs["fatal"]
        return _cases_report(verdict, started)
    for number, ((label, case), expected) in enumerate(zip(cases, expected_values, strict=True)):
        failure: dict[str, Any] = {"case": label, "inputs": _shown_args(case)}
        run = runs.get(number)
        if run is None:
            failure.update(error=runs.get("ended", "your code ended the run before this case"))
        elif "error" in run:
            failure.update(error=run["error"], line=run.get("line"))
        else:
            got = run["got"]
            problem = compare(got, expected, request.get("rtol"), request.get("atol"))
            if problem is None:
                verdict["passed"] += 1
                continue
            failure.update(expected=_shown(expected), got=_shown(got), problem=problem)
        verdict["failure"] = verdict["failure"] or failure
    return _cases_report(verdict, started)


# The student's function runs in a process of its own, a child of the runner: it never holds
# the runner's result channel, nor the comparison (which happens here, in the runner, on the
# values it sends back), so it cannot forge its verdict or bend how it is compared. Each case
# comes back as a frame: a length, then the value as torch.save writes it, read back with
# weights_only=True (plain values and tensors only).

RESULT_CHANNEL: list[int] = []
"""The runner's descriptor of its result channel to the worker, which the student's process
closes first thing."""
FRAME_HEADER = 4


def _student_runs(
    source: str,
    name: str,
    count: int,
    arguments: Any,
    cases: list[tuple[str, Any]],
    torch: Any,
) -> dict[Any, Any]:
    """Run the student's function on every case in a child process; by case number, what
    it returned ({"got": value}) or raised ({"error", "line"}). "fatal": the failure that
    stopped every case (it did not compile, raised as it was defined, defined no such
    function); "ended": why the cases it never reached were not run (it exited, crashed)."""
    reading, writing = channel_pair()
    pid = os.fork()
    if pid == 0:  # the student's process: never returns
        status = 0
        try:
            os.close(reading)
            for fd in RESULT_CHANNEL:
                os.close(fd)
            _student_process(writing, source, name, cases, arguments, torch)
        except BaseException:  # noqa: BLE001 - whatever it did, it ends here
            status = 1
        finally:
            os._exit(status)
    os.close(writing)
    data, status = _gather(reading, pid)
    runs: dict[Any, Any] = {}
    for frame in _frames(data):
        report = _loaded(frame, torch)
        if not isinstance(report, dict):
            continue
        if "fatal" in report and isinstance(report["fatal"], dict):
            return {"fatal": {k: v for k, v in report["fatal"].items() if k in ("error", "line")}}
        number = report.get("case")
        if isinstance(number, int) and 0 <= number < count and number not in runs:
            if "unsendable" in report:
                runs[number] = {"error": str(report["unsendable"])[:SHOWN]}
            elif "got" in report:
                runs[number] = {"got": report["got"]}
            else:
                line = report.get("line")
                runs[number] = {
                    "error": str(report.get("error", "failed"))[:SHOWN],
                    "line": line if isinstance(line, int) else None,
                }
    if len(runs) < count:
        if os.WIFSIGNALED(status):
            ended = f"your code crashed ({signal.Signals(os.WTERMSIG(status)).name})"
        else:
            ended = f"your code ended the run (exit status {os.WEXITSTATUS(status)})"
        runs["ended"] = ended
    return runs


def _gather(fd: int, pid: int) -> tuple[bytes, int]:
    """Everything the student's process sends until it ends (not until its channel closes:
    a process it left behind could hold that open), and its wait status."""
    chunks: list[bytes] = []
    status: int | None = None
    while status is None:
        ready, _, _ = select.select([fd], [], [], TICK)
        if ready:
            chunk = os.read(fd, CHUNK)
            if chunk:
                chunks.append(chunk)
                continue
        ended, code = os.waitpid(pid, os.WNOHANG)
        if ended:
            status = code
    os.set_blocking(fd, False)
    while True:
        try:
            chunk = os.read(fd, CHUNK)
        except (BlockingIOError, OSError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks), status


def _frames(data: bytes) -> list[bytes]:
    frames = []
    at = 0
    while at + FRAME_HEADER <= len(data):
        size = int.from_bytes(data[at : at + FRAME_HEADER], "big")
        frame = data[at + FRAME_HEADER : at + FRAME_HEADER + size]
        if len(frame) < size:
            break
        frames.append(frame)
        at += FRAME_HEADER + size
    return frames


def _loaded(frame: bytes, torch: Any) -> Any:
    """A frame's value: tensors and plain values only, never an object of the sender's."""
    import io

    if torch is None:
        try:
            return json.loads(frame)
        except ValueError:
            return None
    try:
        return torch.load(io.BytesIO(frame), weights_only=True)
    except Exception:  # noqa: BLE001 - a frame that is not one is ignored
        return None


def _send_frame(fd: int, report: dict[str, Any], torch: Any) -> None:
    import io

    if torch is None:
        data = json.dumps(report, default=repr).encode()
    else:
        buffer = io.BytesIO()
        try:
            torch.save(report, buffer)
        except Exception:  # noqa: BLE001 - a value torch cannot save is named instead
            buffer = io.BytesIO()
            got = report.get("got")
            unsendable = f"returned {_shown(got)}, which cannot be compared with the expected value"
            torch.save({"case": report.get("case"), "unsendable": unsendable}, buffer)
        data = buffer.getvalue()
    message = len(data).to_bytes(FRAME_HEADER, "big") + data
    view = memoryview(message)
    while view:
        view = view[os.write(fd, view) :]


def _student_process(
    fd: int, source: str, name: str, cases: list[tuple[str, Any]], arguments: Any, torch: Any
) -> None:
    """In the student's process: define the function, call it on each case (seeded, then
    prepared, as the reference's call was), and send back what came of each."""
    student = _student_function(source, name)
    if isinstance(student, dict):
        _send_frame(fd, {"fatal": student}, torch)
        return
    for number, _ in enumerate(cases):
        try:
            if torch is not None:
                torch.manual_seed(number)
            got = student(**arguments(cases[number][1]))
        except BaseException as exc:  # noqa: BLE001 - the student's error is the verdict
            error = _exception_line(exc)
            _send_frame(
                fd, {"case": number, "error": error, "line": _student_line(exc, source)}, torch
            )
            continue
        _send_frame(fd, {"case": number, "got": _sendable(got, torch)}, torch)


def _sendable(value: Any, torch: Any) -> Any:
    """A returned value as it can travel: tensors detached and on the CPU, NumPy values as
    tensors, containers of them as lists; anything else as it is (torch.save may refuse)."""
    if torch is not None and torch.is_tensor(value):
        return value.detach().cpu()
    if hasattr(value, "dtype") and hasattr(value, "shape") and torch is not None:
        try:
            return torch.as_tensor(value)
        except (TypeError, ValueError, RuntimeError):
            return value
    if isinstance(value, (list, tuple)):
        return [_sendable(v, torch) for v in value]
    if isinstance(value, dict):
        return {k: _sendable(v, torch) for k, v in value.items()}
    return value


def _cases_report(verdict: dict[str, Any], started: float) -> dict[str, Any]:
    return {"ok": True, "value": verdict, "seconds": time.perf_counter() - started}


def _student_function(source: str, name: str) -> Any:
    """The student's function, or the failure that stops every case (it does not compile,
    raises as it is defined, or defines no such function)."""
    try:
        code = compile(source, STUDENT_FILE, "exec")
    except SyntaxError as exc:
        return {"error": f"SyntaxError: {exc.msg}", "line": exc.lineno}
    except ValueError as exc:
        return {"error": f"cannot be compiled: {exc}"}
    namespace: dict[str, Any] = {"__name__": "__quiz_answer__", "__builtins__": __builtins__}
    try:
        exec(code, namespace)  # noqa: S102 - the student's code is what is judged
    except BaseException as exc:  # noqa: BLE001
        return {"error": _exception_line(exc), "line": _student_line(exc, source)}
    function = namespace.get(name)
    if not callable(function):
        return {"error": f"no function {name}() is defined"}
    return function


def _accepts(function: Any, name: str) -> bool:
    import inspect

    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    kinds = (inspect.Parameter.VAR_KEYWORD,)
    return name in parameters or any(p.kind in kinds for p in parameters.values())


def compare(got: Any, expected: Any, rtol: Any, atol: Any) -> str | None:
    """None if `got` matches `expected` (torch.testing.assert_close, dtypes aside: a number
    and a one-element tensor of it match); else what differs, in a line or two. A string,
    bool or None is matched exactly, by a value of its own type."""
    torch = sys.modules.get("torch")
    if isinstance(expected, (str, bytes, bool)) or expected is None or torch is None:
        if torch is not None and torch.is_tensor(got) and got.numel() == 1:
            got = got.item()
        same = type(got) is type(expected) and got == expected
        return None if same else "not equal"
    got, expected = _comparable(torch, got), _comparable(torch, expected)
    tolerances = {}
    if rtol is not None or atol is not None:
        tolerances = {"rtol": float(rtol or 0.0), "atol": float(atol or 0.0)}
    try:
        torch.testing.assert_close(
            got, expected, check_dtype=False, check_device=False, equal_nan=True, **tolerances
        )
    except AssertionError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        return " ".join(lines[:3])[:SHOWN]
    except (TypeError, ValueError, RuntimeError) as exc:
        return str(exc).splitlines()[0][:SHOWN] if str(exc) else type(exc).__name__
    return None


def _comparable(torch: Any, value: Any) -> Any:
    """Numbers as float64 tensors, and lists of numbers too, so that 1, 1.0, [1.0] read as
    the tensors they stand for; tensors, and nested lists of them, as they are."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return torch.tensor(float(value), dtype=torch.float64)
    if hasattr(value, "item") and hasattr(value, "dtype") and not torch.is_tensor(value):
        try:
            return torch.as_tensor(value)
        except (TypeError, ValueError, RuntimeError):
            return value
    if isinstance(value, (list, tuple)):
        # [] stands for an empty tensor as [1, 2] stands for a tensor of two.
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return torch.tensor([float(v) for v in value], dtype=torch.float64)
        return [_comparable(torch, v) for v in value]
    return value


def _exception_line(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}"[:SHOWN] if message else type(exc).__name__


def _student_line(exc: BaseException, source: str) -> int | None:
    """The line of the student's code where `exc` was raised (its last frame there)."""
    lines = [
        frame.lineno for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename == STUDENT_FILE
    ]  # fmt: skip
    if isinstance(exc, SyntaxError) and exc.filename == STUDENT_FILE:
        return exc.lineno
    return lines[-1] if lines else None


def _shown(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001
        text = f"<a {type(value).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _shown_args(case: dict[str, Any]) -> str:
    return _shown_text(", ".join(f"{key}={_shown(value)}" for key, value in case.items()))


def _shown_text(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


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


def plain_value(value: Any, depth: int = 0, *, name: str = "answer") -> Any:
    """What answer() (or the function `name`) returned, as JSON: numbers, strings, and
    lists of them (shapes)."""
    if depth > 32:
        raise TypeError(f"{name}() returned a value nested too deep to compare with a key")
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if hasattr(value, "tolist") and hasattr(value, "numel"):  # a tensor
        return plain_value(value.tolist(), depth + 1, name=name)
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (list, tuple)):
        return plain_value(value.item(), depth + 1, name=name)  # a NumPy scalar
    if isinstance(value, (list, tuple)):  # torch.Size is a tuple
        return [plain_value(v, depth + 1, name=name) for v in value]
    raise TypeError(
        f"{name}() returned a {type(value).__name__}, which cannot be compared with a key"
        " (return a number, a string, or a list or tuple of them)"
    )


# -- the worker's side of a job --------------------------------------------------------------


def read_from(job: Run, fd: int, channel: Channel, *, final: bool = False) -> bool:
    """Take what a pipe holds now; False once it has nothing more (closed at its end, or,
    when `final`, nothing left after the tree that wrote it is gone)."""
    try:
        chunk = os.read(fd, CHUNK)
    except BlockingIOError:
        if final:
            close_pipe(job, fd)
        return False
    except OSError:
        chunk = b""
    if not chunk:
        close_pipe(job, fd)
        return False
    if fd == job.result_fd:
        if len(job.result) < 16 * 1024 * 1024:
            job.result += chunk
        return True
    cap = int(job.request.get("max_output", 200_000))
    room = cap - len(job.output)
    kept = chunk[: max(0, room)]
    job.output += kept
    job.dropped += len(chunk) - len(kept)
    if kept and job.request.get("stream"):
        channel.send({"id": job.request["id"], "output": kept.decode("utf-8", "replace")})
    return True


def close_pipe(job: Run, fd: int) -> None:
    os.close(fd)
    if fd == job.output_fd:
        job.output_fd = -1
    elif fd == job.result_fd:
        job.result_fd = -1


def stop(job: Run, reason: str) -> None:
    """Kill a run: its runner and everything below it."""
    job.killed_for = reason
    job.touched |= kill_tree(job.pid, with_root=True)


def _decoded(data: bytearray) -> dict[str, Any]:
    try:
        value = json.loads(data) if data else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def finish(job: Run, channel: Channel) -> None:
    # The runner has ended, and its tree with it: read what the channels still hold, without
    # waiting for an end that a process outside the tree could hold back.
    for fd in job_fds(job):
        while read_from(job, fd, channel, final=True):
            pass
    touched = job.touched | written_paths(job.run_dir)
    shutil.rmtree(job.run_dir, ignore_errors=True)
    for folder, before in job.before.items():
        remove_leftovers(folder, before, touched)
    report = _decoded(job.result)
    status = job.exit_status or 0
    if job.killed_for is not None:
        report = {"ok": False, "error": job.killed_for}
    elif not report or "ok" not in report:
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
    )
    report.setdefault("device", job.request.get("device", "cpu"))
    channel.send(report)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        run_one(int(sys.argv[2]))
    try:
        main(int(sys.argv[1]))
    except KeyboardInterrupt:
        pass
