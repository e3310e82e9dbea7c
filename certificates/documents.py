"""From rows to paper: the layout of a contest's template, what a certificate prints, its verify link, the
organiser's preview and the coordinator's ZIP (streamed one PDF at a time)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from PIL import Image

from certificates import pdf
from certificates.enums import CertificateKind
from certificates.models import Certificate, CertificateTemplate

BACKGROUND_MAX_PIXELS = (1754, 1240)  # A4 landscape at 150 dpi: fine for a printed background, light to embed
SIGNATURE_MAX_PIXELS = (800, 300)
SAMPLE_NAME = "Nguyễn Thị Ngọc Huyền Trân Khuê Tôn Nữ Hoàng Ỷ Lan Mỹ Dạ Ẵm Ậu Ữ Phượng Quỳnh Ân"
SAMPLE_SCHOOL = "Trường THCS Nguyễn Trường Tộ – Phường Ô Chợ Dừa"


def verify_url(code: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL.rstrip("/") + reverse("certificates:verify", kwargs={"code": code})


def template_for(contest) -> CertificateTemplate | None:
    """The contest's own template, else the default one (no contest), else none (the built-in layout)."""
    own = CertificateTemplate.objects.filter(contest=contest).first() if contest is not None else None
    return own or CertificateTemplate.objects.filter(contest__isnull=True).order_by("pk").first()


def _image_bytes(handle, *, max_pixels, fmt: str) -> bytes:
    with Image.open(handle) as image:
        image.load()
        image.thumbnail(max_pixels)
        out = io.BytesIO()
        if fmt == "JPEG":
            image.convert("RGB").save(out, format="JPEG", quality=82, optimize=True)
        else:
            image.convert("RGBA").save(out, format="PNG", optimize=True)
        return out.getvalue()


def _wagtail_image_bytes(image, **kwargs) -> bytes | None:
    if image is None:
        return None
    with image.open_file() as handle:
        return _image_bytes(handle, **kwargs)


def _background(template: CertificateTemplate) -> bytes | None:
    if template.background_image_id:
        return _wagtail_image_bytes(template.background_image, max_pixels=BACKGROUND_MAX_PIXELS, fmt="JPEG")
    if template.background_upload:
        with template.background_upload.open("rb") as handle:
            return _image_bytes(handle, max_pixels=BACKGROUND_MAX_PIXELS, fmt="JPEG")
    return None


def build_layout(template: CertificateTemplate | None) -> pdf.Layout:
    """Read the template once (images re-encoded once) for every certificate drawn with it."""
    if template is None:
        return pdf.Layout(boxes=pdf.DEFAULT_BOXES)
    boxes = [
        pdf.Box(
            field=p.field,
            x=float(p.x_mm),
            y=float(p.y_mm),
            width=float(p.width_mm),
            height=float(p.height_mm),
            font_size=float(p.font_size),
            bold=p.bold,
            align=p.align,
        )
        for p in template.placements.all()
    ] or pdf.DEFAULT_BOXES
    signatures = [
        pdf.Signature(
            name=s.name,
            title=s.title,
            image=_wagtail_image_bytes(s.image, max_pixels=SIGNATURE_MAX_PIXELS, fmt="PNG"),
            x=float(s.x_mm),
            y=float(s.y_mm),
            width=float(s.width_mm),
        )
        for s in template.signatures.select_related("image")
    ]
    return pdf.Layout(
        boxes=boxes, signatures=signatures, background_jpeg=_background(template), colour=template.text_colour
    )


def _texts(template: CertificateTemplate | None) -> dict[str, str]:
    defaults = {f: CertificateTemplate._meta.get_field(f).default for f in ("heading", "intro", "award_text")}
    defaults["participation_text"] = CertificateTemplate._meta.get_field("participation_text").default
    if template is None:
        return defaults
    return {key: getattr(template, key) for key in defaults}


def _date_line(when) -> str:
    day = timezone.localtime(when).date()
    return f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def sheet_for(certificate: Certificate, template: CertificateTemplate | None) -> pdf.CertificateSheet:
    """What is printed: always in Vietnamese, whatever language the page was asked in."""
    texts = _texts(template)
    holder = certificate.holder
    with translation.override("vi"):
        if certificate.kind == CertificateKind.AWARD:
            achievement = f"{texts['award_text']} {certificate.get_tier_display()}".strip()
        else:
            achievement = texts["participation_text"]
        contest = certificate.contest
        return pdf.CertificateSheet(
            heading=texts["heading"],
            intro=texts["intro"],
            name=certificate.name_on_paper,
            school=holder.school.name if holder.school_id else holder.school_other,
            achievement=achievement,
            contest=contest.title,
            division=certificate.division.name if certificate.division_id else "",
            campaign=contest.campaign.name,
            date=_date_line(certificate.issued_at),
            code=certificate.code,
            verify_url=verify_url(certificate.code),
        )


def render(certificate: Certificate) -> bytes:
    template = template_for(certificate.contest)
    return pdf.render_certificate(sheet_for(certificate, template), build_layout(template))


def preview(template: CertificateTemplate, *, kind: str = CertificateKind.AWARD) -> bytes:
    """The organiser's proof: the template filled with a long name with rare diacritics."""
    texts = _texts(template)
    contest = template.contest
    achievement = (
        f"{texts['award_text']} Giải Nhất" if kind == CertificateKind.AWARD else texts["participation_text"]
    )
    sheet = pdf.CertificateSheet(
        heading=texts["heading"],
        intro=texts["intro"],
        name=SAMPLE_NAME,
        school=SAMPLE_SCHOOL,
        achievement=achievement,
        contest=contest.title if contest else "Cuộc thi Video “Không một mình”",
        division="Bảng THCS",
        campaign=contest.campaign.name if contest else "Không một mình – Cùng nhau an toàn trực tuyến",
        date=_date_line(timezone.now()),
        code="MAU-XEM-TRUOC-KHONG-CO-HIEU-LUC",
        verify_url=verify_url("MAU-XEM-TRUOC-KHONG-CO-HIEU-LUC"),
    )
    return pdf.render_certificate(sheet, build_layout(template))


def file_name(certificate: Certificate) -> str:
    name = slugify(certificate.name_on_paper.replace("đ", "d").replace("Đ", "D")) or "thi-sinh"
    kind = "giai" if certificate.kind == CertificateKind.AWARD else "tham-gia"
    return f"{certificate.entry.code}-{kind}-{name}.pdf"


class _Sink(io.RawIOBase):
    """A write-only stream that hands over what was written since the last drain (no seeking)."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_zip(certificates: Iterable[Certificate]) -> Iterator[bytes]:
    """The ZIP of `certificates`, one PDF at a time: memory stays flat however many there are. PDFs are
    compressed already, so they are stored as they are. Layouts are built once per contest."""
    sink = _Sink()
    layouts: dict[int, tuple] = {}
    names: set[str] = set()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            if certificate.contest_id not in layouts:
                template = template_for(certificate.contest)
                layouts[certificate.contest_id] = (template, build_layout(template))
            template, layout = layouts[certificate.contest_id]
            data = pdf.render_certificate(sheet_for(certificate, template), layout)
            name = file_name(certificate)
            if name in names:
                name = name.replace(".pdf", f"-{certificate.pk}.pdf")
            names.add(name)
            info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
            archive.writestr(info, data)
            yield sink.drain()
    yield sink.drain()
