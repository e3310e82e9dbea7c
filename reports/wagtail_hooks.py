"""Organisers' admin screens of the campaign report: the city dashboard ("Tổng kết"), its exports, the
schools' reporting and the reporting periods."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from contest.admin_menu import PredicateMenuItem
from contest.viewsets import SafeSnippetViewSet
from reports.models import ReportingPeriod
from reports.rules import can_manage_reporting, can_view_city_report
from reports.views import admin as views


class ReportingPeriodViewSet(SafeSnippetViewSet):
    model = ReportingPeriod
    icon = "date"
    menu_label = _("Kỳ báo cáo hoạt động")
    add_to_admin_menu = False
    list_display = ["title", "campaign", "starts_on", "ends_on", "state"]
    list_export = ["title", "campaign", "starts_on", "ends_on", "state"]
    search_fields = ["title"]
    search_backend_name = None
    panels = [FieldPanel("campaign"), FieldPanel("title"), FieldPanel("starts_on"), FieldPanel("ends_on")]


register_snippet(ReportingPeriodViewSet)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("tong-ket/", views.dashboard, name="reports_dashboard"),
        path("tong-ket/du-lieu.json", views.dashboard_data, name="reports_data"),
        path("tong-ket/xuat.<slug:fmt>", views.export, name="reports_export"),
        path("bao-cao-truong/", views.reporting, name="reports_reporting"),
        path("bao-cao-truong/<int:period_id>/nhac/", views.remind, name="reports_remind"),
        path(
            "bao-cao-truong/<int:period_id>/<slug:action>/", views.change_period, name="reports_period_state"
        ),
        path("bao-cao-truong/bao-cao/<int:pk>/", views.school_report, name="reports_school_report"),
        path("nhap-truong/", views.import_schools, name="reports_import"),
        path("nhap-truong/ap-dung/", views.apply_import, name="reports_import_apply"),
    ]


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return PredicateMenuItem(
        _("Tổng kết chiến dịch"),
        reverse("reports_dashboard"),
        icon_name="table",
        order=230,
        predicate=can_view_city_report,
    )


@hooks.register("register_admin_menu_item")
def reporting_menu_item():
    return PredicateMenuItem(
        _("Báo cáo của các trường"),
        reverse("reports_reporting"),
        icon_name="doc-full",
        order=240,
        predicate=can_manage_reporting,
    )


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return PredicateMenuItem(
        _("Nhập danh sách trường"),
        reverse("reports_import"),
        icon_name="upload",
        order=245,
        predicate=can_manage_reporting,
    )
