"""Keeping identifiers away from judges (DESIGN.md §5 "Blind"): the search, and organisers' resolutions.

`check_entry_text` and `check_asset_identity` search every judge-visible text and picture and record an
`IdentityFinding` for each identifier; `Entry.identity_hold` stays true while any is open, which keeps the
entry out of assignment and pauses its sheets. Organisers resolve findings in screening: redact the span,
edit the judge's copy, blur a region of a picture (a new rendition for judges only), dismiss a false
alarm, or return the entry to the pupil. The entrant's own texts and files are never changed here.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageFilter

from contest.errors import DomainError, NotAllowed
from submissions.enums import (
    TEXT_FINDING_SOURCES,
    AssetState,
    EntryState,
    FindingKind,
    FindingSource,
    FindingStatus,
)
from submissions.identity import Person, detect_identifiers, fold
from submissions.identity.ocr import OcrUnavailable, read_picture
from submissions.identity.pdf_text import PdfTextUnavailable, read_pdf_text
from submissions.models import Entry, IdentityFinding, JudgeCopy, MediaAsset
from submissions.rules import can_screen_entries

logger = logging.getLogger(__name__)

REDACTED = "[…]"
TEXT_LIMIT = 400_000
MAX_OCR_PAGES = 60
# Findings the entrant's new version replaces; dismissed ones are remembered so a false alarm stays gone.
_REPLACEABLE = (FindingStatus.OPEN, FindingStatus.REDACTED, FindingStatus.EDITED, FindingStatus.RETURNED)


# --- searching -------------------------------------------------------------------------------------------


def people_of(entry: Entry) -> tuple[list[Person], list[str]]:
    """The entrant and team members who must stay unrecognisable, and their schools."""
    people, schools = [], []
    lead = entry.lead_entrant
    if lead is not None:
        school = lead.school.name if lead.school_id else ""
        people.append(Person(full_name=lead.full_name, school=school, email=lead.email))
        schools += [school, lead.school_other]
    for member in entry.team_members.select_related("user__school"):
        user = member.user
        name = member.name or (user.full_name if user else "")
        email = member.email or (user.email if user else "")
        school = user.school.name if user and user.school_id else ""
        people.append(Person(full_name=name, school=school, email=email))
        schools += [school, user.school_other if user else ""]
    return people, [s for s in schools if s]


def _judge_copy(entry: Entry) -> JudgeCopy:
    copy, _created = JudgeCopy.objects.select_for_update().get_or_create(
        entry=entry, defaults={"title": entry.title, "statement": entry.statement, "text": entry.text}
    )
    return copy


def _dismissed(entry: Entry) -> set[tuple[str, str]]:
    rows = IdentityFinding.objects.filter(entry=entry, status=FindingStatus.DISMISSED)
    return {(row.source, fold(row.excerpt)) for row in rows}


def _record(entry, findings, *, source, asset=None, rendition="", regions=None, dismissed=()) -> int:
    rows = []
    for index, finding in enumerate(findings):
        if (source, fold(finding.text)) in dismissed:
            continue
        rows.append(
            IdentityFinding(
                entry=entry,
                asset=asset,
                rendition=rendition,
                source=source,
                kind=finding.kind,
                start=None if regions else finding.start,
                end=None if regions else finding.end,
                excerpt=finding.text[:300],
                region=regions[index] if regions else None,
            )
        )
    IdentityFinding.objects.bulk_create(rows)
    return len(rows)


def refresh_identity_hold(*, entry: Entry) -> bool:
    """Sets `Entry.identity_hold` from the open findings; returns it."""
    hold = IdentityFinding.objects.filter(entry=entry, status=FindingStatus.OPEN).exists()
    Entry.objects.filter(pk=entry.pk).exclude(identity_hold=hold).update(identity_hold=hold)
    entry.identity_hold = hold
    return hold


@transaction.atomic
def check_entry_text(*, entry: Entry) -> int:
    """Searches the entrant's title, introduction and typed text. The judge's copy of them starts again
    from the entrant's words (their new version replaces what screening approved of the old one), and
    the findings of the old version are superseded. Returns the number of open findings recorded."""
    entry = Entry.objects.select_related("lead_entrant__school").get(pk=entry.pk)
    copy = _judge_copy(entry)
    copy.title, copy.statement, copy.text = entry.title, entry.statement, entry.text
    copy.save()
    dismissed = _dismissed(entry)
    IdentityFinding.objects.filter(
        entry=entry, source__in=TEXT_FINDING_SOURCES, status__in=_REPLACEABLE
    ).update(status=FindingStatus.SUPERSEDED, resolved_at=timezone.now())
    people, schools = people_of(entry)
    count = 0
    for source in TEXT_FINDING_SOURCES:
        found = detect_identifiers(getattr(entry, source), people=people, schools=schools)
        count += _record(entry, found, source=source, dismissed=dismissed)
    refresh_identity_hold(entry=entry)
    return count


def _largest(renditions: list[dict], prefix: str) -> dict | None:
    pictures = [
        r for r in renditions if r.get("name", "").startswith(prefix) and r.get("mime") == "image/jpeg"
    ]
    pictures = pictures or [r for r in renditions if r.get("name", "").startswith(prefix)]
    return max(pictures, key=lambda r: r.get("width") or 0, default=None)


def _pictures_to_read(asset: MediaAsset) -> list[tuple[str, dict]]:
    """(rendition a region refers to, rendition to OCR): judges' pictures of the asset."""
    renditions = asset.renditions or []
    if asset.kind == "image":
        largest = _largest(renditions, "image_")
        return [("", largest)] if largest else []
    pages = sorted((r for r in renditions if r.get("name", "").startswith("page_")), key=lambda r: r["name"])
    if pages:
        return [(page["name"], page) for page in pages[:MAX_OCR_PAGES]]
    poster = next((r for r in renditions if r.get("name") == "poster.jpg"), None)
    return [("poster.jpg", poster)] if poster else []


