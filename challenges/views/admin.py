"""Organisers' moderation screens inside the Wagtail admin: the queue of clips per challenge and state,
one clip with its video, approve, reject with a reason, a confidential safeguarding flag, and retrying
a clip that failed on our side.

Wagtail already turns away anyone without admin access; each view checks its own predicate on top and
answers 403 itself."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from challenges import rules, selectors
from challenges.enums import ClipState
from challenges.forms import RejectClipForm
from challenges.models import Challenge, Clip
from challenges.services import moderation, processing
from contest.errors import DomainError
from privacy.forms import RaiseFlagForm

T = "wagtailadmin_challenges/"


def _forbidden(request):
    return TemplateResponse(request, T + "forbidden.html", {}, status=403)


@require_GET
def queue(request):
    if not rules.can_moderate_clips(request.user):
        return _forbidden(request)
    state = request.GET.get("state", ClipState.PENDING)
    if state not in ClipState.values:
        state = ClipState.PENDING
    challenges = list(Challenge.objects.order_by("-opens_at", "pk"))
    challenge = None
    raw = request.GET.get("challenge", "")
    if raw.isdigit():
        challenge = next((c for c in challenges if c.pk == int(raw)), None)
    clips = selectors.moderation_queue(challenge=challenge, state=state)
    page = Paginator(clips, 50).get_page(request.GET.get("p"))
    displays = selectors.displays_for([clip.author for clip in page])
    rows = [(clip, displays[clip.author_id]) for clip in page]
    context = {
        "page": page,
        "rows": rows,
        "states": ClipState.choices,
        "state": state,
        "challenges": challenges,
        "challenge": challenge,
        "counts": selectors.report_counts(),
    }
    return TemplateResponse(request, T + "queue.html", context)


@require_GET
def clip_page(request, pk: int):
    if not rules.can_moderate_clips(request.user):
        return _forbidden(request)
    clip = get_object_or_404(Clip.objects.select_related("challenge", "author"), pk=pk)
    display = selectors.displays_for([clip.author])[clip.author_id]
    context = {
        "clip": clip,
        "display": display,
        "credit": selectors.clip_credit(clip, display),
        "consent_note": selectors.consent_note(display),
        "events": clip.events.select_related("actor").order_by("created_at", "pk"),
        "reject_form": RejectClipForm(),
        "flag_form": RaiseFlagForm(),
    }
    return TemplateResponse(request, T + "clip.html", context)


def _act(request, pk: int, action) -> object:
    if not rules.can_moderate_clips(request.user):
        return _forbidden(request)
    clip = get_object_or_404(Clip, pk=pk)
    try:
        message = action(clip)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if message:
            messages.success(request, message)
    return redirect("challenges_clip", pk=clip.pk)


@require_POST
def approve(request, pk: int):
    def action(clip):
        approved = moderation.approve_clip(clip=clip, actor=request.user)
        if approved.on_wall:
            return _("Đã duyệt: clip đã lên trang công khai.")
        return _("Đã duyệt. Clip sẽ lên trang công khai khi có đủ sự đồng ý.")

    return _act(request, pk, action)


@require_POST
def reject(request, pk: int):
    form = RejectClipForm(request.POST)

    def action(clip):
        if not form.is_valid():
            raise DomainError(_("Hãy ghi lý do không duyệt để người gửi biết cần sửa gì."))
        moderation.reject_clip(clip=clip, actor=request.user, reason=form.cleaned_data["reason"])
        return _("Đã không duyệt clip; người gửi sẽ thấy lý do.")

    return _act(request, pk, action)


@require_POST
def flag(request, pk: int):
    form = RaiseFlagForm(request.POST)

    def action(clip):
        if not form.is_valid():
            raise DomainError(_("Hãy chọn loại cảnh báo và mô tả ngắn điều đã thấy."))
        moderation.flag_clip(clip=clip, actor=request.user, **form.cleaned_data)
        return _("Đã gửi cảnh báo tới cán bộ bảo vệ trẻ em. Cảm ơn anh/chị.")

    return _act(request, pk, action)


@require_POST
def retry(request, pk: int):
    def action(clip):
        processing.retry_clip(clip=clip, actor=request.user)
        return _("Đã xử lý lại clip.")

    return _act(request, pk, action)
