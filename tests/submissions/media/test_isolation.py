"""The pipeline run in a child process: same verdicts, and a runaway parser costs only the child."""

import subprocess
import time

import pytest

from submissions.media.errors import MediaFailed, MediaRejected, Reason
from submissions.media.isolation import process_file_isolated
from submissions.media.limits import MediaLimits
from tests.factories.media_files import make_video


def test_isolated_run_returns_renditions_and_progress(tmp_path):
    video = make_video(tmp_path / "clip.mp4", seconds=1)
    seen = []
    result = process_file_isolated(
        path=video,
        kind="video",
        out_dir=tmp_path / "out",
        limits=MediaLimits(),
        on_progress=seen.append,
        timeout_seconds=120,
    )
    names = sorted(r.name for r in result.renditions)
    assert "poster.jpg" in names
    assert all((tmp_path / "out" / name).exists() for name in names)
    assert seen[-1] == pytest.approx(100, abs=1)


def test_isolated_run_passes_rejection_with_its_reason(tmp_path):
    page = tmp_path / "video.mp4"
    page.write_text("<!DOCTYPE html><html><script>alert(1)</script></html>")
    with pytest.raises(MediaRejected) as rejected:
        process_file_isolated(
            path=page, kind="video", out_dir=tmp_path / "out", limits=MediaLimits(), timeout_seconds=60
        )
    assert rejected.value.code == Reason.WEB_PAGE
    assert rejected.value.reason


def test_isolated_run_over_time_limit_fails_cleanly(tmp_path):
    video = make_video(tmp_path / "clip.mp4", seconds=20, size="1280x720", audio=False, tagged=False)
    # The wall-clock deadline or the CPU limit derived from it stops it first, depending on how busy the
    # machine is (FFmpeg's threads spend CPU seconds faster than wall seconds on an idle one).
    with pytest.raises(MediaFailed, match=r"time limit|CPU"):
        process_file_isolated(
            path=video, kind="video", out_dir=tmp_path / "out", limits=MediaLimits(), timeout_seconds=1.5
        )
    assert not list((tmp_path / "out").glob("*.mp4"))
    # The child's FFmpeg went with it: nothing is left running on the file.
    time.sleep(0.5)
    still_running = subprocess.run(
        ["pgrep", "-f", str(tmp_path / "out")], capture_output=True, text=True, check=False
    )
    assert still_running.stdout.strip() == ""


def test_isolated_run_out_of_memory_fails_without_harming_the_caller(tmp_path):
    video = make_video(tmp_path / "clip.mp4", seconds=1)
    with pytest.raises(MediaFailed):
        process_file_isolated(
            path=video,
            kind="video",
            out_dir=tmp_path / "out",
            limits=MediaLimits(),
            timeout_seconds=60,
            memory_bytes=48 * 1024 * 1024,
        )
    # The caller goes on: the next file is processed normally.
    result = process_file_isolated(
        path=video, kind="video", out_dir=tmp_path / "again", limits=MediaLimits(), timeout_seconds=120
    )
    assert result.renditions


def test_isolated_run_works_inside_a_daemonic_worker_process(tmp_path):
    """Celery's prefork pool runs tasks in daemonic processes, which multiprocessing forbids to have children."""
    import multiprocessing

    from tests.submissions.media.daemon_helper import process_in_daemon

    video = make_video(tmp_path / "clip.mp4", seconds=1)
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    worker = context.Process(target=process_in_daemon, args=(video, tmp_path / "out", answers), daemon=True)
    worker.start()
    verdict, detail = answers.get(timeout=180)
    worker.join(timeout=10)
    assert verdict == "ok", detail
    assert "poster.jpg" in detail
