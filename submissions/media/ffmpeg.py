"""The one place that runs FFmpeg (DESIGN.md §4.3, §4.5).

Graphs are built with ffmpeg-python and always run here: as an argument list (never a shell), with no
standard input, reading only local files (`-protocol_whitelist file`) of the demuxers expected for the kind
(`-format_whitelist`: the protocol whitelist alone lets a playlist disguised as a video read other local
files), writing no metadata, under a wall-clock timeout and CPU, memory and file-size limits.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import ffmpeg as ffmpeg_python

from submissions.media.errors import MediaFailed, MediaRejected, Reason
from submissions.media.limits import MediaKind
from submissions.media.progress import ProgressCallback
from submissions.media.rlimits import limited

FFMPEG_BINARY_ENV = "FFMPEG_BINARY"
NEUTRAL_NAME = "input"

# Demuxer names as FFmpeg spells them; a demuxer is allowed when one of its names is listed.
VIDEO_DEMUXERS: tuple[str, ...] = ("mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm")
AUDIO_DEMUXERS: tuple[str, ...] = (
    "mp3",
    "wav",
    "mov",
    "mp4",
    "m4a",
    "3gp",
    "ogg",
    "flac",
    "aac",
    "matroska",
    "webm",
)
DEMUXERS: dict[MediaKind, tuple[str, ...]] = {
    MediaKind.VIDEO: VIDEO_DEMUXERS,
    MediaKind.AUDIO: AUDIO_DEMUXERS,
}

# Output options that keep every tag, chapter and encoder string out of what we write.
SCRUB_OPTIONS: dict[str, str] = {
    "map_metadata": "-1",
    "map_chapters": "-1",
    "fflags": "+bitexact",
    "flags:v": "+bitexact",
    "flags:a": "+bitexact",
    # Even bitexact leaves "Lavc libx264" as the MP4 compressor name; an empty tag leaves none.
    "metadata:s:v": "encoder=",
    "metadata:s:a": "encoder=",
}

# Lines of FFmpeg's stderr that mean the input is broken, not that we are.
_INPUT_FAULTS: tuple[str, ...] = (
    "Invalid data found when processing input",
    "moov atom not found",
    "could not find codec parameters",
    "not on whitelist",
    "Invalid NAL unit size",
    "End of file",
    "Error while decoding",
    "Error submitting packet to decoder",
    "Output file does not contain any stream",
    "does not contain any stream",
)


@dataclass(frozen=True, slots=True)
class Budget:
    """How much one FFmpeg run may take before it is stopped."""

    wall_seconds: float
    cpu_seconds: int
    memory_bytes: int = 4 * 1024**3
    output_bytes: int = 4 * 1024**3


@dataclass(frozen=True, slots=True)
class FfmpegResult:
    args: list[str]
    error_lines: int
    stderr_tail: str
    wall_seconds: float


def budget_for(media_seconds: float | None) -> Budget:
    """A generous budget for media of that length: 2 min plus 8× real time, on every core."""
    wall = min(120 + 8 * (media_seconds or 60), 3 * 3600)
    return Budget(wall_seconds=wall, cpu_seconds=int(wall * (os.cpu_count() or 1)))


def ffmpeg_binary() -> str:
    configured = os.environ.get(FFMPEG_BINARY_ENV)
    if configured:
        return configured
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def neutral_copy(source: Path, work_dir: Path) -> Path:
    """Put the file under a name that says nothing (no user name, no extension FFmpeg could guess from)."""
    target = work_dir / NEUTRAL_NAME
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copyfile(source, target)
        except OSError as error:
            raise MediaFailed(f"cannot copy the stored file: {error}") from error
    return target


def open_input(path: Path, formats: Iterable[str], **options: Any) -> Any:
    """An ffmpeg-python input node for a local file, limited to the given demuxers."""
    return ffmpeg_python.input(
        f"file:{path}", format_whitelist=",".join(formats), protocol_whitelist="file", **options
    )


# Sources FFmpeg generates itself (no file is read); their parameters are ours, never user text.
GENERATORS: frozenset[str] = frozenset({"color", "anullsrc"})
_GENERATOR_VALUE = re.compile(r"^[0-9A-Za-z._/]+$")


def generated(name: str, *, instance: str, **params: str | int | float) -> Any:
    """An ffmpeg-python input node for a lavfi generator: a coloured card, silence. `instance` names it
    (ffmpeg-python merges equal nodes, so two identical cards need different names)."""
    if name not in GENERATORS:
        raise ValueError(f"not a whitelisted generator: {name}")
    values = [f"{key}={value}" for key, value in params.items()]
    if not all(_GENERATOR_VALUE.fullmatch(str(value)) for value in [instance, *params.values()]):
        raise ValueError(f"unexpected characters in generator parameters: {values}")
    return ffmpeg_python.input(f"{name}@{instance}=" + ":".join(values), f="lavfi")


def output(*streams: Any, path: Path, **options: Any) -> Any:
    return ffmpeg_python.output(*streams, f"file:{path}", **{**SCRUB_OPTIONS, **options})


def merge(*outputs: Any) -> Any:
    """One FFmpeg run writing several outputs from a single decode."""
    return ffmpeg_python.merge_outputs(*outputs)


def command(node: Any, *, progress: bool = True) -> list[str]:
    """The full argument list for a graph, global options first."""
    global_args = ["-hide_banner", "-nostdin", "-y", "-v", "error"]
    if progress:
        global_args += ["-progress", "pipe:1", "-nostats"]
    return [ffmpeg_binary(), *global_args, *node.get_args()]


def run(
    node: Any,
    *,
    duration: float | None,
    budget: Budget | None = None,
    on_progress: ProgressCallback | None = None,
) -> FfmpegResult:
    return run_args(command(node), duration=duration, budget=budget, on_progress=on_progress)


def run_args(
    args: list[str],
    *,
    duration: float | None,
    budget: Budget | None = None,
    on_progress: ProgressCallback | None = None,
) -> FfmpegResult:
    """Run FFmpeg; raise MediaRejected when it says the input is broken, MediaFailed for anything else."""
    budget = budget or budget_for(duration)
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            limited(
                list(args),
                cpu_seconds=budget.cpu_seconds,
                memory_bytes=budget.memory_bytes,
                output_bytes=budget.output_bytes,
            ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            # A process group of its own, for killpg, but not a session of its own: where the kernel groups
            # sessions for scheduling (autogroup), a new session is a new group at full weight, whatever the
            # worker's nice, and under the deadline rush transcoding took a core from the web.
            process_group=0,
            env=_child_environment(),
        )
    except OSError as error:
        raise MediaFailed(f"cannot start ffmpeg ({args[0]}): {error}") from error
    progress: queue.Queue[float] = queue.Queue()
    stderr_lines: deque[str] = deque(maxlen=60)
    error_count = [0]
    readers = [
        threading.Thread(target=_read_progress, args=(process.stdout, duration, progress), daemon=True),
        threading.Thread(target=_read_stderr, args=(process.stderr, stderr_lines, error_count), daemon=True),
    ]
    for reader in readers:
        reader.start()
    _running.add(process)
    try:
        timed_out = _wait(process, started + budget.wall_seconds, progress, on_progress)
    except BaseException:
        # Stopped from outside (SIGTERM, a dead parent): FFmpeg runs in its own session, so take it along.
        _kill_group(process)
        raise
    finally:
        _running.discard(process)
    for reader in readers:
        reader.join(timeout=5)
    result = FfmpegResult(
        args=args,
        error_lines=error_count[0],
        stderr_tail="\n".join(stderr_lines),
        wall_seconds=time.monotonic() - started,
    )
    _raise_for_exit(process.returncode, timed_out, budget, result)
    if on_progress:
        on_progress(100.0)
    return result


def _wait(
    process: subprocess.Popen[bytes],
    deadline: float,
    progress: queue.Queue[float],
    on_progress: ProgressCallback | None,
) -> bool:
    """Wait for FFmpeg, passing progress on in the caller's thread; kill it at the deadline."""
    reported = -1.0
    while process.poll() is None:
        if time.monotonic() > deadline:
            _kill_group(process)
            return True
        try:
            percent = progress.get(timeout=0.2)
        except queue.Empty:
            continue
        while not progress.empty():
            percent = progress.get_nowait()
        if on_progress and int(percent) > int(reported):
            on_progress(percent)
            reported = percent
    return False


