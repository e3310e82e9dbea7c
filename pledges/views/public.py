"""The public wall (phone first), its counts as JSON for the page's polling, and signing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from contest.errors import DomainError
from pledges import ratelimit, rules, selectors, services
from pledges.enums import FlagKind, MessageState
from pledges.forms import PledgeForm
from pledges.models import Commitment

POLL_SECONDS = 15
# Why a held message waits, told to its writer in plain words (profanity is not explained back).
FLAG_NOTES = {
    FlagKind.PHONE: gettext_lazy(
        "Lời nhắn có vẻ có số điện thoại. Để giữ an toàn cho em, tường không hiện số điện thoại; "
        "Ban tổ chức sẽ xem lại lời nhắn."
    ),
    FlagKind.LINK: gettext_lazy(
        "Lời nhắn có vẻ có đường dẫn hoặc tên trang web. Tường không hiện đường dẫn; "
        "Ban tổ chức sẽ xem lại lời nhắn."
    ),
    FlagKind.EMAIL: gettext_lazy(
        "Lời nhắn có vẻ có địa chỉ e-mail. Tường không hiện e-mail; Ban tổ chức sẽ xem lại."
    ),
    FlagKind.HANDLE: gettext_lazy(
        "Lời nhắn có vẻ có tên tài khoản mạng xã hội. Tường không hiện tài khoản; Ban tổ chức sẽ xem lại."
    ),
    FlagKind.PERSONAL: gettext_lazy(
        "Lời nhắn có vẻ có thông tin cá nhân (tên, trường, lớp hay địa chỉ). Ban tổ chức sẽ xem lại để "
        "giữ an toàn cho em."
    ),
}


def _viewer_school(user):
    return getattr(user, "school", None) if user.is_authenticated else None


def _commitments():
    return Commitment.objects.filter(is_active=True).order_by("sort_order", "pk")


def flag_notes(pledge) -> list[str]:
    if pledge is None or pledge.message_state != MessageState.PENDING:
        return []
    return [str(FLAG_NOTES[kind]) for kind in pledge.flag_list if kind in FLAG_NOTES]


@require_GET
def wall(request):
    messages_page, next_cursor = selectors.wall_messages(after=request.GET.get("sau", ""))
    context = {
        "counts": selectors.wall_counts(school=_viewer_school(request.user)),
        "wall": messages_page,
        "next_cursor": next_cursor,
        "first_page": not request.GET.get("sau"),
        "commitments": list(_commitments()),
        "mine": selectors.pledge_of(user=request.user),
        "can_sign": rules.can_sign(request.user),
        "poll_seconds": POLL_SECONDS,
    }
    return TemplateResponse(request, "pledges/wall.html", context)


@require_GET
@never_cache
def counts(request):
    """The live numbers the wall polls every POLL_SECONDS: a few rows of PledgeCount."""
    data = selectors.wall_counts(school=_viewer_school(request.user)).as_json()
    return JsonResponse(data)


def _render_sign(request, form, *, status=200, mine=None):
    context = {
        "form": form,
        "mine": mine,
        "notes": flag_notes(mine),
        "can_sign": rules.can_sign(request.user),
    }
    return TemplateResponse(request, "pledges/sign.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request):
    mine = selectors.pledge_of(user=request.user)
    if mine is not None:
        if request.method == "POST":
            messages.info(request, _("Em đã ký cam kết rồi. Đây là chữ ký của em."))
            return redirect("pledges:sign")
        return _render_sign(request, None, mine=mine)
    if not rules.can_sign(request.user):
        return _render_sign(request, None, status=403)
    if request.method == "GET":
        return _render_sign(request, PledgeForm(commitments=_commitments()))
    if not ratelimit.allow_signing(request):
        form = PledgeForm(request.POST, commitments=_commitments())
        messages.error(request, _("Em đã thử ký quá nhiều lần. Hãy đợi vài phút rồi thử lại nhé."))
        return _render_sign(request, form, status=429)
    form = PledgeForm(request.POST, commitments=_commitments())
    if not form.is_valid():
        return _render_sign(request, form, status=400)
    try:
        pledge, created = services.sign_pledge(
            signer=request.user,
            commitment_ids=[c.pk for c in form.cleaned_data["commitments"]],
            message=form.cleaned_data["message"],
            show_name=form.cleaned_data["show_name"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _render_sign(request, form, status=400)
    if not created:
        messages.info(request, _("Em đã ký cam kết rồi. Đây là chữ ký của em."))
    elif pledge.message_state == MessageState.PENDING:
        messages.success(request, _("Cảm ơn em đã ký! Chữ ký đã được tính; lời nhắn đang chờ duyệt."))
    else:
        messages.success(request, _("Cảm ơn em đã ký! Chữ ký của em đã được tính trên tường."))
    return redirect("pledges:sign")
