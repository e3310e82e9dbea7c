from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from privacy.enums import ConsentPurpose
from tests.factories import CoordinatorFactory, EntrantFactory, OrganiserFactory
from tests.factories import clips as make
from tests.factories.privacy import give_full_consent

DISPLAY = (ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK)
DISPLAY_ALL = (*DISPLAY, ConsentPurpose.DISPLAY_IDENTITY)


def years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1)


@pytest.fixture(scope="session")
def clip_files(tmp_path_factory) -> dict[str, Path]:
    """Each kind of clip made once for the session (FFmpeg lavfi)."""
    folder = tmp_path_factory.mktemp("clips")
    return {
        "plain": make.make_clip(folder / "clip-cua-lan.mp4"),
        "vertical": make.make_vertical_clip(folder / "doc.mp4"),
        "silent": make.make_silent_clip(folder / "khong-tieng.mp4"),
        "rotated": make.make_rotated_clip(folder / "xoay.mov", folder),
        "audio_only": make.make_audio_only_clip(folder / "chi-co-tieng.mp4"),
        "hdr": make.make_hdr_clip(folder / "hdr.mov"),
        "vfr": make.make_vfr_clip(folder / "vfr.mp4"),
        "understated": make.make_understated_clip(folder / "bon-gio.mp4"),
        "long": make.make_clip(folder / "dai-8-giay.mp4", seconds=8, size="160x120"),
    }


@pytest.fixture
def challenge():
    return make.ChallengeFactory(title="Thử thách “Không giữ bí mật xấu”", slug="khong-giu-bi-mat-xau")


@pytest.fixture
def organiser():
    return OrganiserFactory(full_name="Phạm Quốc Bảo")


@pytest.fixture
def pupil():
    """Fourteen: needs a guardian's consent as well as her own."""
    return EntrantFactory(full_name="Nguyễn Thị Lan", date_of_birth=years_ago(14))


@pytest.fixture
def student():
    """Nineteen: her own consent is enough."""
    return EntrantFactory(full_name="Trần Minh Anh", date_of_birth=years_ago(19))


@pytest.fixture
def teacher():
    return CoordinatorFactory(full_name="Lê Văn Hùng", date_of_birth=date(1985, 3, 1))


def consent(user, purposes=DISPLAY, guardian=True):
    give_full_consent(user, purposes=purposes, guardian=guardian)


@pytest.fixture
def media_tasks(settings):
    """Tasks run as they are enqueued, on every queue (clip processing goes on the `media` queue)."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