_running: set[subprocess.Popen[bytes]] = set()


def kill_running() -> None:
    """Kills every FFmpeg this process started and has not seen end (used when the process must stop)."""
    for process in list(_running):
        _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _raise_for_exit(returncode: int, timed_out: bool, budget: Budget, result: FfmpegResult) -> None:
    if timed_out:
        raise MediaFailed(f"ffmpeg stopped after {budget.wall_seconds:.0f} s wall-clock timeout")
    if returncode < 0:
        name = signal.Signals(-returncode).name if -returncode in signal.valid_signals() else str(-returncode)
        raise MediaFailed(
            f"ffmpeg killed by {name} (CPU, memory or output limit?): {result.stderr_tail[-800:]}"
        )
    if returncode == 0:
        return
    if any(fault in result.stderr_tail for fault in _INPUT_FAULTS):
        raise MediaRejected(Reason.DAMAGED)
    raise MediaFailed(f"ffmpeg exited with {returncode}: {result.stderr_tail[-800:]}")


def _child_environment() -> dict[str, str]:
    """FFmpeg needs nothing from our environment; keep secrets in it out of the child."""
    # Few malloc arenas: each thread's own arena reserves 64 MiB of address space, and a graph with many
    # inputs has many threads; under RLIMIT_AS that reservation, not real use, would stop FFmpeg.
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "MALLOC_ARENA_MAX": "2"}


def _read_progress(stream: IO[bytes], duration: float | None, sink: queue.Queue[float]) -> None:
    for raw in stream:
        key, _, value = raw.decode("ascii", "replace").strip().partition("=")
        if key == "out_time_us" and duration and value.lstrip("-").isdigit():
            sink.put(max(0.0, min(99.0, int(value) / 1e6 / duration * 100)))
        elif key == "progress" and value == "end":
            sink.put(99.0)


def _read_stderr(stream: IO[bytes], tail: deque[str], error_count: list[int]) -> None:
    for raw in stream:
        tail.append(raw.decode("utf-8", "replace").rstrip())
        error_count[0] += 1