def _read_file_text(asset: MediaAsset) -> str | None:
    rendition = next((r for r in asset.renditions or [] if r.get("name") == "essay.txt"), None)
    if rendition is None:
        return None
    with storages["private"].open(rendition["key"], "rb") as handle:
        return handle.read(TEXT_LIMIT).decode("utf-8", errors="replace").strip()


def _pdf_pages(asset: MediaAsset, work_dir: Path) -> list:
    """The PDF's own text layer, page by page (what a judge reads on the page pictures)."""
    if asset.kind != "pdf":
        return []
    source = work_dir / "document"
    with storages["private"].open(asset.original.name, "rb") as stored:
        source.write_bytes(stored.read())
    try:
        return read_pdf_text(source, max_pages=MAX_OCR_PAGES)
    except PdfTextUnavailable as error:
        logger.warning("asset %s: PDF text not read: %s", asset.pk, error)
        return []


def _ocr(asset: MediaAsset, rendition: dict, work_dir: Path):
    target = work_dir / "picture"
    with storages["private"].open(rendition["key"], "rb") as stored:
        target.write_bytes(stored.read())
    return read_picture(target)


def check_asset_identity(*, asset_id: int) -> int:
    """Searches one ready file: its text (DOCX, typed essay) and the words in its pictures (OCR of the
    drawing, the comic or presentation pages, the video's poster). Returns the open findings recorded.
    OCR runs before the transaction; a picture that cannot be read is logged and left to organisers'
    eyes (the screening page says which files were searched)."""
    import tempfile

    asset = MediaAsset.objects.select_related("entry__lead_entrant__school").get(pk=asset_id)
    if asset.state != AssetState.READY:
        return 0
    entry = asset.entry
    people, schools = people_of(entry)
    text = _read_file_text(asset)
    pages = []
    with tempfile.TemporaryDirectory(prefix="kmm-identity-") as work:
        pdf_pages = _pdf_pages(asset, Path(work))
        for rendition_name, rendition in _pictures_to_read(asset):
            try:
                pages.append((rendition_name, _ocr(asset, rendition, Path(work))))
            except (OcrUnavailable, OSError) as error:
                logger.warning("asset %s: %s not read: %s", asset.pk, rendition.get("name"), error)
    with transaction.atomic():
        copy = _judge_copy(entry)
        dismissed = _dismissed(entry)
        IdentityFinding.objects.filter(
            entry=entry, asset=asset, source__in=(FindingSource.FILE_TEXT, FindingSource.IMAGE),
            status__in=_REPLACEABLE,
        ).update(status=FindingStatus.SUPERSEDED, resolved_at=timezone.now())  # fmt: skip
        copy.renditions.pop(str(asset.pk), None)
        count = 0
        if text is not None:
            copy.file_texts[str(asset.pk)] = text
            found = detect_identifiers(text, people=people, schools=schools)
            count += _record(entry, found, source=FindingSource.FILE_TEXT, asset=asset, dismissed=dismissed)
        seen: dict[str, list[tuple[str, dict]]] = {}
        page_names = sorted(
            r["name"] for r in asset.renditions or [] if r.get("name", "").startswith("page_")
        )
        layers = list(zip(page_names, pdf_pages, strict=False))
        for rendition_name, page in [*pages, *layers]:
            found, regions = [], []
            for finding in detect_identifiers(page.text, people=people, schools=schools):
                region = page.region(finding.start, finding.end) or {"x": 0, "y": 0, "w": 1, "h": 1}
                # The same words read by OCR and from the text layer are one finding.
                if any(k == finding.kind and _overlaps(r, region) for k, r in seen.get(rendition_name, [])):
                    continue
                seen.setdefault(rendition_name, []).append((finding.kind, region))
                found.append(finding)
                regions.append(region)
            count += _record(
                entry,
                found,
                source=FindingSource.IMAGE,
                asset=asset,
                rendition=rendition_name,
                regions=regions,
                dismissed=dismissed,
            )
        copy.checked_assets[str(asset.pk)] = timezone.now().isoformat()
        copy.save()
        refresh_identity_hold(entry=entry)
    return count


