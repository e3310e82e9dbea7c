import os
import shutil
import subprocess
import time

import pytest

from submissions.media import ffmpeg
from submissions.media.errors import MediaFailed, MediaRejected, Reason
from tests.factories import media_files as make


def stale_atime(path):
    """Set the access time before the modification time, so that (with relatime) any read updates it."""
    status = path.stat()
    os.utime(path, (status.st_mtime - 1000, status.st_mtime))
    return path.stat().st_atime


def copy_graph(source, target, **input_options):
    stream = ffmpeg.open_input(source, ffmpeg.VIDEO_DEMUXERS, **input_options)
    return ffmpeg.output(stream["v:0"], path=target, f="mp4", vcodec="libx264", preset="ultrafast")


def test_ffmpeg_binary_comes_from_imageio_ffmpeg(monkeypatch):
    monkeypatch.delenv(ffmpeg.FFMPEG_BINARY_ENV, raising=False)

    assert "imageio_ffmpeg" in ffmpeg.ffmpeg_binary()


def test_ffmpeg_binary_can_be_overridden(monkeypatch):
    monkeypatch.setenv(ffmpeg.FFMPEG_BINARY_ENV, "/opt/ffmpeg/bin/ffmpeg")

    assert ffmpeg.ffmpeg_binary() == "/opt/ffmpeg/bin/ffmpeg"


def test_neutral_copy_drops_the_name_and_extension(tmp_path, phone_mp4):
    copy = ffmpeg.neutral_copy(phone_mp4, tmp_path)

    assert copy.name == "input"
    assert copy.read_bytes() == phone_mp4.read_bytes()


def test_neutral_copy_replaces_a_previous_copy(tmp_path, phone_mp4, phone_jpeg):
    ffmpeg.neutral_copy(phone_jpeg, tmp_path)

    copy = ffmpeg.neutral_copy(phone_mp4, tmp_path)

    assert copy.read_bytes() == phone_mp4.read_bytes()


def test_command_is_an_argument_list_with_sandbox_options(tmp_path, phone_mp4):
    args = ffmpeg.command(copy_graph(phone_mp4, tmp_path / "out.mp4"))

    joined = " ".join(args)
    assert args[0] == ffmpeg.ffmpeg_binary()
    assert "-nostdin" in args
    assert "-progress pipe:1" in joined
    assert (
        f"-format_whitelist {','.join(ffmpeg.VIDEO_DEMUXERS)} -protocol_whitelist file -i file:{phone_mp4}"
        in joined
    )
    for option in ("-map_metadata -1", "-map_chapters -1", "-fflags +bitexact", "-flags:v +bitexact",
                   "-flags:a +bitexact", "-metadata:s:v encoder="):  # fmt: skip
        assert option in joined
    assert args[-1] == f"file:{tmp_path / 'out.mp4'}"


def test_run_reports_progress_up_to_100(tmp_path, plain_mp4):
    seen = []

    ffmpeg.run(copy_graph(plain_mp4, tmp_path / "out.mp4"), duration=4.0, on_progress=seen.append)

    assert seen == sorted(seen)
    assert seen[-1] == 100.0
    assert (tmp_path / "out.mp4").stat().st_size > 0


def test_run_kills_ffmpeg_at_the_wall_clock_timeout(tmp_path, plain_mp4):
    endless = copy_graph(plain_mp4, tmp_path / "out.mp4", stream_loop=-1)
    started = time.monotonic()

    with pytest.raises(MediaFailed, match="timeout"):
        ffmpeg.run(endless, duration=4.0, budget=ffmpeg.Budget(wall_seconds=1.5, cpu_seconds=60))

    assert time.monotonic() - started < 10


def test_run_stops_ffmpeg_at_the_cpu_limit(tmp_path, plain_mp4):
    endless = copy_graph(plain_mp4, tmp_path / "out.mp4", stream_loop=-1)

    with pytest.raises(MediaFailed, match="killed by SIG"):
        ffmpeg.run(endless, duration=4.0, budget=ffmpeg.Budget(wall_seconds=60, cpu_seconds=1))


def test_run_fails_cleanly_under_a_tiny_memory_limit(tmp_path, plain_mp4):
    with pytest.raises(MediaFailed):
        ffmpeg.run(
            copy_graph(plain_mp4, tmp_path / "out.mp4"),
            duration=4.0,
            budget=ffmpeg.Budget(wall_seconds=30, cpu_seconds=30, memory_bytes=32 * 1024**2),
        )


