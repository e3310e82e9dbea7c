"""The format rules of a contest as one object: the sentences entrants read and the limits the upload checks,
the media probe and the submit check apply all come from here, so the words and the checks cannot disagree.

A limit applies only to the kinds of file it can measure: pixels to images, duration to audio and video,
pages to PDFs and comics, words to essays. A limit that does not apply is None here, whatever the contest row
holds, so an essay contest never says "Ảnh tối đa 50 triệu điểm ảnh".
"""

from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contest.enums import MEDIA_KIND_EXTENSIONS, ContestKind, MediaKind

AUDIOVISUAL = frozenset({MediaKind.VIDEO, MediaKind.AUDIO})
WRITTEN = frozenset({MediaKind.TEXT, MediaKind.DOCX})


@dataclass(frozen=True)
class ContestFormat:
    kind: str
    media_kinds: tuple[str, ...]
    min_files: int
    max_files: int
    max_file_bytes: int
    max_pixels: int | None
    min_duration_seconds: int | None
    max_duration_seconds: int | None
    min_pages: int | None
    max_pages: int | None
    min_words: int | None
    max_words: int | None
    team_size_max: int
    entries_per_entrant: int

    @property
    def counts_pages(self) -> bool:
        """Whether the entry's pages are counted across its files (a comic's pages, one image each)."""
        return self.kind == ContestKind.COMIC or self.min_pages is not None

    def extensions(self) -> list[str]:
        found: list[str] = []
        for kind in self.media_kinds:
            for ext in MEDIA_KIND_EXTENSIONS.get(kind, ()):
                if ext not in found:
                    found.append(ext)
        return found

    def sentences(self) -> list[str]:
        """The limits that apply, as short sentences for entrants (contest page, entry page)."""
        lines = [_("Loại tệp được nhận: %(kinds)s.") % {"kinds": self._kinds_in_words()}]
        if self.min_files == self.max_files:
            lines.append(
                ngettext("Nộp đúng %(count)d tệp.", "Nộp đúng %(count)d tệp.", self.max_files)
                % {"count": self.max_files}
            )
        else:
            lines.append(
                _("Nộp từ %(min)d đến %(max)d tệp.") % {"min": self.min_files, "max": self.max_files}
            )
        lines.append(_("Mỗi tệp tối đa %(size)s.") % {"size": filesizeformat(self.max_file_bytes)})
        if self.min_duration_seconds and self.max_duration_seconds:
            lines.append(
                _("Thời lượng từ %(min)s đến %(max)s.")
                % {
                    "min": duration_in_words(self.min_duration_seconds),
                    "max": duration_in_words(self.max_duration_seconds),
                }
            )
        elif self.max_duration_seconds:
            lines.append(
                _("Thời lượng tối đa %(max)s.") % {"max": duration_in_words(self.max_duration_seconds)}
            )
        elif self.min_duration_seconds:
            lines.append(
                _("Thời lượng tối thiểu %(min)s.") % {"min": duration_in_words(self.min_duration_seconds)}
            )
        if self.max_pixels:
            lines.append(_("Ảnh tối đa %(mp).0f triệu điểm ảnh.") % {"mp": self.max_pixels / 1_000_000})
        if self.min_pages and self.max_pages:
            lines.append(_("Từ %(min)d đến %(max)d trang.") % {"min": self.min_pages, "max": self.max_pages})
        elif self.max_pages:
            lines.append(_("Tối đa %(pages)d trang.") % {"pages": self.max_pages})
        elif self.min_pages:
            lines.append(_("Ít nhất %(pages)d trang.") % {"pages": self.min_pages})
        if self.min_words and self.max_words:
            lines.append(
                _("Độ dài từ %(min)d đến %(max)d chữ.") % {"min": self.min_words, "max": self.max_words}
            )
        elif self.max_words:
            lines.append(_("Tối đa %(max)d chữ.") % {"max": self.max_words})
        elif self.min_words:
            lines.append(_("Ít nhất %(min)d chữ.") % {"min": self.min_words})
        if self.team_size_max > 1:
            lines.append(_("Có thể dự thi theo nhóm tối đa %(n)d người.") % {"n": self.team_size_max})
        else:
            lines.append(_("Dự thi cá nhân."))
        lines.append(
            ngettext(
                "Mỗi thí sinh nộp tối đa %(n)d bài.",
                "Mỗi thí sinh nộp tối đa %(n)d bài.",
                self.entries_per_entrant,
            )
            % {"n": self.entries_per_entrant}
        )
        return lines

    def _kinds_in_words(self) -> str:
        parts = []
        for kind in self.media_kinds:
            label = str(MediaKind(kind).label)
            if kind == MediaKind.TEXT:
                parts.append(label)
                continue
            extensions = ", ".join(ext.upper() for ext in MEDIA_KIND_EXTENSIONS.get(kind, ()))
            parts.append(f"{label} ({extensions})")
        return "; ".join(parts)


def duration_in_words(seconds: int) -> str:
    minutes, secs = divmod(int(seconds), 60)
    if minutes and secs:
        return _("%(m)d phút %(s)d giây") % {"m": minutes, "s": secs}
    if minutes:
        return ngettext("%(m)d phút", "%(m)d phút", minutes) % {"m": minutes}
    return ngettext("%(s)d giây", "%(s)d giây", secs) % {"s": secs}


def format_for(contest) -> ContestFormat:
    """The contest's rules, keeping only the limits that its kinds of file can break."""
    kinds = tuple(contest.accepted_media_kinds or ())
    images = MediaKind.IMAGE in kinds
    audiovisual = bool(AUDIOVISUAL & set(kinds))
    pages = MediaKind.PDF in kinds or contest.kind == ContestKind.COMIC
    words = bool(WRITTEN & set(kinds)) or contest.kind == ContestKind.ESSAY
    return ContestFormat(
        kind=contest.kind,
        media_kinds=kinds,
        min_files=contest.min_files,
        max_files=contest.max_files,
        max_file_bytes=contest.max_file_bytes,
        max_pixels=contest.max_pixels if images else None,
        min_duration_seconds=contest.min_duration_seconds if audiovisual else None,
        max_duration_seconds=contest.max_duration_seconds if audiovisual else None,
        min_pages=contest.min_pages if pages else None,
        max_pages=contest.max_pages if pages else None,
        min_words=contest.min_words if words else None,
        max_words=contest.max_words if words else None,
        team_size_max=contest.team_size_max,
        entries_per_entrant=contest.entries_per_entrant,
    )
