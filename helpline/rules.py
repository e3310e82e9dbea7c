"""Who may see the help channel's reports: designated officers only. Everyone else gets a 404, so not even
the existence of a report (or of the queue) leaks to coordinators, organisers or judges."""

from contest.rules import is_safeguarding_officer

# Members of this group (the police cyber unit, where the campaign names one) are officers as well.
POLICE_GROUP = "Đơn vị an ninh mạng"


def is_helpline_officer(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return is_safeguarding_officer(user) or user.groups.filter(name=POLICE_GROUP).exists()


def can_view_report(user, report) -> bool:
    return is_helpline_officer(user)


def can_view_original_evidence(user, report) -> bool:
    """The untouched screenshot is evidence: only the officer the report is assigned to opens it."""
    return is_helpline_officer(user) and report.assigned_to_id == user.pk
