from types import SimpleNamespace

import pytest

from submissions.media.errors import (
    MESSAGES,
    MediaRejected,
    Reason,
    format_duration_vi,
    not_this_kind,
    too_long,
)
from submissions.media.limits import GIB, MediaKind, MediaLimits, limits_for_contest
from submissions.media.text import check_words, clean_text, count_words

VIETNAMESE_LETTERS = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


def test_media_limits_defaults_are_sensible():
    limits = MediaLimits()

    assert limits.max_bytes == GIB
    assert limits.max_pixels == 50_000_000
    assert limits.max_duration_seconds == 600
    assert limits.max_pages == 60
    assert limits.min_words is None
    assert limits.max_words is None


def test_media_limits_is_frozen():
    with pytest.raises(AttributeError):
        MediaLimits().max_bytes = 1  # type: ignore[misc]


def test_media_kind_values_match_contest_choices():
    assert [kind.value for kind in MediaKind] == ["video", "audio", "image", "pdf", "docx", "essay"]


def test_limits_for_contest_reads_every_field():
    contest = SimpleNamespace(
        max_file_bytes=10, max_pixels=20, max_duration_seconds=30, max_pages=4, min_words=50, max_words=60
    )

    limits = limits_for_contest(contest)

    assert limits == MediaLimits(
        max_bytes=10, max_pixels=20, max_duration_seconds=30, max_pages=4, min_words=50, max_words=60
    )


def test_limits_for_contest_keeps_defaults_for_none():
    contest = SimpleNamespace(
        max_file_bytes=None,
        max_pixels=None,
        max_duration_seconds=120,
        max_pages=None,
        min_words=None,
        max_words=None,
    )

    assert limits_for_contest(contest) == MediaLimits(max_duration_seconds=120)


@pytest.mark.parametrize("code", list(Reason))
def test_reason_has_vietnamese_and_english_sentences(code):
    vietnamese, english = MESSAGES[code]

    assert vietnamese.endswith(".")
    assert english.endswith(".")
    assert VIETNAMESE_LETTERS & set(vietnamese.lower()), "Vietnamese text needs its diacritics"
    assert not VIETNAMESE_LETTERS & set(english.lower())


def test_media_rejected_fills_both_languages():
    rejected = MediaRejected(Reason.TOO_MANY_PAGES, pages=80, limit=60)

    assert rejected.code is Reason.TOO_MANY_PAGES
    assert rejected.reason == "Tài liệu có 80 trang, nhiều hơn mức cho phép là 60 trang."
    assert rejected.reason_en == "The document has 80 pages, more than the 60 allowed."
    assert str(rejected) == rejected.reason


@pytest.mark.parametrize("kind", list(MediaKind))
def test_not_this_kind_names_the_kind_in_both_languages(kind):
    rejected = not_this_kind(kind)

    assert "{" not in rejected.reason
    assert "{" not in rejected.reason_en


def test_too_long_speaks_in_minutes():
    rejected = too_long(3725, 600)

    assert (
        rejected.reason
        == "Tệp dài 1 giờ 2 phút 5 giây, dài hơn mức cho phép là 10 phút. Hãy cắt ngắn lại rồi tải lên."
    )
    assert "1 h 2 min 5 s" in rejected.reason_en


def test_format_duration_vi_zero_is_zero_seconds():
    assert format_duration_vi(0) == "0 giây"


def test_clean_text_normalises_vietnamese_and_strips_controls():
    decomposed = "Tie\u0302\u0301ng Vie\u0323\u0302t\r\n\r\n\r\n\r\nxin\u200b chào\u202e  \x07"

    assert clean_text(decomposed) == "Tiếng Việt\n\nxin chào"


def test_count_words_counts_vietnamese_syllables():
    assert count_words("Không một mình – cùng nhau an toàn trực tuyến, năm 2024!") == 11


def test_check_words_rejects_too_few_and_too_many():
    limits = MediaLimits(min_words=5, max_words=8)

    with pytest.raises(MediaRejected) as too_few:
        check_words(4, limits)
    with pytest.raises(MediaRejected) as too_many:
        check_words(9, limits)
    check_words(5, limits)

    assert too_few.value.code is Reason.TOO_FEW_WORDS
    assert too_many.value.code is Reason.TOO_MANY_WORDS


def test_check_words_rejects_no_words_without_limits():
    with pytest.raises(MediaRejected) as rejected:
        check_words(0, MediaLimits())

    assert rejected.value.code is Reason.NO_TEXT
