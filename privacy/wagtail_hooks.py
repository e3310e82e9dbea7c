"""Admin screens of the privacy app: safeguarding flags (officers only) and the retention schedule."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from contest.admin_menu import PredicateMenuItem
from privacy.rules import can_run_retention, can_view_safeguarding_flags
from privacy.views import admin as views


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path("bao-ve-tre-em/", views.safeguarding_flags, name="safeguarding_flags"),
        path("bao-ve-tre-em/<int:pk>/", views.safeguarding_flag, name="safeguarding_flag"),
        path("luu-tru/", views.retention_preview, name="retention_preview"),
    ]


@hooks.register("register_admin_menu_item")
def retention_menu_item():
    return PredicateMenuItem(
        _("Xoá dữ liệu theo lịch"),
        reverse("retention_preview"),
        icon_name="bin",
        order=240,
        predicate=can_run_retention,
    )


@hooks.register("register_admin_menu_item")
def safeguarding_menu_item():
    return PredicateMenuItem(
        _("Cảnh báo bảo vệ trẻ em"),
        reverse("safeguarding_flags"),
        icon_name="warning",
        order=230,
        predicate=can_view_safeguarding_flags,
    )