def test_run_stops_at_the_output_size_limit(tmp_path, plain_mp4):
    endless = copy_graph(plain_mp4, tmp_path / "out.mp4", stream_loop=-1)

    with pytest.raises(MediaFailed):
        ffmpeg.run(
            endless, duration=4.0, budget=ffmpeg.Budget(wall_seconds=60, cpu_seconds=60, output_bytes=200_000)
        )

    assert (tmp_path / "out.mp4").stat().st_size <= 200_000


def test_run_rejects_input_that_is_not_media(tmp_path):
    page = make.make_html(tmp_path / "input")

    with pytest.raises(MediaRejected) as rejected:
        ffmpeg.run(copy_graph(page, tmp_path / "out.mp4"), duration=None)

    assert rejected.value.code is Reason.DAMAGED


def test_concat_playlist_reads_other_files_without_a_format_whitelist(tmp_path, plain_mp4):
    """The danger the whitelist exists for: FFmpeg with only `-protocol_whitelist file` follows the list."""
    secret = shutil.copyfile(plain_mp4, tmp_path / "secret.mp4")
    playlist = make.make_ffconcat_playlist(tmp_path / "input", secret)
    before = stale_atime(secret)

    subprocess.run(
        [ffmpeg.ffmpeg_binary(), "-nostdin", "-v", "error", "-protocol_whitelist", "file,pipe",
         "-i", f"file:{playlist}", "-f", "null", "-"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip

    assert secret.stat().st_atime != before


def test_concat_playlist_is_refused_by_the_format_whitelist(tmp_path, plain_mp4):
    secret = shutil.copyfile(plain_mp4, tmp_path / "secret.mp4")
    playlist = make.make_ffconcat_playlist(tmp_path / "input", secret)
    before = stale_atime(secret)

    with pytest.raises(MediaRejected):
        ffmpeg.run(copy_graph(playlist, tmp_path / "out.mp4"), duration=None)

    assert secret.stat().st_atime == before
    assert not (tmp_path / "out.mp4").exists()


def test_hls_playlist_is_refused_by_the_format_whitelist(tmp_path):
    segment = make.make_transport_stream(tmp_path / "secret.ts")
    playlist = make.make_hls_playlist(tmp_path / "clip.m3u8", segment)
    before = stale_atime(segment)

    with pytest.raises(MediaRejected):
        ffmpeg.run(copy_graph(playlist, tmp_path / "out.mp4"), duration=None)

    assert segment.stat().st_atime == before


def test_budget_for_grows_with_duration():
    short, long = ffmpeg.budget_for(10), ffmpeg.budget_for(600)

    assert short.wall_seconds < long.wall_seconds
    assert long.cpu_seconds >= long.wall_seconds


def test_neutral_copy_of_a_missing_file_fails(tmp_path):
    with pytest.raises(MediaFailed):
        ffmpeg.neutral_copy(tmp_path / "gone.mp4", tmp_path)


def test_ffmpeg_runs_in_a_group_of_its_own_inside_the_workers_session(tmp_path, plain_mp4):
    """Its own process group, so a timeout kills it and whatever it started; the caller's session, so the
    kernel schedules it in the worker's group at the worker's priority (autogroup): in a session of its own,
    transcoding ran at full weight beside the web during the deadline rush."""
    import threading

    import psutil

    endless = copy_graph(plain_mp4, tmp_path / "out.mp4", stream_loop=-1)
    outcome = []

    def run_until_timeout():
        try:
            ffmpeg.run(endless, duration=4.0, budget=ffmpeg.Budget(wall_seconds=3, cpu_seconds=60))
        except MediaFailed as error:
            outcome.append(error)

    runner = threading.Thread(target=run_until_timeout)
    runner.start()
    found = None
    for _ in range(100):
        found = next((p for p in psutil.Process().children() if p.name().startswith(("ffmpeg", "prlimit"))), None)
        if found:
            break
        time.sleep(0.02)
    assert found is not None, "ffmpeg did not start"
    sid, pgid = os.getsid(found.pid), os.getpgid(found.pid)
    runner.join(timeout=30)

    assert sid == os.getsid(0)
    assert pgid == found.pid != os.getpgid(0)
    assert "timeout" in str(outcome[0])
    assert not psutil.pid_exists(found.pid) or found.status() == psutil.STATUS_ZOMBIE
