"""Organisers' admin screens for screening and participation (safeguarding and retention: privacy)."""

from django.urls import path, register_converter, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from contest.admin_menu import PredicateMenuItem
from submissions import admin_jobs  # noqa: F401  (registers the media jobs screens)
from submissions.converters import RenditionNameConverter
from submissions.rules import can_screen_entries, can_view_participation
from submissions.views import admin_identity as identity
from submissions.views import admin_screening as views

register_converter(RenditionNameConverter, "rendition")


@hooks.register("register_admin_urls")
def register_screening_urls():
    return [
        path("sang-loc/", views.screening_queue, name="screening_queue"),
        path("sang-loc/<int:pk>/", views.screening_entry, name="screening_entry"),
        path("sang-loc/<int:pk>/canh-bao/", views.raise_flag, name="screening_raise_flag"),
        path("sang-loc/tep/<int:pk>/", views.screening_file, name="screening_file"),
        path("sang-loc/tep/<int:pk>/<rendition:name>/", views.screening_file, name="screening_rendition"),
        path(
            "sang-loc/tep/<int:pk>/giam-khao/<rendition:name>/",
            identity.judge_file,
            name="screening_judge_file",
        ),
        path("sang-loc/<int:pk>/ban-giam-khao/", identity.edit_judge_copy, name="screening_judge_copy"),
        path("sang-loc/<int:pk>/lam-mo/", identity.blur_region, name="screening_blur"),
        path("sang-loc/<int:pk>/tra-bai/", identity.return_entry, name="screening_identity_return"),
        path("sang-loc/nhan-dien/<int:pk>/an/", identity.redact_finding, name="screening_redact"),
        path("sang-loc/nhan-dien/<int:pk>/bo-qua/", identity.dismiss_finding, name="screening_dismiss"),
        path("tham-gia/", views.participation, name="participation"),
    ]


@hooks.register("register_admin_menu_item")
def screening_menu_item():
    return PredicateMenuItem(
        _("Sàng lọc bài dự thi"),
        reverse("screening_queue"),
        icon_name="tasks",
        order=210,
        predicate=can_screen_entries,
    )


@hooks.register("register_admin_menu_item")
def participation_menu_item():
    return PredicateMenuItem(
        _("Tham gia theo trường"),
        reverse("participation"),
        icon_name="home",
        order=220,
        predicate=can_view_participation,
    )
