"""Organisers resolve identity findings on an entry's screening page: redact, edit the judges' copy, blur
a region of a picture, dismiss a false alarm, or return the entry to the pupil. Each view checks the
screening predicate, validates a form, calls one service and goes back to the entry's page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contest.errors import DomainError
from submissions.enums import FindingSource, FindingStatus
from submissions.forms import BlurRegionForm, DismissFindingForm, IdentityReturnForm, JudgeCopyForm
from submissions.media.render import RENDITION_NAME_PATTERN
from submissions.models import Entry, IdentityFinding, MediaAsset
from submissions.rules import can_screen_entries
from submissions.selectors.identity import entry_findings, judge_renditions, judge_version
from submissions.services import identity as services

CONTEXT_CHARS = 40
_RENDITION_NAME = re.compile(RENDITION_NAME_PATTERN)


@dataclass
class AssetDisplay:
    """What the screening page shows of one file: the renditions judges get, by player."""

    asset: MediaAsset
    video: str = ""
    poster: str = ""
    audio: str = ""
    waveform: str = ""
    image: str = ""
    pages: list[str] = field(default_factory=list)
    blurred: set[str] = field(default_factory=set)
    judge_text: str | None = None
    has_text_file: bool = False
    checked: bool = False
    names: list[str] = field(default_factory=list)


def asset_displays(entry: Entry, version) -> list[AssetDisplay]:
    displays = []
    for asset in entry.assets.all():
        names = {
            r["name"]: r
            for r in asset.renditions or []
            if isinstance(r, dict) and _RENDITION_NAME.fullmatch(str(r.get("name", "")))
        }
        display = AssetDisplay(asset=asset, checked=asset.pk in version.checked_assets, names=list(names))
        videos = sorted(
            (n for n in names if n.startswith("video_")), key=lambda n: -(names[n].get("height") or 0)
        )
        display.video = videos[0] if videos else ""
        display.poster = "poster.jpg" if "poster.jpg" in names else ""
        display.audio = "audio.m4a" if "audio.m4a" in names else ""
        display.waveform = "waveform.png" if "waveform.png" in names else ""
        images = [n for n in names if n.startswith("image_") and n.endswith(".jpg")]
        display.image = max(images, key=lambda n: names[n].get("width") or 0, default="")
        display.pages = sorted(n for n in names if n.startswith("page_"))
        display.blurred = set(version.renditions.get(asset.pk, {}))
        display.has_text_file = "essay.txt" in names
        display.judge_text = version.file_texts.get(asset.pk)
        displays.append(display)
    return displays


def _text_of(finding: IdentityFinding, version) -> str:
    if finding.source == FindingSource.FILE_TEXT:
        return version.file_texts.get(finding.asset_id, "")
    if finding.source in (FindingSource.TITLE, FindingSource.STATEMENT, FindingSource.TEXT):
        return getattr(version, finding.source)
    return ""


def finding_rows(entry: Entry, version) -> list[dict]:
    """Each finding with the words around it in the judges' copy, so organisers can judge the context."""
    rows = []
    for finding in entry_findings(entry=entry):
        row = {"finding": finding, "before": "", "match": finding.excerpt, "after": ""}
        text = _text_of(finding, version)
        if finding.start is not None and text:
            row["before"] = text[max(0, finding.start - CONTEXT_CHARS) : finding.start]
            row["match"] = text[finding.start : finding.end]
            row["after"] = text[finding.end : finding.end + CONTEXT_CHARS]
        rows.append(row)
    rows.sort(key=lambda r: (r["finding"].status != FindingStatus.OPEN, r["finding"].pk))
    return rows


def identity_context(entry: Entry) -> dict:
    version = judge_version(entry=entry)
    rows = finding_rows(entry, version)
    return {
        "judge_version": version,
        "findings": rows,
        "open_findings": sum(1 for r in rows if r["finding"].status == FindingStatus.OPEN),
        "asset_displays": asset_displays(entry, version),
        "copy_form": JudgeCopyForm(
            initial={"title": version.title, "statement": version.statement, "text": version.text}
        ),
        "return_form": IdentityReturnForm(),
        "dismiss_form": DismissFindingForm(),
    }


