"""The parts of the written report ("Báo cáo kết quả thực hiện Kế hoạch …") that every format lays out
the same way: the header block, the title, numbered sections of figures and tables, the annex."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.registry import Section

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass
class Block:
    section: str
    heading: str
    numbers: list[tuple[str, str]] = field(default_factory=list)  # (label, value as text)
    tables: list[dict] = field(default_factory=list)  # {"key", "label", "note", "columns", "rows", "chart"}


@dataclass
class ReportDocument:
    issuer: str
    unit: str
    number: str
    nation: str
    motto: str
    place_date: str
    title: str
    subtitle: str
    intro: str
    blocks: list[Block]
    annex: list[Block]
    closing: str
    signer: str


def cell_text(value) -> str:
    return "" if value is None else str(value)


def build_document(*, campaign, since, until, figures: list[dict]) -> ReportDocument:
    today = timezone.localdate()
    start = since or campaign.starts_on
    end = until or min(campaign.ends_on, today)
    blocks: dict[str, Block] = {}
    for figure in figures:
        block = blocks.setdefault(figure["section"], Block(figure["section"], figure["section_label"]))
        if figure["is_table"]:
            block.tables.append(
                {
                    "key": figure["key"],
                    "label": figure["label"],
                    "note": figure["note"],
                    "chart": figure["chart"],
                    "columns": [cell_text(c) for c in figure["value"]["columns"]],
                    "rows": [[cell_text(c) for c in row] for row in figure["value"]["rows"]],
                }
            )
        else:
            block.numbers.append((figure["label"], cell_text(figure["value"])))
    body = [b for b in blocks.values() if b.section != Section.ANNEX]
    annex = [b for b in blocks.values() if b.section == Section.ANNEX]
    for index, block in enumerate(body):
        block.heading = f"{ROMAN[index] if index < len(ROMAN) else index + 1}. {block.heading}"
    return ReportDocument(
        issuer=getattr(settings, "REPORTS_ISSUER", "") or _("CÔNG AN THÀNH PHỐ …"),
        unit=getattr(settings, "REPORTS_UNIT", "") or _("BAN TỔ CHỨC CHIẾN DỊCH"),
        number=_("Số: …/BC-BTC"),
        nation=_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        motto=_("Độc lập - Tự do - Hạnh phúc"),
        place_date=_("%(place)s, ngày %(day)02d tháng %(month)02d năm %(year)d")
        % {
            "place": getattr(settings, "REPORTS_PLACE", "") or _("Thành phố …"),
            "day": today.day,
            "month": today.month,
            "year": today.year,
        },
        title=_("BÁO CÁO"),
        subtitle=_("Kết quả thực hiện Kế hoạch chiến dịch “%(name)s”") % {"name": campaign.name},
        intro=_(
            "Thực hiện Kế hoạch chiến dịch “%(name)s”, Ban tổ chức báo cáo kết quả từ ngày %(start)s đến ngày "
            "%(end)s như sau:"
        )
        % {"name": campaign.name, "start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
        blocks=body,
        annex=annex,
        closing=_(
            "Số liệu trong báo cáo được tổng hợp từ hệ thống của chiến dịch tại thời điểm lập báo cáo. "
            "Số liệu của kênh trợ giúp đã được ẩn danh."
        ),
        signer=_("TM. BAN TỔ CHỨC"),
    )
