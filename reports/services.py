"""Every write of the campaign report: schools' activity reports and photos, the reporting period's
lifecycle and reminders to schools that have not reported."""

import uuid
from datetime import date

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from contest.enums import Role, SchoolClaim
from contest.errors import DomainError, InvalidTransition
from contest.mail import queue_mail
from contest.models import School, User
from reports.enums import (
    MAX_PHOTOS,
    PERIOD_TRANSITIONS,
    PLAUSIBLE_ACTIVITY_COUNT,
    PLAUSIBLE_PARTICIPANTS_PER_PUPIL,
    REMINDER_INTERVAL,
    PeriodState,
    ReportAction,
)
from reports.models import ActivityPhoto, ActivityReport, ReportEvent, ReportingPeriod, SchoolImport
from reports.onboarding import SchoolRow
from reports.photos import CheckedPhoto
from reports.selectors import coordinators_of, schools_not_reported

PHOTO_PREFIX = "reports/photos"
REPORT_FIELDS = ("talks_held", "participants", "posters_displayed", "workshops", "held_on", "description")


class PeriodLocked(DomainError):
    status_code = 409


def _audit(*, period, school=None, actor=None, action: str, note: str = "") -> None:
    ReportEvent.objects.create(period=period, school=school, actor=actor, action=action, note=note[:200])


def _locked_open_period(period: ReportingPeriod) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state != PeriodState.OPEN:
        raise PeriodLocked(_("Kỳ báo cáo này đã khoá: Ban tổ chức không nhận thêm thay đổi."))
    return period


def implausible_reasons(*, report: ActivityReport, school: School) -> list[str]:
    """What in a report is hard to believe for the school's registered size; organisers check those."""
    reasons = []
    if school.pupil_count and report.participants > school.pupil_count * PLAUSIBLE_PARTICIPANTS_PER_PUPIL:
        reasons.append(
            _("Số người tham dự (%(n)d) vượt xa sĩ số của trường (%(size)d học sinh).")
            % {"n": report.participants, "size": school.pupil_count}
        )
    for field in ("talks_held", "posters_displayed", "workshops"):
        if getattr(report, field) > PLAUSIBLE_ACTIVITY_COUNT:
            reasons.append(
                _("%(label)s: %(n)d là quá nhiều cho một kỳ báo cáo.")
                % {"label": ActivityReport._meta.get_field(field).verbose_name, "n": getattr(report, field)}
            )
    return reasons


@transaction.atomic
def save_activity_report(
    *, period: ReportingPeriod, school: School, actor: User, data: dict
) -> ActivityReport:
    """Create or update the school's report for the period while it is open; flags it as implausible
    when its figures do not fit the school's size; writes an audit row. Sends nothing."""
    period = _locked_open_period(period)
    report = ActivityReport.objects.select_for_update().filter(period=period, school=school).first()
    if report is None:
        report = ActivityReport(period=period, school=school)
    for field in REPORT_FIELDS:
        setattr(report, field, data[field])
    report.updated_by = actor
    report.implausible = bool(implausible_reasons(report=report, school=school))
    report.full_clean()
    report.save()
    _audit(period=period, school=school, actor=actor, action=ReportAction.SAVED)
    return report


@transaction.atomic
def add_activity_photo(*, report: ActivityReport, photo: CheckedPhoto, actor: User) -> ActivityPhoto:
    """Store the photo's scrubbed JPEG (already checked by reports.photos) in the private store."""
    period = _locked_open_period(report.period)
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    if report.photos.count() >= MAX_PHOTOS:
        raise DomainError(
            _("Mỗi báo cáo có tối đa %(n)d ảnh. Hãy xoá bớt một ảnh trước.") % {"n": MAX_PHOTOS}
        )
    key = storages["private"].save(f"{PHOTO_PREFIX}/{uuid.uuid4().hex}.jpg", ContentFile(photo.jpeg))
    added = ActivityPhoto.objects.create(
        report=report, key=key, width=photo.width, height=photo.height, sha256=photo.sha256, uploaded_by=actor
    )
    _audit(period=period, school=report.school, actor=actor, action=ReportAction.PHOTO_ADDED)
    return added


@transaction.atomic
def remove_activity_photo(*, photo: ActivityPhoto, actor: User) -> None:
    period = _locked_open_period(photo.report.period)
    key = photo.key
    school = photo.report.school
    photo.delete()
    _audit(period=period, school=school, actor=actor, action=ReportAction.PHOTO_REMOVED)
    transaction.on_commit(lambda: storages["private"].delete(key))


