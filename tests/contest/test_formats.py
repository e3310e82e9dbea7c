"""One object says a contest's format rules in words and gives the limits the checks use."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from contest.enums import ContestKind, MediaKind
from contest.formats import format_for
from contest.models import Division
from submissions.media.limits import limits_for_contest
from tests.factories import CampaignFactory, DivisionFactory
from tests.factories.entries import comic_contest, essay_contest, video_contest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_format_video_contest_states_duration_range_and_no_pixels():
    contest = video_contest(min_duration_seconds=60, max_duration_seconds=180, max_pixels=50_000_000)
    words = " ".join(format_for(contest).sentences())
    assert "Thời lượng từ 1 phút đến 3 phút." in words
    assert "điểm ảnh" not in words
    assert "chữ" not in words


def test_format_essay_contest_hides_pixels_and_duration():
    contest = essay_contest(max_pixels=50_000_000, max_duration_seconds=300, min_words=600, max_words=2000)
    rules = format_for(contest)
    words = " ".join(rules.sentences())
    assert "điểm ảnh" not in words
    assert "Thời lượng" not in words
    assert "Độ dài từ 600 đến 2000 chữ." in words
    assert (rules.max_pixels, rules.max_duration_seconds) == (None, None)


def test_format_comic_contest_states_pages_range():
    contest = comic_contest(min_pages=4, max_pages=16, max_pixels=50_000_000)
    words = " ".join(format_for(contest).sentences())
    assert "Từ 4 đến 16 trang." in words
    assert "Ảnh tối đa 50 triệu điểm ảnh." in words
    assert format_for(contest).counts_pages


def test_format_music_contest_lists_its_formats():
    contest = video_contest(
        kind=ContestKind.MUSIC, accepted_media_kinds=[MediaKind.AUDIO.value, MediaKind.VIDEO.value]
    )
    first = format_for(contest).sentences()[0]
    assert ("MP3" in first, "WAV" in first, "MP4" in first) == (True, True, True)


def test_format_limits_feed_the_media_probe():
    contest = video_contest(min_duration_seconds=60, max_duration_seconds=180, max_pixels=1_000_000)
    limits = limits_for_contest(format_for(contest))
    assert (limits.min_duration_seconds, limits.max_duration_seconds) == (60, 180)
    essay = limits_for_contest(format_for(essay_contest(max_duration_seconds=5, min_words=600)))
    assert essay.max_duration_seconds == 600  # the default: a duration does not apply to an essay
    assert essay.min_words == 600


def test_division_clean_refuses_overlapping_ages():
    campaign = CampaignFactory()
    DivisionFactory(campaign=campaign, name="Bảng A – THCS", min_age=12, max_age=15)
    overlapping = Division(campaign=campaign, name="Bảng B – THPT", min_age=15, max_age=18, school_levels=[])
    with pytest.raises(ValidationError, match="trùng"):
        overlapping.full_clean()
    Division(campaign=campaign, name="Bảng B – THPT", min_age=16, max_age=18, school_levels=[]).full_clean()


def test_seed_demo_divisions_cover_12_to_24_without_overlap():
    from django.core.management import call_command

    call_command("seed_demo")
    for campaign_id in Division.objects.values_list("campaign_id", flat=True).distinct():
        ages = []
        for low, high in Division.objects.filter(campaign_id=campaign_id).values_list("min_age", "max_age"):
            ages += range(low, high + 1)
        assert sorted(ages) == list(range(12, 25))