def _forbidden(request):
    return TemplateResponse(request, "wagtailadmin_screening/forbidden.html", {}, status=403)


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


def _done(request, entry_id: int, message: str):
    messages.success(request, message)
    return redirect("screening_entry", pk=entry_id)


def _refused(request, entry_id: int, error: DomainError):
    messages.error(request, error.message)
    response = redirect("screening_entry", pk=entry_id)
    return response


@require_POST
def redact_finding(request, pk):
    if not can_screen_entries(request.user):
        return _forbidden(request)
    finding = get_object_or_404(IdentityFinding.objects.select_related("entry", "asset"), pk=pk)
    try:
        services.redact_finding(finding=finding, actor=request.user)
    except DomainError as error:
        return _refused(request, finding.entry_id, error)
    return _done(request, finding.entry_id, _("Đã ẩn thông tin trong bản cho giám khảo."))


@require_POST
def dismiss_finding(request, pk):
    if not can_screen_entries(request.user):
        return _forbidden(request)
    finding = get_object_or_404(IdentityFinding.objects.select_related("entry"), pk=pk)
    form = DismissFindingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("screening_entry", pk=finding.entry_id)
    try:
        services.dismiss_finding(finding=finding, actor=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        return _refused(request, finding.entry_id, error)
    return _done(request, finding.entry_id, _("Đã ghi nhận: không phải thông tin nhận diện."))


@require_POST
def edit_judge_copy(request, pk):
    if not can_screen_entries(request.user):
        return _forbidden(request)
    entry = get_object_or_404(Entry, pk=pk)
    form = JudgeCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("screening_entry", pk=entry.pk)
    try:
        services.edit_judge_copy(entry=entry, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        return _refused(request, entry.pk, error)
    return _done(request, entry.pk, _("Đã lưu bản cho giám khảo."))


@require_POST
def blur_region(request, pk):
    if not can_screen_entries(request.user):
        return _forbidden(request)
    entry = get_object_or_404(Entry, pk=pk)
    form = BlurRegionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy kéo chọn vùng cần làm mờ trên hình."))
        return redirect("screening_entry", pk=entry.pk)
    asset = MediaAsset.objects.filter(pk=form.cleaned_data["asset"], entry=entry).first()
    try:
        services.blur_region(
            entry=entry,
            asset=asset,
            rendition=form.cleaned_data["rendition"],
            box=form.box(),
            actor=request.user,
        )
    except DomainError as error:
        return _refused(request, entry.pk, error)
    return _done(request, entry.pk, _("Đã làm mờ vùng đã chọn trong hình cho giám khảo."))


@require_POST
def return_entry(request, pk):
    if not can_screen_entries(request.user):
        return _forbidden(request)
    entry = get_object_or_404(Entry, pk=pk)
    form = IdentityReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do để thí sinh biết cần sửa gì."))
        return redirect("screening_entry", pk=entry.pk)
    try:
        services.return_for_identity(entry=entry, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        return _refused(request, entry.pk, error)
    return _done(request, entry.pk, _("Đã trả bài cho thí sinh sửa."))


@require_GET
def judge_file(request, pk, name):
    """A rendition as judges get it (blurred where organisers blurred it), for organisers to check."""
    if not can_screen_entries(request.user):
        return _forbidden(request)
    asset = get_object_or_404(MediaAsset.objects.select_related("entry"), pk=pk)
    renditions = judge_renditions(asset=asset, version=judge_version(entry=asset.entry))
    match = next((r for r in renditions if isinstance(r, dict) and r.get("name") == name), None)
    if match is None:
        raise Http404
    try:
        handle = storages["private"].open(match["key"], "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=match.get("mime") or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
