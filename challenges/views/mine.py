"""The author's pages: sending a clip to a challenge, their clips, a clip's details and its withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from challenges import rules, selectors
from challenges.forms import ClipDetailsForm, WithdrawClipForm
from challenges.services import clips as clip_services
from challenges.services import moderation
from challenges.services.uploads import accepted_extensions
from contest.errors import DomainError


def _with_notes(clips):
    """Each clip with why it is not on the wall (consent), read once for the author."""
    clips = list(clips)
    if clips:
        display = selectors.displays_for([clips[0].author])[clips[0].author_id]
        for clip in clips:
            clip.consent_note = selectors.consent_note(display)
            clip.public_now = clip.on_wall and display.work
    return clips


@login_required
@require_http_methods(["GET"])
def send(request, slug: str):
    challenge = get_object_or_404(selectors.visible_challenges(), slug=slug)
    clips = _with_notes(selectors.clips_of(user=request.user, challenge=challenge).select_related("author"))
    live = [c for c in clips if c.state not in {"withdrawn", "rejected"}]
    extensions = accepted_extensions()
    context = {
        "challenge": challenge,
        "can_send": rules.can_send_clip(request.user, challenge),
        "clips": clips,
        "remaining": max(0, challenge.max_clips_per_person - len(live)),
        "open_uploads": selectors.open_uploads(user=request.user, challenge=challenge),
        "accept": ",".join(f".{e}" for e in extensions),
        "accept_words": ", ".join(e.upper() for e in extensions),
        "needs_consent": rules.needs_consent_records(request.user),
        "in_progress": selectors.in_progress(clips),
    }
    return TemplateResponse(request, "challenges/send.html", context)


@login_required
def my_clips(request):
    clips = _with_notes(selectors.clips_of(user=request.user).select_related("author"))
    return TemplateResponse(request, "challenges/my_clips.html", {"clips": clips})


@login_required
@require_http_methods(["GET", "POST"])
def clip_detail(request, pk: int):
    clip = get_object_or_404(selectors.clips_of(user=request.user).select_related("author"), pk=pk)
    form = ClipDetailsForm(request.POST or None, instance=clip)
    if request.method == "POST":
        if form.is_valid():
            try:
                clip_services.update_clip_details(
                    clip=clip,
                    actor=request.user,
                    caption=form.cleaned_data["caption"],
                    wants_credit=form.cleaned_data["wants_credit"],
                )
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("challenges:clip", pk=clip.pk)
            messages.success(request, _("Đã lưu."))
            return redirect("challenges:clip", pk=clip.pk)
        clip.refresh_from_db()
    (clip,) = _with_notes([clip])
    context = {"clip": clip, "form": form, "withdraw_form": WithdrawClipForm()}
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "challenges/clip.html", context, status=status)


@login_required
@require_POST
def withdraw(request, pk: int):
    clip = get_object_or_404(selectors.clips_of(user=request.user).select_related("author"), pk=pk)
    form = WithdrawClipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy đánh dấu ô xác nhận để rút clip."))
        return redirect("challenges:clip", pk=clip.pk)
    try:
        moderation.withdraw_clip(clip=clip, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã rút clip. Clip không còn hiển thị ở đâu nữa."))
    return redirect("challenges:clip", pk=clip.pk)
