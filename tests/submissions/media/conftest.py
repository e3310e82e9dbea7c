"""Sample files, made once per test session: generating media costs more than checking it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import media_files as make


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("samples")


@pytest.fixture(scope="session")
def phone_mp4(samples: Path) -> Path:
    return make.make_video(samples / "IMG_4521.mp4", seconds=2, faststart=True)


@pytest.fixture(scope="session")
def plain_mp4(samples: Path) -> Path:
    """Moov atom at the end, as most encoders write it."""
    return make.make_video(samples / "plain.mp4", seconds=4, tagged=False)


@pytest.fixture(scope="session")
def faststart_mp4(samples: Path) -> Path:
    return make.make_video(samples / "faststart.mp4", seconds=4, tagged=False, faststart=True)


@pytest.fixture(scope="session")
def rotated_mov(samples: Path) -> Path:
    return make.make_rotated_phone_video(samples / "IMG_4521.MOV", samples)


@pytest.fixture(scope="session")
def chaptered_mkv(samples: Path) -> Path:
    return make.make_video_with_chapters(samples / "bai-du-thi-cua-lan.mkv", samples)


@pytest.fixture(scope="session")
def webm_video(samples: Path) -> Path:
    return make.make_video(samples / "recording.webm", seconds=1)


@pytest.fixture(scope="session")
def three_gp_video(samples: Path) -> Path:
    return make.make_video(samples / "old-phone.3gp", seconds=1, size="176x144")


@pytest.fixture(scope="session")
def audio_files(samples: Path) -> dict[str, Path]:
    return {suffix: make.make_audio(samples / f"bai-hat{suffix}") for suffix in make.AUDIO_CODECS}


@pytest.fixture(scope="session")
def phone_jpeg(samples: Path) -> Path:
    return make.make_phone_jpeg(samples / "IMG_4521.JPG")


@pytest.fixture(scope="session")
def pictures(samples: Path, phone_jpeg: Path) -> dict[str, Path]:
    return {
        "jpeg": phone_jpeg,
        "png": make.make_png(samples / "IMG_4521.png"),
        "webp": make.make_webp(samples / "IMG_4521.webp"),
        "heic": make.make_heic(samples / "IMG_4521.HEIC"),
    }


@pytest.fixture(scope="session")
def essay_pdf(samples: Path) -> Path:
    return make.make_pdf(samples / "bai-du-thi-cua-lan.pdf", pages=3)


@pytest.fixture(scope="session")
def scripted_pdf(samples: Path, essay_pdf: Path) -> Path:
    return make.with_javascript(essay_pdf, samples / "scripted.pdf")


@pytest.fixture(scope="session")
def essay_docx(samples: Path) -> Path:
    return make.make_docx(samples / "bai-du-thi-cua-lan.docx")


@pytest.fixture(scope="session")
def essay_txt(samples: Path) -> Path:
    path = samples / "bai-viet.txt"
    path.write_text(make.ESSAY_TEXT, encoding="utf-8")
    return path
