"""Organisers edit the commitments (Snippets) and moderate the wall's messages (their own admin screens)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from contest.admin_menu import PredicateMenuItem
from contest.viewsets import SafeSnippetViewSet
from pledges.models import Commitment
from pledges.rules import can_moderate_pledges
from pledges.views import admin as views


class CommitmentViewSet(SafeSnippetViewSet):
    model = Commitment
    icon = "clipboard-list"
    menu_label = _("Cam kết An toàn số")
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["text", "sort_order", "is_core", "is_active"]
    list_export = ["text", "text_en", "sort_order", "is_core", "is_active"]
    search_fields = ["text"]
    search_backend_name = None


register_snippet(CommitmentViewSet)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("buc-tuong/", views.queue, name="pledges_queue"),
        path("buc-tuong/<int:pk>/", views.pledge_page, name="pledges_pledge"),
        path("buc-tuong/<int:pk>/duyet/", views.approve, name="pledges_approve"),
        path("buc-tuong/<int:pk>/khong-duyet/", views.reject, name="pledges_reject"),
    ]


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return PredicateMenuItem(
        _("Duyệt lời nhắn cam kết"),
        reverse("pledges_queue"),
        icon_name="circle-check",
        order=241,
        predicate=can_moderate_pledges,
    )
