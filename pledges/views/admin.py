"""Organisers' moderation of the wall's messages inside the Wagtail admin: the queue (filtered with
django-filter by state, screening's reason and school), one message with screening's reasons and its
history, approve, reject with a reason. Each view checks its own predicate and answers 403 itself."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contest.errors import DomainError
from pledges import rules, selectors, services
from pledges.enums import FlagKind, MessageState
from pledges.filters import MessageFilterSet
from pledges.forms import RejectMessageForm
from pledges.models import Pledge

T = "wagtailadmin_pledges/"


def _forbidden(request):
    return TemplateResponse(request, T + "forbidden.html", {}, status=403)


@require_GET
def queue(request):
    if not rules.can_moderate_pledges(request.user):
        return _forbidden(request)
    data = request.GET.copy()
    if "message_state" not in data:
        data["message_state"] = MessageState.PENDING
    filters = MessageFilterSet(data, queryset=selectors.moderation_queue())
    rows = filters.qs if filters.is_valid() else selectors.moderation_queue().none()
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    credits = selectors.credits_for(page.object_list)
    query = data.copy()
    query.pop("p", None)
    context = {
        "filters": filters,
        "page": page,
        "rows": [(pledge, credits[pledge.pk]) for pledge in page],
        "flag_labels": dict(FlagKind.choices),
        "counts": selectors.queue_counts(),
        "query": query.urlencode(),
    }
    return TemplateResponse(request, T + "queue.html", context)


@require_GET
def pledge_page(request, pk: int):
    if not rules.can_moderate_pledges(request.user):
        return _forbidden(request)
    pledge = get_object_or_404(
        Pledge.objects.select_related("signer", "school").exclude(message_state=MessageState.NONE), pk=pk
    )
    context = {
        "pledge": pledge,
        "credit": selectors.credits_for([pledge])[pledge.pk],
        "flag_labels": dict(FlagKind.choices),
        "events": pledge.events.select_related("actor").order_by("created_at", "pk"),
        "reject_form": RejectMessageForm(),
    }
    return TemplateResponse(request, T + "pledge.html", context)


def _act(request, pk: int, action):
    if not rules.can_moderate_pledges(request.user):
        return _forbidden(request)
    pledge = get_object_or_404(Pledge.objects.exclude(message_state=MessageState.NONE), pk=pk)
    try:
        message = action(pledge)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("pledges_pledge", pk=pledge.pk)


@require_POST
def approve(request, pk: int):
    def action(pledge):
        services.approve_message(pledge=pledge, actor=request.user)
        return _("Đã duyệt: lời nhắn đã lên Bức tường An toàn số.")

    return _act(request, pk, action)


@require_POST
def reject(request, pk: int):
    form = RejectMessageForm(request.POST)

    def action(pledge):
        if not form.is_valid():
            raise DomainError(_("Hãy ghi lý do không duyệt để người ký biết vì sao."))
        services.reject_message(pledge=pledge, actor=request.user, reason=form.cleaned_data["reason"])
        return _("Đã không duyệt lời nhắn; chữ ký vẫn được tính.")

    return _act(request, pk, action)
