"""The recap renderer against ONE bare FFmpeg command with the same filter graph.

20 clips of 15 s at 1080p (moving test pattern, a tone each) become a 1080p 16:9 recap with title and end
cards, logo, credits and crossfades. Prints wall and CPU time of our renderer (loudness passes, the graph,
the poster, progress reporting, limits) and of the bare command (the final graph only, run with
subprocess and nothing else), their ratio (goal ≤ 1.15), and media seconds per wall second.

    .venv/bin/python bench/recap.py [--clips 20] [--seconds 15] [--short-side 1080] [--batch-size 24]
    (--batch-size below the segment count measures the batched path for long recaps)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw

from submissions.media import ffmpeg
from submissions.media.render import recap

GOAL_RATIO = 1.15


def make_clip(path: Path, seconds: int, index: int, short_side: int) -> Path:
    if path.exists():
        return path
    width = round(short_side * 16 / 9 / 2) * 2
    picture = f"testsrc2=size={width}x{short_side}:rate=30:duration={seconds}"
    tone = f"sine=frequency={300 + 40 * index}:sample_rate=48000:duration={seconds}"
    subprocess.run(
        [ffmpeg.ffmpeg_binary(), "-hide_banner", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", tone,
         "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-b:a", "128k", str(path)],
        check=True,
    )  # fmt: skip
    return path


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(work) -> tuple[float, float, object]:
    wall, cpu = time.monotonic(), children_cpu()
    result = work()
    return time.monotonic() - wall, children_cpu() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--short-side", type=int, default=1080)
    parser.add_argument("--batch-size", type=int, default=recap.BATCH_SIZE)
    options = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "kmm-bench-recap"
    cache.mkdir(exist_ok=True)
    sources = [
        make_clip(cache / f"clip-{options.short_side}-{options.seconds}-{i:03d}.mp4", options.seconds, i,
                  options.short_side)
        for i in range(options.clips)
    ]  # fmt: skip
    logo = cache / "logo.png"
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 390, 390), fill=(255, 200, 0, 255))
    image.save(logo)
    clips = [
        recap.probe_clip(path, credit=f"Nhóm {i + 1}: Trường THCS Trần Phú") for i, path in enumerate(sources)
    ]
    spec = recap.RecapSpec(
        title="Ngày hội An toàn trực tuyến",
        end_text="Cảm ơn các bạn!",
        short_side=options.short_side,
        logo=logo,
    )
    media_seconds = recap.recap_seconds(clips, spec)
    print(f"{options.clips} clips × {options.seconds} s at {options.short_side}p → recap of {media_seconds:.1f} s "
          f"({os.cpu_count()} CPUs, batch size {options.batch_size})")  # fmt: skip

    with tempfile.TemporaryDirectory(prefix="kmm-bench-recap-") as scratch:
        work = Path(scratch)
        ours_wall, ours_cpu, result = timed(
            lambda: recap.render_recap(
                clips, spec, work / "ours", work / "ours-work", batch_size=options.batch_size
            )
        )
        # The same final graph (same measured gains) as one plain command, no wrapper at all.
        measured = [
            recap.dataclasses.replace(c, loudness=recap.measure_loudness(c.path, work)) for c in clips
        ]
        segments = recap.plan_segments(measured, spec)
        plan = recap._Plan(
            spec=spec,
            work_dir=work / "bare-work",
            font=recap.bundled_font(work),
            fade=recap.crossfade_seconds(spec, segments),
            logo=recap.prepared_logo(spec, work),
        )
        plan.work_dir.mkdir()
        args = ffmpeg.command(recap._graph(segments, plan, work / "bare.mp4", final=True), progress=False)
        print(f"ours (measure + render + poster): wall {ours_wall:7.1f} s  cpu {ours_cpu:7.1f} s  "
              f"passes {result.passes}  {media_seconds / ours_wall:5.2f} media s per wall s")  # fmt: skip
        graph_kib = max(len(arg) for arg in args) / 1024
        try:
            bare_wall, bare_cpu, _ = timed(lambda: subprocess.run(args, check=True, capture_output=True))
        except OSError as error:
            print(
                f"bare ffmpeg (one command): cannot start, its filter graph is {graph_kib:.0f} KiB: {error}"
            )
            return

    print(f"bare ffmpeg (one command):        wall {bare_wall:7.1f} s  cpu {bare_cpu:7.1f} s  "
          f"{media_seconds / bare_wall:5.2f} media s per wall s")  # fmt: skip
    ratio = ours_wall / bare_wall
    print(f"ratio wall {ratio:.3f}  cpu {ours_cpu / bare_cpu:.3f}  (goal ≤ {GOAL_RATIO})"
          f"  {'OK' if ratio <= GOAL_RATIO else 'OVER'}")  # fmt: skip


if __name__ == "__main__":
    main()
