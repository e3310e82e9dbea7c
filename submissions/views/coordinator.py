"""The school coordinator's pages: their school only, chosen from the signed-in account, never from the URL."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contest.enums import Role
from contest.errors import DomainError
from contest.models import User
from contest.selectors import open_contests
from contest.spreadsheets import spreadsheet_response
from privacy.enums import ConsentPurpose
from privacy.forms import GuardianInviteForm, PaperConsentForm
from privacy.models import Consent
from privacy.selectors import live_guardian_request
from privacy.services import consent as consent_services
from submissions.enums import EntryState
from submissions.filters import PupilFilterSet, SchoolEntryFilterSet
from submissions.forms import OnBehalfEntryForm
from submissions.rules import can_coordinate_school, can_manage_pupil
from submissions.selectors.consent import entry_consent_gaps
from submissions.selectors.schools import pupil_rows, school_entries, school_pupils
from submissions.services.consent import refresh_entry_consent


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
        headers = [_("Họ và tên"), _("E-mail"), _("Lớp"), _("Ngày sinh"), _("Số bài")]
        headers += [str(p.label) for p in ConsentPurpose]
        rows = []
        for row in pupil_rows(pupils):
            pupil = row["pupil"]
            born = pupil.date_of_birth.strftime("%d/%m/%Y") if pupil.date_of_birth else ""
            values = [pupil.full_name, pupil.email, pupil.class_name, born, pupil.entries_total]
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
        school_entries(school=pupil.school).filter(lead_entrant=pupil).prefetch_related("team_members__user")
    )
    return {
        "pupil": pupil,
        "row": pupil_rows([pupil])[0],
        "entries": [(e, entry_consent_gaps(entry=e)) for e in entries],
        "consents": Consent.objects.filter(subject=pupil).select_related("given_by").order_by("-given_at"),
        "live_request": live_guardian_request(entrant=pupil),
        "paper_form": forms.get("paper_form") or PaperConsentForm(),
        "invite_form": forms.get("invite_form") or GuardianInviteForm(),
        "entry_form": forms.get("entry_form") or OnBehalfEntryForm(contests=open_contests()),
    }


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
    """A photographed drawing entered for a pupil: the entry is the pupil's, the coordinator is the actor
    of every audit row (EntryEvent) and is stored as `submitted_by`."""
    from submissions.services.entries import create_entry, submit_entry
    from submissions.services.uploads import store_file

    pupil = _pupil(request, pk)
    form = OnBehalfEntryForm(request.POST, request.FILES, contests=open_contests())
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                entry = create_entry(
                    contest=data["contest"],
                    lead_entrant=pupil,
                    actor=request.user,
                    title=data["title"],
                    statement=data["statement"],
                )
                store_file(
                    entry=entry, actor=request.user, fileobj=data["file"], original_name=data["file"].name
                )
                submit_entry(entry=entry, actor=request.user)
                refresh_entry_consent(entry=entry)
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status_code
        else:
            messages.success(request, _("Đã nộp bài %(code)s thay cho học sinh.") % {"code": entry.code})
            return redirect("consent:coordinator_pupil", pk=pupil.pk)
    else:
        status = 400
    return render(
        request, "coordinator/pupil.html", _pupil_context(request, pupil, entry_form=form), status=status
    )
