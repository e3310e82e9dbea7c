"""The organisers' judging screens inside the Wagtail admin that are not model listings: inviting judges."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.errors import DomainError
from contest.models import User
from judging import rules
from judging.forms_admin import InviteJudgeForm
from judging.services.judges import invite_judge


def invite_judges(request):
    """Invites one judge or head judge at a time; lists those invited, newest first."""
    if not rules.can_invite_judges(request.user):
        raise Http404
    form = InviteJudgeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = invite_judge(
                    email=data["email"],
                    full_name=data["full_name"],
                    role=data["role"],
                    panel=data["panel"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Đã gửi thư mời đặt mật khẩu tới %(email)s.") % {"email": user.email}
                )
                return redirect("judging_invite")
        status = 400
    judges = User.objects.filter(role__in=[Role.JUDGE, Role.HEAD_JUDGE]).order_by("-date_joined")[:100]
    return render(request, "judging/admin/invite.html", {"form": form, "judges": judges}, status=status)
