"""Choices of the contest domain: contest kinds, media kinds, school levels, roles, prize tiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContestKind(models.TextChoices):
    ESSAY = "essay", _("Bài viết")
    DRAWING = "drawing", _("Tranh vẽ")
    COMIC = "comic", _("Truyện tranh")
    MUSIC = "music", _("Âm nhạc")
    VIDEO = "video", _("Video")
    POSTER = "poster", _("Áp phích")
    PRESENTATION = "presentation", _("Bài trình chiếu")
    GAME_DESIGN = "game_design", _("Thiết kế trò chơi nhập vai")


# Short codes used in human-readable entry codes such as KMM-VID-0137.
CONTEST_KIND_CODES = {
    ContestKind.ESSAY: "ESS",
    ContestKind.DRAWING: "DRW",
    ContestKind.COMIC: "CMC",
    ContestKind.MUSIC: "MUS",
    ContestKind.VIDEO: "VID",
    ContestKind.POSTER: "PST",
    ContestKind.PRESENTATION: "PRS",
    ContestKind.GAME_DESIGN: "GAM",
}


class MediaKind(models.TextChoices):
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Âm thanh")
    IMAGE = "image", _("Hình ảnh")
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Văn bản Word (DOCX)")
    TEXT = "essay", _("Văn bản gõ trực tiếp")


# The file name endings accepted for each media kind: the upload's first check, and the words shown to
# entrants ("Âm nhạc" lists its formats). The pipeline then probes the content itself.
MEDIA_KIND_EXTENSIONS: dict[str, tuple[str, ...]] = {
    MediaKind.VIDEO: ("mp4", "m4v", "mov", "mkv", "webm", "3gp", "avi"),
    MediaKind.AUDIO: ("mp3", "wav", "m4a", "aac", "ogg", "oga", "opus", "flac"),
    MediaKind.IMAGE: ("jpg", "jpeg", "png", "webp", "heic", "heif"),
    MediaKind.PDF: ("pdf",),
    MediaKind.DOCX: ("docx",),
    MediaKind.TEXT: ("txt", "pdf", "docx"),
}


class SchoolLevel(models.TextChoices):
    THCS = "thcs", _("THCS")
    THPT = "thpt", _("THPT")
    DH_CD = "dh_cd", _("ĐH/CĐ")
    OUTSIDE = "outside", _("Ngoài nhà trường")


class SchoolClaim(models.TextChoices):
    """A pupil's school is what they claimed until that school's coordinator confirms it."""

    CLAIMED = "claimed", _("Chờ nhà trường xác nhận")
    CONFIRMED = "confirmed", _("Nhà trường đã xác nhận")
    REJECTED = "rejected", _("Nhà trường không xác nhận")


SCHOOL_CLAIM_TRANSITIONS: dict[str, frozenset[str]] = {
    SchoolClaim.CLAIMED: frozenset({SchoolClaim.CONFIRMED, SchoolClaim.REJECTED}),
    SchoolClaim.CONFIRMED: frozenset({SchoolClaim.REJECTED}),
    SchoolClaim.REJECTED: frozenset({SchoolClaim.CONFIRMED}),
}


class Role(models.TextChoices):
    ENTRANT = "entrant", _("Thí sinh")
    COORDINATOR = "coordinator", _("Giáo viên phụ trách")
    JUDGE = "judge", _("Giám khảo")
    HEAD_JUDGE = "head_judge", _("Trưởng ban giám khảo")
    ORGANISER = "organiser", _("Ban tổ chức")
    # A guardian who made an account through their consent link: an adult taking part in the campaign's
    # challenges, with no access to the child's data (nothing ties the two accounts).
    PARENT = "parent", _("Phụ huynh")


class PrizeTier(models.TextChoices):
    FIRST = "first", _("Giải Nhất")
    SECOND = "second", _("Giải Nhì")
    THIRD = "third", _("Giải Ba")
    COMMENDATION = "commendation", _("Giải Khuyến khích")


PRIZE_TIER_ORDER = [PrizeTier.FIRST, PrizeTier.SECOND, PrizeTier.THIRD, PrizeTier.COMMENDATION]
