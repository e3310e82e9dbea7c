"""The media_check management command, on the path that needs no database (no --contest)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from submissions.management.commands.media_check import EXIT_FAILED, EXIT_REJECTED, Command
from tests.factories import media_files as make


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(Command(), *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_media_check_prints_probe_verdict_and_files(tmp_path, phone_jpeg):
    out, _ = run_command(phone_jpeg, "--kind", "image", "--out", tmp_path)

    assert '"format": "jpeg"' in out
    assert "verdict: accepted" in out
    assert f"wrote: {tmp_path / 'image_480.webp'} image/webp 480x640" in out


def test_media_check_reports_progress_when_verbose(tmp_path, phone_mp4):
    _, err = run_command(phone_mp4, "--kind", "video", "--out", tmp_path, "--verbosity", "2")

    assert "progress: 100%" in err


def test_media_check_exits_2_with_the_reason_when_rejected(tmp_path):
    page = make.make_html(tmp_path / "video.mp4")

    with pytest.raises(CommandError) as error:
        run_command(page, "--kind", "video", "--out", tmp_path / "out")

    assert error.value.returncode == EXIT_REJECTED
    assert "trang web" in str(error.value)
    assert "web page" in str(error.value)


def test_media_check_exits_1_when_processing_fails(tmp_path):
    with pytest.raises(CommandError) as error:
        run_command(tmp_path / "missing.mp4", "--kind", "video", "--out", tmp_path / "out")

    assert error.value.returncode == EXIT_FAILED


def test_media_check_refuses_an_unknown_kind(tmp_path, phone_jpeg):
    with pytest.raises(CommandError):
        run_command(phone_jpeg, "--kind", "hologram", "--out", tmp_path)
