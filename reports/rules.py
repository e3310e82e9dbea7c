"""Who may see and do what in the campaign report."""

from contest.rules import is_coordinator, is_organiser


def can_view_city_report(user) -> bool:
    """The dashboard and the exports: organisers (signed in with their second step)."""
    return is_organiser(user)


def can_manage_reporting(user) -> bool:
    """Lock or reopen a period, remind schools, read any school's report."""
    return is_organiser(user)


def can_report_activities(user, school=None) -> bool:
    """A coordinator reports for their own school only."""
    if not is_coordinator(user):
        return False
    return school is None or user.school_id == school.pk


def can_view_activity_report(user, report) -> bool:
    return can_manage_reporting(user) or can_report_activities(user, report.school)
