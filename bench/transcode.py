"""How much the media pipeline adds to FFmpeg when transcoding a video.

Makes a real-footage-like clip (1080p moving test pattern with film-grain noise and a tone, H.264/AAC as a
phone writes it), then times the whole pipeline for it (neutral copy, probe, 720p + 360p transcode, poster)
against the bare FFmpeg commands with exactly the same arguments, alternating the order pair by pair.

    python bench/transcode.py [--seconds 60] [--pairs 3]

The last line is a one-line summary; the goal is a ratio of at most 1.10.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from submissions.media import (
    MediaKind,
    MediaLimits,
    ffmpeg,
    probe_file,
    process_file,
)
from submissions.media.render.video import POSTER_NAME, poster_graph, transcode_graph

GOAL_RATIO = 1.10


def make_clip(path: Path, seconds: int) -> Path:
    if path.exists():
        return path
    picture = f"testsrc2=size=1920x1080:rate=30:duration={seconds},noise=alls=10:allf=t+u"
    subprocess.run(
        [ffmpeg.ffmpeg_binary(), "-hide_banner", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-b:a", "128k", "-metadata", "title=Bench clip", str(path)],
        check=True,
    )  # fmt: skip
    return path


def bare_commands(clip: Path, out_dir: Path, limits: MediaLimits) -> list[list[str]]:
    """The pipeline's own FFmpeg arguments, without progress reporting, run as plain commands."""
    probe = probe_file(clip, MediaKind.VIDEO, limits)
    out_dir.mkdir(parents=True, exist_ok=True)
    transcode = ffmpeg.command(transcode_graph(clip, out_dir, probe, limits), progress=False)
    poster = ffmpeg.command(
        poster_graph(out_dir / "video_720.mp4", out_dir / POSTER_NAME, probe.duration or 0), progress=False
    )
    return [transcode, poster]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: unlike wall time, barely moved by other load."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def run_bare(commands: list[list[str]]) -> None:
    for command in commands:
        subprocess.run(command, check=True, stdin=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.gettempdir()) / "khongmotminh-bench"
    work.mkdir(exist_ok=True)
    limits = MediaLimits()
    print(f"making a {args.seconds} s 1080p clip (kept in {work} for the next run)...", flush=True)
    clip = make_clip(work / f"clip-1080p-{args.seconds}s.mp4", args.seconds)
    commands = bare_commands(clip, work / "bare", limits)
    times: dict[str, list[tuple[float, float]]] = {"pipeline": [], "bare": []}
    runs: dict[str, Callable[[], object]] = {
        "pipeline": lambda: process_file(
            path=clip, kind=MediaKind.VIDEO, out_dir=work / "pipeline", limits=limits
        ),
        "bare": lambda: run_bare(commands),
    }
    for pair in range(args.pairs):
        # Alternate which runs first, so warm caches and thermal drift favour neither.
        for which in ("pipeline", "bare") if pair % 2 == 0 else ("bare", "pipeline"):
            wall, cpu = timed(runs[which])
            times[which].append((wall, cpu))
            print(f"pair {pair + 1}: {which:8} wall {wall:6.2f} s, cpu {cpu:6.2f} s", flush=True)
    pipeline = statistics.median(wall for wall, _ in times["pipeline"])
    bare = statistics.median(wall for wall, _ in times["bare"])
    pipeline_cpu = statistics.median(cpu for _, cpu in times["pipeline"])
    bare_cpu = statistics.median(cpu for _, cpu in times["bare"])
    ratio, cpu_ratio = pipeline / bare, pipeline_cpu / bare_cpu
    speed = args.seconds / pipeline
    print(
        f"median pipeline {pipeline:.2f} s wall / {pipeline_cpu:.2f} s cpu, bare {bare:.2f} s / {bare_cpu:.2f} s"
    )
    verdict = "ok" if ratio <= GOAL_RATIO else "OVER"
    print(f"ratio pipeline/bare: wall {ratio:.3f} (goal <= {GOAL_RATIO:.2f}: {verdict}), cpu {cpu_ratio:.3f}")
    print(f"media seconds per wall second: {speed:.2f}")
    print(
        f"summary: {args.seconds}s 1080p -> 720p+360p+poster: pipeline {pipeline:.2f}s, bare {bare:.2f}s, "
        f"wall ratio {ratio:.3f}, cpu ratio {cpu_ratio:.3f}, {speed:.2f} media s/s"
    )


if __name__ == "__main__":
    main()
