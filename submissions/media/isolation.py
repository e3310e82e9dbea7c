"""The whole pipeline in a child process with its own limits (DESIGN.md §4.5).

FFmpeg already runs sandboxed, but probing parses the untrusted file in Python (PyAV, Pillow, pypdf,
pypdfium2, python-docx). Running `process_file` in a child process (a fresh interpreter: the worker has
threads and database connections that a fork would copy) with an address-space cap, a CPU-time cap and a
wall-clock deadline means a file that drives one of those parsers into a memory bomb or an
endless loop costs one child, never the worker: the job ends `failed` (ours to look at) and the worker
goes on.

The child is a plain `subprocess` running this module, not a `multiprocessing` process: Celery's prefork
pool runs tasks in daemonic processes, and `multiprocessing` refuses to start children from those
("daemonic processes are not allowed to have children"). The child talks back over a pipe of its own
(never stdout, which FFmpeg or a library might write to): progress messages, then one outcome.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

from submissions.media import ffmpeg
from submissions.media.errors import MediaFailed, MediaRejected, Reason
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.pipeline import process_file
from submissions.media.progress import ProgressCallback
from submissions.media.results import PipelineResult

DEFAULT_MEMORY_BYTES = 3 * 1024**3
POLL_SECONDS = 0.5
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def process_file_isolated(
    *,
    path: Path,
    kind: MediaKind | str,
    out_dir: Path,
    limits: MediaLimits,
    on_progress: ProgressCallback | None = None,
    timeout_seconds: float,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
) -> PipelineResult:
    """`process_file` in a child process; same result and errors. Raises MediaFailed if the child runs out
    of time or memory, or dies."""
    job = (Path(path), str(kind), Path(out_dir), limits, memory_bytes, timeout_seconds)
    reader_fd, writer_fd = os.pipe()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
    }
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "submissions.media.isolation", str(writer_fd)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            pass_fds=(writer_fd,),
            process_group=0,  # a group to kill; the worker's session, so its CPU priority (see ffmpeg.py)
            cwd=PROJECT_ROOT,
            env=env,
        )
    finally:
        os.close(writer_fd)
    try:
        try:
            child.stdin.write(pickle.dumps(job))
            child.stdin.close()
        except BrokenPipeError:
            pass
        progress = 0.0

        def report(value: float) -> None:
            nonlocal progress
            progress = value
            if on_progress:
                on_progress(value)

        outcome = _wait(child, _Messages(reader_fd), report, deadline=time.monotonic() + timeout_seconds)
    finally:
        os.close(reader_fd)
    if on_progress:
        on_progress(progress)
    return _unpack(outcome, child.returncode)


class _Messages:
    """Length-prefixed pickles read straight from the pipe, so nothing waits in a buffer that select cannot see."""

    HEADER = 4

    def __init__(self, fd: int):
        self.fd = fd
        self.pending = b""

    def receive(self, timeout: float) -> tuple | None:
        """The next message, None when the child closed the pipe, or raises TimeoutError."""
        while True:
            if len(self.pending) >= self.HEADER:
                size = int.from_bytes(self.pending[: self.HEADER], "big")
                if len(self.pending) >= self.HEADER + size:
                    body = self.pending[self.HEADER : self.HEADER + size]
                    self.pending = self.pending[self.HEADER + size :]
                    return pickle.loads(body)  # noqa: S301 - our own child, started by process_file_isolated
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                raise TimeoutError
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return None
            self.pending += chunk


def _wait(child: subprocess.Popen, messages: _Messages, report, *, deadline: float) -> tuple | None:
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise MediaFailed("processing took longer than the job's time limit")
            try:
                message = messages.receive(min(POLL_SECONDS, remaining))
            except TimeoutError:
                continue
            except pickle.UnpicklingError:
                return None
            if message is None or message[0] != "progress":
                return message
            report(message[1])
    finally:
        _stop(child)


def _stop(child: subprocess.Popen) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(timeout=1)
    if child.poll() is None:
        # SIGTERM first: the child stops its FFmpeg (which runs in a process group of its own) on the way out.
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=5)
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=5)


def _unpack(outcome: tuple | None, exitcode: int | None) -> PipelineResult:
    if outcome is None:
        if exitcode is not None and exitcode < 0:
            raise MediaFailed(
                f"the processing child was stopped by signal {-exitcode} (time or memory limit)"
            )
        raise MediaFailed(f"the processing child ended without a result (exit code {exitcode})")
    tag = outcome[0]
    if tag == "ok":
        return outcome[1]
    if tag == "rejected":
        raise MediaRejected(Reason(outcome[1]), **outcome[2])
    raise MediaFailed(outcome[1])


def _run_child(writer: BinaryIO, job: tuple) -> None:
    path, kind, out_dir, limits, memory_bytes, timeout_seconds = job
    signal.signal(signal.SIGTERM, _stop_on_signal)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = int(timeout_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    lock = threading.Lock()

    def send(message: tuple) -> None:
        body = pickle.dumps(message)
        with lock:
            writer.write(len(body).to_bytes(_Messages.HEADER, "big") + body)
            writer.flush()

    send(_outcome(send, path, kind, out_dir, limits))


def _stop_on_signal(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _exit_with_parent(parent_pid: int) -> None:
    """A worker killed outright (SIGKILL) cannot stop its child: the child notices and stops itself."""
    while os.getppid() == parent_pid:
        time.sleep(1)
    ffmpeg.kill_running()
    os._exit(1)


def _outcome(send, path, kind, out_dir, limits) -> tuple[Any, ...]:
    def report(percent: float) -> None:
        send(("progress", percent))

    try:
        return ("ok", process_file(path=path, kind=kind, out_dir=out_dir, limits=limits, on_progress=report))
    except MediaRejected as rejected:
        if _caused_by_memory(rejected):
            # A parser that ran out of the child's memory says "damaged"; the file may be fine: ours to retry.
            return ("failed", "the file needed more memory than a job may use")
        return ("rejected", str(rejected.code), rejected.params)
    except MediaFailed as failed:
        return ("failed", failed.detail)
    except MemoryError:
        return ("failed", "the file needed more memory than a job may use")
    except Exception as error:  # anything a hostile file provokes in a parser is our failure
        return ("failed", f"{type(error).__name__}: {error}"[:2000])


def _caused_by_memory(error: BaseException) -> bool:
    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _main(writer_fd: int) -> None:
    with os.fdopen(writer_fd, "wb") as writer:
        try:
            job = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - written by our parent
            _run_child(writer, job)
        except BrokenPipeError:
            pass
    os._exit(0)


if __name__ == "__main__":
    _main(int(sys.argv[1]))
