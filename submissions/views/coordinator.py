"""The school coordinator's pages: their school only, chosen from the signed-in account, never from the URL."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contest.enums import Role
from contest.errors import DomainError
from contest.models import User
from contest.selectors import open_contests
from contest.services import decide_school_claim
from contest.spreadsheets import spreadsheet_response
from privacy.enums import ConsentPurpose
from privacy.forms import GuardianInviteForm, PaperConsentForm
from privacy.models import Consent
from privacy.selectors import live_guardian_request
from privacy.services import consent as consent_services
from submissions.enums import AssetState, EntryState
from submissions.filters import PupilFilterSet, SchoolEntryFilterSet
from submissions.forms import OnBehalfContestForm, OnBehalfEntryForm, SchoolClaimForm
from submissions.models import MediaAsset
from submissions.rules import (
    can_coordinate_school,
    can_decide_school_claim,
    can_manage_pupil,
    can_view_renditions,
)
from submissions.selectors.consent import entry_consent_gaps
from submissions.selectors.schools import pupil_rows, school_claims, school_entries, school_pupils
from submissions.services.on_behalf import submit_entry_on_behalf
from submissions.services.uploads import accepted_extensions


def _coordinator(request):
    if not can_coordinate_school(request.user):
        raise PermissionDenied
    return request.user.school


def _pupil(request, pk) -> User:
    """A pupil of the coordinator's own school, or 404 — another school's pupil looks like no pupil."""
    _coordinator(request)
    pupil = User.objects.filter(pk=pk, role=Role.ENTRANT).select_related("school").first()
    if pupil is None or not can_manage_pupil(request.user, pupil):
        raise Http404
    return pupil


@login_required
@require_GET
def dashboard(request):
    school = _coordinator(request)
    pupil_filter = PupilFilterSet(request.GET or None, queryset=school_pupils(school=school))
    entry_filter = SchoolEntryFilterSet(
        request.GET or None, queryset=school_entries(school=school), prefix="e"
    )
    page = Paginator(pupil_filter.qs, 50).get_page(request.GET.get("page"))
    entries = list(entry_filter.qs[:200])
    entries_by_state = {}
    for entry in school_entries(school=school).values_list("contest__title", "state"):
        key = (entry[0], EntryState(entry[1]).label)
        entries_by_state[key] = entries_by_state.get(key, 0) + 1
    context = {
        "school": school,
        "pupil_filter": pupil_filter,
        "entry_filter": entry_filter,
        "page": page,
        "rows": pupil_rows(page.object_list),
        "claims": list(school_claims(school=school)[:500]),
        "entries": entries,
        "entries_by_state": sorted(entries_by_state.items()),
        "query": request.GET.urlencode(),
    }
    return render(request, "coordinator/dashboard.html", context)


@login_required
@require_GET
def export(request, kind, fmt):
    school = _coordinator(request)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if kind == "hoc-sinh":
        pupils = PupilFilterSet(request.GET or None, queryset=school_pupils(school=school)).qs
        headers = [_("Họ và tên"), _("Lớp"), _("Số bài")]
        headers += [str(p.label) for p in ConsentPurpose]
        rows = []
        for row in pupil_rows(pupils):
            pupil = row["pupil"]
            values = [pupil.full_name, pupil.class_name, pupil.entries_total]
            values += [_("Đủ") if p["in_force"] else _("Thiếu") for p in row["purposes"]]
            rows.append(values)
        return spreadsheet_response(
            headers=headers, rows=rows, filename=f"hoc-sinh-{school.code}-{stamp}", fmt=fmt
        )
    if kind == "bai-du-thi":
        entries = SchoolEntryFilterSet(
            request.GET or None, queryset=school_entries(school=school), prefix="e"
        ).qs
        headers = [_("Mã bài"), _("Cuộc thi"), _("Học sinh"), _("Trạng thái"), _("Đủ sự đồng ý tham gia")]
        rows = [
            [
                e.code,
                e.contest.title,
                e.lead_entrant.full_name,
                EntryState(e.state).label,
                _("Có") if e.consent_complete else _("Chưa"),
            ]
            for e in entries
        ]
        return spreadsheet_response(
            headers=headers, rows=rows, filename=f"bai-du-thi-{school.code}-{stamp}", fmt=fmt
        )
    raise Http404


def _pupil_context(request, pupil, **forms):
    entries = list(
        school_entries(school=pupil.school)
        .filter(lead_entrant=pupil)
        .prefetch_related("team_members__user", "assets")
    )
    return {
        "pupil": pupil,
        "row": pupil_rows([pupil])[0],
        "entries": [(e, entry_consent_gaps(entry=e), _renditions(e)) for e in entries],
        "consents": Consent.objects.filter(subject=pupil).select_related("given_by").order_by("-given_at"),
        "live_request": live_guardian_request(entrant=pupil),
        "paper_form": forms.get("paper_form") or PaperConsentForm(),
        "invite_form": forms.get("invite_form") or GuardianInviteForm(),
        **_on_behalf_forms(request, entry_form=forms.get("entry_form")),
    }


def _on_behalf_forms(request, *, entry_form=None) -> dict:
    """The contest chooser, and once a contest is chosen (`?contest=`), a form for the file kinds and the
    typed text that contest accepts."""
    contests = open_contests()
    if entry_form is not None:
        contest = entry_form.contest
    else:
        chooser = OnBehalfContestForm(request.GET if "contest" in request.GET else None, contests=contests)
        contest = chooser.cleaned_data["contest"] if chooser.is_bound and chooser.is_valid() else None
        if contest is not None:
            entry_form = _entry_form(contest=contest, contests=contests)
    chooser = OnBehalfContestForm(
        initial={"contest": contest.pk if contest else None}, contests=contests, auto_id="chooser_%s"
    )
    return {"contest_form": chooser, "entry_form": entry_form, "entry_contest": contest}


def _entry_form(*, contest, contests, data=None, files=None) -> OnBehalfEntryForm:
    return OnBehalfEntryForm(
        data, files, contest=contest, contests=contests, extensions=accepted_extensions(contest)
    )


def _renditions(entry) -> list[dict]:
    """The entry's files as the coordinator may see them: the pipeline's scrubbed renditions only."""
    files = []
    for asset in entry.assets.all():
        if asset.state != AssetState.READY:
            continue
        for rendition in asset.renditions or []:
            if isinstance(rendition, dict) and rendition.get("name"):
                files.append({"asset": asset, "name": rendition["name"]})
    return files


@login_required
@require_POST
def decide_claim(request, pk):
    """Confirms or rejects a pupil's claim to belong to the coordinator's school."""
    _coordinator(request)
    pupil = User.objects.filter(pk=pk, role=Role.ENTRANT).first()
    if pupil is None or not can_decide_school_claim(request.user, pupil):
        raise Http404
    form = SchoolClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ. Hãy tải lại trang rồi thử lại."))
        return redirect("consent:coordinator")
    try:
        decide_school_claim(pupil=pupil, coordinator=request.user, to_state=form.cleaned_data["decision"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, SchoolClaimForm.DONE[form.cleaned_data["decision"]] % {"name": pupil.full_name}
        )
    return redirect("consent:coordinator")


@login_required
@require_GET
def rendition(request, asset_id, name):
    """A scrubbed rendition of a confirmed pupil's file. Originals (with their EXIF and GPS) never go to
    coordinators."""
    _coordinator(request)
    asset = (
        MediaAsset.objects.filter(pk=asset_id, state=AssetState.READY)
        .select_related("entry", "entry__lead_entrant")
        .first()
    )
    match = None
    if asset is not None and can_view_renditions(request.user, asset.entry):
        match = next(
            (r for r in asset.renditions or [] if isinstance(r, dict) and r.get("name") == name), None
        )
    if match is None:
        raise Http404
    try:
        handle = storages["private"].open(match["key"], "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=match.get("mime") or "application/octet-stream",
        filename=f"{asset.entry.code}-{asset.position}-{name}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def pupil_detail(request, pk):
    pupil = _pupil(request, pk)
    return render(request, "coordinator/pupil.html", _pupil_context(request, pupil))


@login_required
@require_POST
def paper_consent(request, pk):
    pupil = _pupil(request, pk)
    form = PaperConsentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            consent_services.record_paper_consent(
                pupil=pupil,
                purposes=form.purposes(),
                coordinator=request.user,
                scan=form.cleaned_data["scan"],
                guardian_name=form.cleaned_data["guardian_name"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status_code
        else:
            messages.success(request, _("Đã ghi nhận phiếu đồng ý."))
            return redirect("consent:coordinator_pupil", pk=pupil.pk)
    else:
        status = 400
    return render(
        request, "coordinator/pupil.html", _pupil_context(request, pupil, paper_form=form), status=status
    )


@login_required
@require_POST
def invite_guardian(request, pk):
    pupil = _pupil(request, pk)
    form = GuardianInviteForm(request.POST)
    if form.is_valid():
        try:
            consent_services.request_guardian_consent(
                entrant=pupil,
                guardian_email=form.cleaned_data["guardian_email"],
                guardian_name=form.cleaned_data["guardian_name"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status_code
        else:
            messages.success(request, _("Đã gửi thư tới phụ huynh."))
            return redirect("consent:coordinator_pupil", pk=pupil.pk)
    else:
        status = 400
    return render(
        request, "coordinator/pupil.html", _pupil_context(request, pupil, invite_form=form), status=status
    )


@login_required
@require_POST
def submit_on_behalf(request, pk):
    """A pupil's work entered by their coordinator (a drawing photographed, an essay typed in, a clip):
    the entry is the pupil's, the coordinator is the actor of every audit row and `submitted_by`."""
    pupil = _pupil(request, pk)
    contests = open_contests()
    chooser = OnBehalfContestForm(request.POST, contests=contests)
    if not chooser.is_valid():
        messages.error(request, _("Hãy chọn một cuộc thi đang mở nhận bài."))
        return render(request, "coordinator/pupil.html", _pupil_context(request, pupil), status=400)
    form = _entry_form(
        contest=chooser.cleaned_data["contest"], contests=contests, data=request.POST, files=request.FILES
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = submit_entry_on_behalf(
                pupil=pupil,
                coordinator=request.user,
                contest=form.contest,
                title=data["title"],
                statement=data["statement"],
                text=data.get("text", ""),
                files=data.get("files", []),
            )
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status_code
        else:
            messages.success(
                request,
                _("Đã nộp bài %(code)s thay cho %(name)s. Biên nhận đã gửi tới học sinh và thầy cô.")
                % {"code": entry.code, "name": pupil.full_name},
            )
            return redirect("consent:coordinator_pupil", pk=pupil.pk)
    else:
        status = 400
    return render(
        request, "coordinator/pupil.html", _pupil_context(request, pupil, entry_form=form), status=status
    )
