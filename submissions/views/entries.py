"""The entrant's pages: enter a contest, edit and autosave, team, submit, receipt, withdraw, my entries."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest import selectors as contest_selectors
from contest.errors import DomainError
from contest.models import Contest
from contest.redirects import safe_next
from contest.rules import can_enter_contest
from contest.selectors import format_rules_in_words
from privacy.forms import GuardianInviteForm
from privacy.rules import can_manage_own_consent
from privacy.services import consent as consent_services
from submissions.enums import EDITABLE_ENTRY_STATES, ENTRY_TRANSITIONS, EntryState
from submissions.forms import EntryForm, StartEntryForm, TeamFormSet, WithdrawForm
from submissions.rules import can_preview_entry
from submissions.selectors.checklist import entry_checklist, entry_checklists
from submissions.selectors.entries import (
    active_entries_in_contest,
    entries_for_my_page,
    entries_visible_to,
    user_entries_in_contest,
)
from submissions.selectors.preview import entry_preview
from submissions.services import entries as entry_services
from submissions.services.uploads import accepted_extensions


@login_required
@require_GET
def my_entries(request):
    entries = list(entries_for_my_page(user=request.user))
    now = timezone.now()
    for entry in entries:
        entry.is_open = entry.contest.opens_at <= now < entry.contest.closes_at
        entry.can_change = entry.is_open and entry.state in EDITABLE_ENTRY_STATES
        entry.can_withdraw = EntryState.WITHDRAWN in ENTRY_TRANSITIONS[entry.state]
    checklists = entry_checklists(entries=entries, viewer=request.user)
    for entry in entries:
        entry.checklist = checklists[entry.pk]
    return render(request, "submissions/my_entries.html", {"entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def enter_contest(request, contest_id: int):
    contest = get_object_or_404(Contest.objects.select_related("campaign"), pk=contest_id)
    if not can_enter_contest(request.user, contest):
        raise Http404
    existing = list(user_entries_in_contest(user=request.user, contest=contest))
    active = list(active_entries_in_contest(user=request.user, contest=contest))
    at_limit = len(active) >= contest.entries_per_entrant
    if request.method == "GET" and at_limit and len(active) == 1:
        # The contest page's "Nộp bài dự thi" leads straight to the entry the pupil already has.
        return redirect("submissions:edit", pk=active[0].pk)
    form = StartEntryForm(request.POST or None, initial={"idempotency_key": uuid.uuid4()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = entry_services.create_entry(
                    contest=contest,
                    lead_entrant=request.user,
                    actor=request.user,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except DomainError as error:
                messages.error(request, error.message)
                status = error.status_code
            else:
                return redirect("submissions:edit", pk=entry.pk)
        else:
            messages.error(request, _("Yêu cầu không hợp lệ. Hãy tải lại trang rồi thử lại."))
            status = 400
        form = StartEntryForm(initial={"idempotency_key": uuid.uuid4()})
    context = {
        "contest": contest,
        "form": form,
        "existing": existing,
        "at_limit": at_limit,
        "format_rules": format_rules_in_words(contest),
        "is_open": contest_selectors.is_contest_open(contest=contest),
    }
    return render(request, "submissions/enter.html", context, status=status)


def _entry_for(request, pk: int):
    return get_object_or_404(entries_for_my_page(user=request.user), pk=pk)


def _edit_context(request, entry, *, form=None, team_formset=None):
    contest = entry.contest
    now = timezone.now()
    editable = entry.state in EDITABLE_ENTRY_STATES and contest.opens_at <= now < contest.closes_at
    members = [{"name": m.name, "email": m.email} for m in entry.team_members.all()]
    if form is None:
        form = EntryForm(
            contest=contest, initial={"title": entry.title, "statement": entry.statement, "text": entry.text}
        )
    if team_formset is None:
        team_formset = TeamFormSet(
            prefix="team",
            initial=members + [{}] * max(0, contest.team_size_max - 1 - len(members)),
        )
        team_formset.extra = 0
    assets = list(entry.assets.all())
    return {
        "entry": entry,
        "preview": entry_preview(entry=entry, assets=assets)
        if can_preview_entry(request.user, entry)
        else None,
        "checklist": entry_checklist(entry=entry, viewer=request.user),
        "contest": contest,
        "form": form,
        "team_formset": team_formset,
        "assets": assets,
        "open_uploads": entry.open_uploads,
        "editable": editable,
        "format_rules": format_rules_in_words(contest),
        "accept": ",".join("." + ext for ext in accepted_extensions(contest)),
        "accept_words": ", ".join(ext.upper() for ext in accepted_extensions(contest)),
        # Files the pupil may still choose: an upload left half-done keeps its place and is resumed by
        # choosing its file again, so it must not hide the file picker (the S3 outage drill found a one-file
        # contest whose interrupted upload could not be resumed after a reload). A different file in its
        # place is refused by the server with a clear message.
        "remaining_files": max(0, contest.max_files - len(assets)),
        "can_withdraw": EntryState.WITHDRAWN in ENTRY_TRANSITIONS[entry.state]
        and not entry_services.withdrawal_refused(entry=entry),
        "is_submitted": entry.state == EntryState.SUBMITTED,
        "changed_since_submit": bool(
            entry.submitted_at and entry.content_changed_at and entry.content_changed_at > entry.submitted_at
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit_entry(request, pk: int):
    entry = _entry_for(request, pk)
    if request.method == "GET":
        return render(request, "submissions/edit.html", _edit_context(request, entry))
    form = EntryForm(request.POST, contest=entry.contest)
    if not form.is_valid():
        messages.error(request, _("Hãy sửa các lỗi bên dưới."))
        return render(request, "submissions/edit.html", _edit_context(request, entry, form=form), status=400)
    try:
        entry_services.update_entry(
            entry=entry,
            actor=request.user,
            title=form.cleaned_data["title"],
            statement=form.cleaned_data["statement"],
            text=form.cleaned_data.get("text", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return render(
            request,
            "submissions/edit.html",
            _edit_context(request, entry, form=form),
            status=error.status_code,
        )
    messages.success(request, _("Đã lưu bản nháp."))
    return redirect("submissions:edit", pk=entry.pk)


@login_required
@require_POST
def autosave_entry(request, pk: int):
    entry = get_object_or_404(entries_visible_to(request.user).select_related("contest"), pk=pk)
    form = EntryForm(request.POST, contest=entry.contest)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return JsonResponse({"ok": False, "error": first}, status=400)
    try:
        entry_services.update_entry(
            entry=entry,
            actor=request.user,
            title=form.cleaned_data["title"],
            statement=form.cleaned_data["statement"],
            text=form.cleaned_data.get("text", ""),
        )
    except DomainError as error:
        return JsonResponse({"ok": False, "error": error.message}, status=error.status_code)
    saved_at = timezone.localtime().strftime("%H:%M:%S")
    return JsonResponse({"ok": True, "saved_at": saved_at, "message": _("Đã tự lưu lúc %s") % saved_at})


@login_required
@require_POST
def save_team(request, pk: int):
    entry = _entry_for(request, pk)
    formset = TeamFormSet(request.POST, prefix="team")
    if not formset.is_valid():
        messages.error(request, _("Thông tin thành viên nhóm chưa đúng. Hãy kiểm tra lại."))
        return render(
            request, "submissions/edit.html", _edit_context(request, entry, team_formset=formset), status=400
        )
    members = [f.cleaned_data for f in formset.forms if f.cleaned_data]
    try:
        entry_services.set_team_members(entry=entry, actor=request.user, members=members)
    except DomainError as error:
        messages.error(request, error.message)
        return render(
            request,
            "submissions/edit.html",
            _edit_context(request, entry, team_formset=formset),
            status=error.status_code,
        )
    messages.success(request, _("Đã lưu thành viên nhóm."))
    return redirect("submissions:edit", pk=entry.pk)


@login_required
@require_POST
def submit(request, pk: int):
    entry = _entry_for(request, pk)
    try:
        entry_services.submit_entry(entry=entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        entry = _entry_for(request, pk)
        return render(
            request, "submissions/edit.html", _edit_context(request, entry), status=error.status_code
        )
    return redirect("submissions:receipt", pk=entry.pk)


@login_required
@require_GET
def receipt(request, pk: int):
    entry = _entry_for(request, pk)
    if entry.submitted_at is None:
        raise Http404
    context = entry_services.receipt_context(entry)
    context["checklist"] = entry_checklist(entry=entry, viewer=request.user)
    return render(request, "submissions/receipt.html", context)


@login_required
@require_POST
def invite_guardian(request, pk: int):
    """The guardian invitation sent from an entry's checklist; back to the page it was sent from."""
    entry = _entry_for(request, pk)
    if not can_manage_own_consent(request.user):
        raise Http404
    next_url = safe_next(request, reverse("submissions:edit", args=[entry.pk]))
    form = GuardianInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi đúng địa chỉ e-mail của cha mẹ hoặc người giám hộ."))
        return redirect(next_url)
    try:
        consent_services.request_guardian_consent(
            entrant=request.user,
            guardian_email=form.cleaned_data["guardian_email"],
            guardian_name=form.cleaned_data["guardian_name"],
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(next_url)
    messages.success(request, _("Đã gửi thư tới phụ huynh. Em nhắc bố mẹ mở thư nhé."))
    return redirect(next_url)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    entry = _entry_for(request, pk)
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                entry_services.withdraw_entry(
                    entry=entry, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                messages.error(request, error.message)
                status = error.status_code
            else:
                messages.success(request, _("Đã rút bài dự thi %(code)s.") % {"code": entry.code})
                return redirect("submissions:my_entries")
        else:
            status = 400
    return render(request, "submissions/withdraw.html", {"entry": entry, "form": form}, status=status)
