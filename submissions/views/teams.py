"""The invited pupil's page: team invitations, answered from their own account only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from contest.errors import DomainError
from submissions.enums import MEMBERSHIP_TRANSITIONS
from submissions.forms import InvitationAnswerForm
from submissions.rules import can_join_teams
from submissions.selectors.entries import invitations_for
from submissions.services.teams import short_name, transition_membership


def _rows(user) -> list[dict]:
    rows = []
    for member in invitations_for(user=user):
        lead = member.entry.lead_entrant
        rows.append(
            {
                "member": member,
                "entry": member.entry,
                "lead": short_name(lead.full_name if lead else ""),
                "answers": sorted(MEMBERSHIP_TRANSITIONS[member.state]),
            }
        )
    return rows


@login_required
@require_GET
def invitations(request):
    if not can_join_teams(request.user):
        raise PermissionDenied
    return render(request, "submissions/invitations.html", {"rows": _rows(request.user)})


@login_required
@require_POST
def answer_invitation(request, pk: int):
    member = invitations_for(user=request.user).filter(pk=pk).first()
    if member is None:
        raise Http404
    form = InvitationAnswerForm(request.POST)
    status = 400
    if form.is_valid():
        to_state = form.cleaned_data["answer"]
        try:
            transition_membership(member=member, actor=request.user, to_state=to_state)
        except DomainError as error:
            messages.error(request, error.message)
            status = error.status_code
        else:
            messages.success(request, InvitationAnswerForm.DONE[to_state])
            return redirect("submissions:invitations")
    else:
        messages.error(request, form.errors["answer"][0])
    return render(request, "submissions/invitations.html", {"rows": _rows(request.user)}, status=status)
