"""What the campaign report stores about people, declared to the privacy registry.

Schools' activity reports belong to the school, not to the teacher who typed them: the teacher is only
recorded as who last saved a report, who added a photo and who did what in the audit. Those links are
exported with the teacher's account and cleared when it is erased; the reports stay with the school."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import declare_exempt, register
from reports.models import ActivityPhoto, ActivityReport, ReportEvent, ReportingPeriod, SchoolImport


def export_saved_reports(*, user) -> list[dict]:
    return [
        {"school": r.school.name, "period": r.period.title, "updated_at": r.updated_at.isoformat()}
        for r in ActivityReport.objects.filter(updated_by=user)
        .select_related("school", "period")
        .order_by("pk")
    ]


def erase_saved_reports(*, user, actor, reason) -> int:
    return ActivityReport.objects.filter(updated_by=user).update(updated_by=None)


def export_photos(*, user) -> list[dict]:
    return [
        {"report": p.report_id, "at": p.created_at.isoformat()}
        for p in ActivityPhoto.objects.filter(uploaded_by=user).order_by("pk")
    ]


def erase_photos(*, user, actor, reason) -> int:
    return ActivityPhoto.objects.filter(uploaded_by=user).update(uploaded_by=None)


def export_events(*, user) -> list[dict]:
    return [
        {"period": e.period_id, "school": e.school_id, "action": e.action, "at": e.at.isoformat()}
        for e in ReportEvent.objects.filter(actor=user).order_by("pk")
    ]


def erase_events(*, user, actor, reason) -> int:
    return ReportEvent.objects.filter(actor=user).update(actor=None)


def export_imports(*, user) -> list[dict]:
    return [
        {"at": i.at.isoformat(), "rows": i.rows}
        for i in SchoolImport.objects.filter(actor=user).order_by("pk")
    ]


def erase_imports(*, user, actor, reason) -> int:
    return SchoolImport.objects.filter(actor=user).update(actor=None)


KEEP = _("Cùng báo cáo hoạt động của nhà trường, đến khi chiến dịch bị xoá")
register(
    ActivityReport, key="activity_reports", keep=KEEP, export=export_saved_reports, erase=erase_saved_reports
)
register(ActivityPhoto, key="activity_photos", keep=KEEP, export=export_photos, erase=erase_photos)
register(ReportEvent, key="activity_report_audit", keep=KEEP, export=export_events, erase=erase_events)
declare_exempt(ReportingPeriod, reason=_("Kỳ báo cáo của chiến dịch, không chứa dữ liệu cá nhân."))
register(SchoolImport, key="school_imports", keep=KEEP, export=export_imports, erase=erase_imports)