@transaction.atomic
def transition_period(*, period: ReportingPeriod, to_state: str, actor: User) -> ReportingPeriod:
    """Lock a period (schools can no longer change their reports) or reopen it."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if to_state not in PERIOD_TRANSITIONS.get(period.state, frozenset()):
        raise InvalidTransition(
            _("Không thể chuyển kỳ báo cáo từ “%(from)s” sang “%(to)s”.")
            % {"from": PeriodState(period.state).label, "to": PeriodState(to_state).label}
        )
    period.state = to_state
    period.state_changed_at = timezone.now()
    period.save(update_fields=["state", "state_changed_at"])
    action = ReportAction.LOCKED if to_state == PeriodState.LOCKED else ReportAction.REOPENED
    _audit(period=period, actor=actor, action=action)
    return period


@transaction.atomic
def remind_schools(*, period: ReportingPeriod, actor: User, school_ids: list[int] | None = None) -> int:
    """Mail the coordinators of every school (or of those chosen) that has not reported in the open
    period, skipping a school reminded in the last day or with no active coordinator. Audited per school;
    mail leaves after commit. Returns how many schools were reminded."""
    period = _locked_open_period(period)
    since = timezone.now() - REMINDER_INTERVAL
    recent = set(
        ReportEvent.objects.filter(period=period, action=ReportAction.REMINDED, at__gte=since).values_list(
            "school_id", flat=True
        )
    )
    schools = schools_not_reported(period=period).exclude(pk__in=recent)
    if school_ids is not None:
        schools = schools.filter(pk__in=school_ids)
    schools = list(schools.order_by("pk"))
    by_school: dict[int, list[str]] = {}
    for coordinator in coordinators_of(school_ids=[s.pk for s in schools]):
        by_school.setdefault(coordinator.school_id, []).append(coordinator.email)
    url = settings.SITE_URL.rstrip("/") + reverse("reports:activity_report", kwargs={"period_id": period.pk})
    reminded = 0
    for school in schools:
        addresses = by_school.get(school.pk)
        if not addresses:
            continue
        body = render_to_string(
            "reports/email/reminder.txt",
            {"school": school, "period": period, "url": url, "ends_on": _day(period.ends_on)},
        )
        queue_mail(
            to=addresses,
            subject=_("Nhắc báo cáo hoạt động: %(period)s") % {"period": period.title},
            body=body,
        )
        _audit(
            period=period, school=school, actor=actor, action=ReportAction.REMINDED, note=str(len(addresses))
        )
        reminded += 1
    return reminded


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


# --- onboarding the city's schools -----------------------------------------------------------------


def plan_import(*, rows: list[SchoolRow]) -> list[dict]:
    """What applying `rows` would do, row by row, without writing: the school is new, changed or the
    same; the coordinator is invited, already there, or refused (an address used by another account).
    Two queries, whatever the number of rows."""
    codes = {row.code for row in rows if row.code}
    schools = {s.code: s for s in School.objects.filter(code__in=codes)}
    emails = {row.coordinator_email for row in rows if row.coordinator_email}
    users = {u.email: u for u in User.objects.filter(email__in=emails).select_related("school")}
    plan, seen = [], set()
    for row in rows:
        errors = list(row.errors)
        school = schools.get(row.code)
        if errors:
            action = "error"
        elif school is None:
            action = "create"
        elif (school.name, school.level, school.ward, school.address, school.pupil_count) != (
            row.name,
            row.level,
            row.ward,
            row.address,
            row.pupil_count if row.pupil_count is not None else school.pupil_count,
        ):
            action = "update"
        else:
            action = "same"
        coordinator = ""
        if row.coordinator_email and not errors:
            user = users.get(row.coordinator_email)
            if user is None:
                coordinator = "invite"
            elif user.role == Role.COORDINATOR and user.school and user.school.code == row.code:
                coordinator = "exists"
            else:
                coordinator = "error"
                errors.append(
                    _("Đã có tài khoản %(email)s với vai trò hoặc trường khác; hãy dùng địa chỉ khác.")
                    % {"email": row.coordinator_email}
                )
                action = "error"
        repeat = action != "error" and row.code in seen
        seen.add(row.code)
        plan.append(
            {"row": row, "action": action, "coordinator": coordinator, "errors": errors, "repeat": repeat}
        )
    return plan


@transaction.atomic
def apply_school_import(*, rows: list[SchoolRow], actor: User) -> SchoolImport:
    """Create or update schools by their code (a re-import updates, never duplicates) and create the
    coordinators' accounts without a password; each new coordinator is mailed a link to set one after
    commit. Rows with errors are skipped. Audited as one SchoolImport row."""
    plan = plan_import(rows=rows)
    audit = SchoolImport(actor=actor, rows=len(rows))
    done: dict[str, School] = {}
    for item in plan:
        row = item["row"]
        if item["action"] == "error":
            continue
        school = done.get(row.code)
        if school is None:
            school = School.objects.select_for_update().filter(code=row.code).first()
            if school is None:
                school = School(code=row.code)
                audit.created += 1
            elif item["action"] == "update":
                audit.updated += 1
            school.name, school.level, school.ward, school.address = (
                row.name,
                row.level,
                row.ward,
                row.address,
            )
            if row.pupil_count is not None:
                school.pupil_count = row.pupil_count
            school.full_clean()
            school.save()
            done[row.code] = school
        if item["coordinator"] == "invite":
            user = User(
                email=row.coordinator_email,
                full_name=row.coordinator_name,
                role=Role.COORDINATOR,
                school=school,
                school_status=SchoolClaim.CONFIRMED,
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
            user_id = user.pk
            transaction.on_commit(lambda user_id=user_id: invite_coordinator(user_id=user_id))
            audit.invited += 1
    audit.save()
    return audit


def invite_coordinator(*, user_id: int) -> None:
    """Mail a coordinator a link to set their password (valid as long as Django's reset tokens)."""
    user = User.objects.select_related("school").get(pk=user_id)
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        body = render_to_string(
            "reports/email/coordinator_invitation.txt",
            {"user": user, "school": user.school, "url": settings.SITE_URL.rstrip("/") + path},
        )
        queue_mail(
            to=user.email,
            subject=_("Mời thầy cô làm giáo viên phụ trách chiến dịch “Không một mình”"),
            body=body,
        )
