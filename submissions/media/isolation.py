"""The whole pipeline in a child process with its own limits (DESIGN.md §4.5).

FFmpeg already runs sandboxed, but probing parses the untrusted file in Python (PyAV, Pillow, pypdf,
pypdfium2, python-docx). Running `process_file` in a child process (a fresh interpreter: the worker has
threads and database connections that a fork would copy) with an address-space cap, a CPU-time cap and a
wall-clock deadline means a file that drives one of those parsers into a memory bomb or an
endless loop costs one child, never the worker: the job ends `failed` (ours to look at) and the worker
goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import threading
import time
from pathlib import Path
from typing import Any

from submissions.media import ffmpeg
from submissions.media.errors import MediaFailed, MediaRejected, Reason
from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.pipeline import process_file
from submissions.media.progress import ProgressCallback
from submissions.media.results import PipelineResult

DEFAULT_MEMORY_BYTES = 3 * 1024**3
POLL_SECONDS = 0.5


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
    context = multiprocessing.get_context("spawn")
    progress = context.Value("d", 0.0, lock=False)
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(
        target=_run_child,
        args=(writer, progress, Path(path), str(kind), Path(out_dir), limits, memory_bytes, timeout_seconds),
        daemon=True,
    )
    child.start()
    writer.close()
    outcome = _wait(child, reader, progress, on_progress, deadline=time.monotonic() + timeout_seconds)
    if on_progress:
        on_progress(progress.value)
    return _unpack(outcome, child.exitcode)


def _wait(child, reader, progress, on_progress, *, deadline: float) -> tuple | None:
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise MediaFailed("processing took longer than the job's time limit")
            if reader.poll(min(POLL_SECONDS, remaining)):
                try:
                    return reader.recv()
                except EOFError:
                    return None
            if on_progress:
                on_progress(progress.value)
            if not child.is_alive() and not reader.poll():
                return None
    finally:
        reader.close()
        _stop(child)


def _stop(child) -> None:
    child.join(timeout=1)
    if child.is_alive():
        # SIGTERM first: the child stops its FFmpeg (which runs in a session of its own) on the way out.
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGTERM)
        child.join(timeout=5)
    if child.is_alive():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.join(timeout=5)


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


def _run_child(writer, progress, path, kind, out_dir, limits, memory_bytes, timeout_seconds) -> None:
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGTERM, _stop_on_signal)
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        cpu = int(timeout_seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        writer.send(_outcome(progress, path, kind, out_dir, limits))
        writer.close()
    finally:
        os._exit(0)


def _stop_on_signal(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _exit_with_parent(parent_pid: int) -> None:
    """A worker killed outright (SIGKILL) cannot stop its child: the child notices and stops itself."""
    while os.getppid() == parent_pid:
        time.sleep(1)
    ffmpeg.kill_running()
    os._exit(1)


def _outcome(progress, path, kind, out_dir, limits) -> tuple[Any, ...]:
    def report(percent: float) -> None:
        progress.value = percent

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
