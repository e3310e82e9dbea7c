"""The two ways processing a file can end badly.

`MediaRejected` is the entrant's to fix: its `reason` is a sentence a 12-year-old understands, in Vietnamese
(`reason_en` in English). `MediaFailed` is ours: its `detail` is for organisers and logs, never for entrants.
The sentences are plain strings, not lazy translations, so this package imports without Django.
"""

from __future__ import annotations

from enum import StrEnum

from submissions.media.limits import MediaKind


class Reason(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    WRONG_TYPE = "wrong_type"
    PLAYLIST = "playlist"
    WEB_PAGE = "web_page"
    SVG = "svg"
    DAMAGED = "damaged"
    NO_VIDEO = "no_video"
    NO_AUDIO = "no_audio"
    TOO_MANY_STREAMS = "too_many_streams"
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    TOO_MANY_PIXELS = "too_many_pixels"
    TOO_MANY_PAGES = "too_many_pages"
    LOCKED = "locked"
    UNSAFE_DOCUMENT = "unsafe_document"
    NO_TEXT = "no_text"
    TOO_FEW_WORDS = "too_few_words"
    TOO_MANY_WORDS = "too_many_words"


# Each reason: (Vietnamese, English). Placeholders are filled by MediaRejected(**params).
MESSAGES: dict[Reason, tuple[str, str]] = {
    Reason.EMPTY: (
        "Tệp trống, không có nội dung. Hãy chọn lại tệp và tải lên.",
        "The file is empty. Please choose the file again and upload it.",
    ),
    Reason.TOO_LARGE: (
        "Tệp quá lớn ({size}). Cuộc thi chỉ nhận tệp tối đa {limit}.",
        "The file is too large ({size}). This contest accepts files up to {limit}.",
    ),
    Reason.WRONG_TYPE: (
        "Tệp này không phải {expected}. Hãy tải lên {accepted}.",
        "This file is not {expected_en}. Please upload {accepted_en}.",
    ),
    Reason.PLAYLIST: (
        "Tệp này chỉ là một danh sách phát (playlist), không chứa video hay âm thanh. "
        "Hãy tải lên chính tệp video hoặc âm thanh.",
        "This file is only a playlist, with no video or sound in it. Please upload the video or audio file itself.",
    ),
    Reason.WEB_PAGE: (
        "Tệp này là một trang web hoặc đoạn mã lệnh, không phải {expected}. Hãy tải lên {accepted}.",
        "This file is a web page or a script, not {expected_en}. Please upload {accepted_en}.",
    ),
    Reason.SVG: (
        "Ảnh dạng SVG không được nhận. Hãy lưu ảnh thành JPG hoặc PNG rồi tải lên lại.",
        "SVG images are not accepted. Please save the picture as JPG or PNG and upload it again.",
    ),
    Reason.DAMAGED: (
        "Tệp bị hỏng hoặc chưa được tải lên hết nên không mở được. Hãy kiểm tra tệp trên máy của em rồi tải lên lại.",
        "The file is damaged or was not fully uploaded, so it cannot be opened. "
        "Please check the file on your device and upload it again.",
    ),
    Reason.NO_VIDEO: (
        "Tệp này không có hình ảnh video. Hãy tải lên tệp video có hình.",
        "This file has no video picture. Please upload a video file with pictures.",
    ),
    Reason.NO_AUDIO: (
        "Tệp này không có âm thanh. Hãy tải lên tệp có tiếng.",
        "This file has no sound. Please upload a file with sound.",
    ),
    Reason.TOO_MANY_STREAMS: (
        "Tệp có quá nhiều kênh hình và tiếng ({count}), tối đa là {limit}. "
        "Hãy xuất lại video bằng ứng dụng chỉnh sửa rồi tải lên.",
        "The file has too many picture and sound tracks ({count}); the most allowed is {limit}. "
        "Please export the video again from your editing app and upload it.",
    ),
    Reason.TOO_LONG: (
        "Tệp dài {duration}, dài hơn mức cho phép là {limit}. Hãy cắt ngắn lại rồi tải lên.",
        "The file lasts {duration_en}, longer than the {limit_en} allowed. Please shorten it and upload it again.",
    ),
    Reason.TOO_SHORT: (
        "Tệp chỉ dài {duration}, ngắn hơn mức tối thiểu là {limit} theo thể lệ. "
        "Hãy nộp bản dài hơn rồi tải lên lại.",
        "The file lasts only {duration_en}, shorter than the minimum of {limit_en} the rules ask for. "
        "Please upload a longer version.",
    ),
    Reason.TOO_MANY_PIXELS: (
        "Hình quá lớn ({megapixels} megapixel). Cuộc thi chỉ nhận hình tối đa {limit} megapixel. "
        "Hãy thu nhỏ hình rồi tải lên.",
        "The picture is too large ({megapixels} megapixels). This contest accepts pictures up to {limit} "
        "megapixels. Please make it smaller and upload it again.",
    ),
    Reason.TOO_MANY_PAGES: (
        "Tài liệu có {pages} trang, nhiều hơn mức cho phép là {limit} trang.",
        "The document has {pages} pages, more than the {limit} allowed.",
    ),
    Reason.LOCKED: (
        "Tệp đang được đặt mật khẩu nên không mở được. Hãy bỏ mật khẩu rồi tải lên lại.",
        "The file is protected by a password, so it cannot be opened. Please remove the password and upload it again.",
    ),
    Reason.UNSAFE_DOCUMENT: (
        "Tệp Word này có cấu trúc lạ nên không mở được. Hãy mở tệp bằng Word, chọn Lưu thành (.docx) rồi tải lên lại.",
        "This Word file has an unusual structure and cannot be opened. "
        "Please open it in Word, use Save As (.docx) and upload it again.",
    ),
    Reason.NO_TEXT: (
        "Không tìm thấy chữ nào trong bài viết. Hãy kiểm tra lại tệp.",
        "No words were found in the essay. Please check the file.",
    ),
    Reason.TOO_FEW_WORDS: (
        "Bài viết có {words} chữ, ít hơn mức tối thiểu là {limit} chữ.",
        "The essay has {words} words, fewer than the minimum of {limit}.",
    ),
    Reason.TOO_MANY_WORDS: (
        "Bài viết có {words} chữ, nhiều hơn mức tối đa là {limit} chữ.",
        "The essay has {words} words, more than the maximum of {limit}.",
    ),
}


class MediaRejected(Exception):
    """The entrant's file is not acceptable; `reason` says why, in words for the entrant."""

    def __init__(self, code: Reason, **params: object) -> None:
        vietnamese, english = MESSAGES[code]
        self.code = code
        self.params = params
        self.reason = vietnamese.format(**params)
        self.reason_en = english.format(**params)
        super().__init__(self.reason)


class MediaFailed(Exception):
    """Processing failed on our side (timeout, crash, missing tool); retrying may help."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


def format_bytes(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    if size >= 1024**2:
        return f"{size / 1024**2:.0f} MB"
    return f"{max(size // 1024, 1)} KB"


def format_duration_vi(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    parts = (
        [f"{hours} giờ"] * bool(hours) + [f"{minutes} phút"] * bool(minutes) + [f"{secs} giây"] * bool(secs)
    )
    return " ".join(parts) or "0 giây"


def format_duration_en(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes) + [f"{secs} s"] * bool(secs)
    return " ".join(parts) or "0 s"


def format_megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.3g}" if pixels < 10_000_000 else f"{pixels / 1_000_000:,.0f}"


def too_many_pixels(pixels: int, limit: int) -> MediaRejected:
    return MediaRejected(
        Reason.TOO_MANY_PIXELS, megapixels=format_megapixels(pixels), limit=format_megapixels(limit)
    )


def too_long(duration: float, limit: float) -> MediaRejected:
    return MediaRejected(
        Reason.TOO_LONG,
        duration=format_duration_vi(duration),
        limit=format_duration_vi(limit),
        duration_en=format_duration_en(duration),
        limit_en=format_duration_en(limit),
    )


def too_short(duration: float, limit: float) -> MediaRejected:
    return MediaRejected(
        Reason.TOO_SHORT,
        duration=format_duration_vi(duration),
        limit=format_duration_vi(limit),
        duration_en=format_duration_en(duration),
        limit_en=format_duration_en(limit),
    )


# kind → (what it is, what to upload) in Vietnamese, then in English.
KIND_WORDS: dict[MediaKind, tuple[str, str, str, str]] = {
    MediaKind.VIDEO: (
        "một tệp video",
        "video dạng MP4, MOV, MKV, WebM hoặc 3GP",
        "a video file",
        "a video in MP4, MOV, MKV, WebM or 3GP format",
    ),
    MediaKind.AUDIO: (
        "một tệp âm thanh",
        "âm thanh dạng MP3, WAV, M4A, OGG hoặc FLAC",
        "an audio file",
        "audio in MP3, WAV, M4A, OGG or FLAC format",
    ),
    MediaKind.IMAGE: (
        "một tệp hình ảnh",
        "ảnh dạng JPG, PNG, WebP hoặc HEIC",
        "a picture",
        "a picture in JPG, PNG, WebP or HEIC format",
    ),
    MediaKind.PDF: ("một tệp PDF", "tệp PDF", "a PDF file", "a PDF file"),
    MediaKind.DOCX: (
        "một tệp Word (.docx)",
        "tệp Word dạng .docx",
        "a Word file (.docx)",
        "a Word .docx file",
    ),
    MediaKind.ESSAY: (
        "một bài viết",
        "bài viết dạng văn bản, PDF hoặc Word (.docx)",
        "an essay",
        "an essay as plain text, PDF or Word (.docx)",
    ),
}


def not_this_kind(kind: MediaKind, code: Reason = Reason.WRONG_TYPE) -> MediaRejected:
    expected, accepted, expected_en, accepted_en = KIND_WORDS[kind]
    return MediaRejected(
        code, expected=expected, accepted=accepted, expected_en=expected_en, accepted_en=accepted_en
    )