# --- resolving -------------------------------------------------------------------------------------------


def _ensure_screener(actor) -> None:
    if not can_screen_entries(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức mới được xử lý thông tin nhận diện."))


def _resolve(finding: IdentityFinding, *, status: str, actor) -> None:
    finding.status = status
    finding.resolved_by = actor
    finding.resolved_at = timezone.now()
    finding.save(update_fields=["status", "resolved_by", "resolved_at", "start", "end"])


def _locked_open(finding: IdentityFinding) -> IdentityFinding:
    locked = IdentityFinding.objects.select_for_update().get(pk=finding.pk)
    if locked.status != FindingStatus.OPEN:
        raise DomainError(_("Thông tin này đã được xử lý."))
    return locked


def _shift_after(finding: IdentityFinding, delta: int) -> None:
    """Spans after a redaction in the same text move by the change in length."""
    later = IdentityFinding.objects.filter(
        entry_id=finding.entry_id, source=finding.source, asset_id=finding.asset_id, start__gte=finding.end
    ).exclude(pk=finding.pk)
    for other in later:
        other.start += delta
        other.end += delta
        other.save(update_fields=["start", "end"])


@transaction.atomic
def redact_finding(*, finding: IdentityFinding, actor) -> IdentityFinding:
    """One click: the span becomes "[…]" in the judge's copy (or its region is blurred in the judges'
    picture). The entrant's text is untouched."""
    _ensure_screener(actor)
    finding = _locked_open(finding)
    if finding.source == FindingSource.IMAGE:
        blur_region(
            entry=finding.entry,
            asset=finding.asset,
            rendition=finding.rendition,
            box=finding.region,
            actor=actor,
        )
        finding.refresh_from_db()
        return finding
    if finding.source == FindingSource.JUDGE:
        raise DomainError(
            _("Báo cáo của giám khảo không có đoạn để ẩn: hãy sửa bản cho giám khảo hoặc trả bài.")
        )
    copy = _judge_copy(finding.entry)
    if finding.source == FindingSource.FILE_TEXT:
        current = copy.file_texts.get(str(finding.asset_id), "")
    else:
        current = getattr(copy, finding.source)
    if fold(current[finding.start : finding.end]) != fold(finding.excerpt):
        raise DomainError(_("Bản cho giám khảo đã đổi; hãy tải lại trang."))
    updated = current[: finding.start] + REDACTED + current[finding.end :]
    if finding.source == FindingSource.FILE_TEXT:
        copy.file_texts[str(finding.asset_id)] = updated
    else:
        setattr(copy, finding.source, updated[:200] if finding.source == FindingSource.TITLE else updated)
    copy.save()
    _shift_after(finding, len(REDACTED) - (finding.end - finding.start))
    finding.end = finding.start + len(REDACTED)
    _resolve(finding, status=FindingStatus.REDACTED, actor=actor)
    refresh_identity_hold(entry=finding.entry)
    return finding


@transaction.atomic
def dismiss_finding(*, finding: IdentityFinding, actor, note: str = "") -> IdentityFinding:
    """A false alarm ("ngày mai" is not the pupil Mai): closed, and not raised again for the same words."""
    _ensure_screener(actor)
    finding = _locked_open(finding)
    finding.note = (note or "").strip()
    finding.save(update_fields=["note"])
    _resolve(finding, status=FindingStatus.DISMISSED, actor=actor)
    refresh_identity_hold(entry=finding.entry)
    return finding


@transaction.atomic
def edit_judge_copy(*, entry: Entry, actor, title: str, statement: str, text: str) -> JudgeCopy:
    """Organisers' own wording of what judges read. The new wording is searched again: open text findings
    no longer found there are resolved as edited, those still found stay open at their new place; a
    judge's report is resolved by the edit."""
    _ensure_screener(actor)
    copy = _judge_copy(entry)
    copy.title, copy.statement, copy.text = title.strip()[:200], statement.strip(), text.strip()
    copy.save()
    people, schools = people_of(entry)
    found = {
        source: detect_identifiers(getattr(copy, source), people=people, schools=schools)
        for source in TEXT_FINDING_SOURCES
    }
    open_findings = IdentityFinding.objects.select_for_update().filter(
        entry=entry, status=FindingStatus.OPEN, source__in=(*TEXT_FINDING_SOURCES, FindingSource.JUDGE)
    )
    for finding in open_findings:
        if finding.source == FindingSource.JUDGE:
            _resolve(finding, status=FindingStatus.EDITED, actor=actor)
            continue
        still = next(
            (
                f
                for f in found[finding.source]
                if f.kind == finding.kind and fold(f.text) == fold(finding.excerpt)
            ),
            None,
        )
        if still is None:
            _resolve(finding, status=FindingStatus.EDITED, actor=actor)
        else:
            finding.start, finding.end = still.start, still.end
            finding.save(update_fields=["start", "end"])
    refresh_identity_hold(entry=entry)
    return copy


def _blurred(data: bytes, box: dict, *, fmt: str) -> bytes:
    with Image.open(io.BytesIO(data)) as opened:
        picture = opened.convert("RGB")
    width, height = picture.size
    pad_x, pad_y = 0.01 * width + 4, 0.01 * height + 4
    left = max(0, int(box["x"] * width - pad_x))
    top = max(0, int(box["y"] * height - pad_y))
    right = min(width, int((box["x"] + box["w"]) * width + pad_x) + 1)
    bottom = min(height, int((box["y"] + box["h"]) * height + pad_y) + 1)
    if right > left and bottom > top:
        region = picture.crop((left, top, right, bottom))
        # Pixelate, then blur: a blur alone can sometimes be read back.
        small = region.resize(
            (max(1, region.width // 12), max(1, region.height // 12)), Image.Resampling.BILINEAR
        )
        region = small.resize(region.size, Image.Resampling.NEAREST).filter(ImageFilter.GaussianBlur(6))
        picture.paste(region, (left, top))
    out = io.BytesIO()
    # A fresh image written by Pillow with no exif, icc or xmp arguments carries no metadata.
    picture.save(out, fmt, quality=88)
    return out.getvalue()


_FORMATS = {"image/jpeg": "JPEG", "image/webp": "WEBP", "image/png": "PNG"}


def _affected(asset: MediaAsset, rendition: str) -> list[dict]:
    renditions = asset.renditions or []
    if rendition:
        return [r for r in renditions if r.get("name") == rendition]
    return [r for r in renditions if r.get("name", "").startswith("image_") and r.get("mime") in _FORMATS]


def _overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


@transaction.atomic
def blur_region(*, entry: Entry, asset: MediaAsset, rendition: str, box: dict, actor) -> JudgeCopy:
    """Writes judges' copies of the picture (every width of an image, or one page or poster) with the
    box pixelated and blurred; judges are served those from now on. Open findings in the box are
    resolved as blurred. `box` is in fractions of the picture: {"x", "y", "w", "h"}."""
    _ensure_screener(actor)
    if asset is None or asset.entry_id != entry.pk:
        raise DomainError(_("Tệp không thuộc bài dự thi này."))
    try:
        box = {k: min(1.0, max(0.0, float(box[k]))) for k in ("x", "y", "w", "h")}
    except (KeyError, TypeError, ValueError):
        raise DomainError(_("Vùng cần làm mờ không hợp lệ.")) from None
    if box["w"] <= 0 or box["h"] <= 0:
        raise DomainError(_("Vùng cần làm mờ không hợp lệ."))
    targets = _affected(asset, rendition)
    if not targets:
        raise DomainError(_("Không có hình nào để làm mờ ở đây."))
    copy = _judge_copy(entry)
    storage = storages["private"]
    replaced = copy.renditions.setdefault(str(asset.pk), {})
    for target in targets:
        name = target["name"]
        current_key = replaced.get(name, target["key"])
        with storage.open(current_key, "rb") as handle:
            data = handle.read()
        fmt = _FORMATS.get(target.get("mime", ""), "JPEG")
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        key = f"renditions/{asset.upload_key}/judge/{stamp}-{name}"
        saved = storage.save(key, ContentFile(_blurred(data, box, fmt=fmt), name=name))
        replaced[name] = saved
    copy.save()
    inside = IdentityFinding.objects.select_for_update().filter(
        entry=entry, asset=asset, source=FindingSource.IMAGE, rendition=rendition, status=FindingStatus.OPEN
    )
    for finding in inside:
        if finding.region and _overlaps(finding.region, box):
            _resolve(finding, status=FindingStatus.BLURRED, actor=actor)
    refresh_identity_hold(entry=entry)
    return copy


@transaction.atomic
def return_for_identity(*, entry: Entry, actor, reason: str) -> Entry:
    """Sends the entry back to the pupil to take the identifiers out themselves; their next submission
    is searched again."""
    from submissions.services.screening import screen_entry

    _ensure_screener(actor)
    if entry.state not in (EntryState.SUBMITTED, EntryState.ELIGIBLE):
        raise DomainError(_("Chỉ trả được bài đã nộp hoặc hợp lệ."))
    screen_entry(entry=entry, decision="returned", actor=actor, reason=reason)
    for finding in IdentityFinding.objects.select_for_update().filter(entry=entry, status=FindingStatus.OPEN):
        _resolve(finding, status=FindingStatus.RETURNED, actor=actor)
    refresh_identity_hold(entry=entry)
    return entry


@transaction.atomic
def report_identity(*, entry: Entry, actor, note: str) -> IdentityFinding:
    """A judge says the entry identifies its author: organisers get an open finding, and the entry's
    sheets pause (the hold) until they resolve it. What the judge saw stays in the note, for organisers."""
    note = re.sub(r"\s+", " ", note or "").strip()
    finding = IdentityFinding.objects.create(
        entry=entry,
        source=FindingSource.JUDGE,
        kind=FindingKind.REPORTED,
        note=note[:2000],
        reported_by=actor,
    )
    refresh_identity_hold(entry=entry)
    return finding
