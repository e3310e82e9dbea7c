"""Organisers define challenges (Snippets) and moderate clips (their own admin screens)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet

from challenges.forms_admin import ChallengeAdminForm
from challenges.models import Challenge
from challenges.rules import can_moderate_clips
from challenges.views import admin as views
from contest.admin_menu import PredicateMenuItem
from contest.viewsets import SafeSnippetViewSet


class ChallengeViewSet(SafeSnippetViewSet):
    model = Challenge
    icon = "media"
    menu_label = _("Thử thách")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["title", "hashtag", "opens_at", "closes_at", "max_seconds", "is_active"]
    list_export = ["title", "hashtag", "opens_at", "closes_at", "max_seconds", "is_active"]
    search_fields = ["title", "hashtag"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ChallengeAdminForm.Meta.fields], base_form_class=ChallengeAdminForm
    )


register_snippet(ChallengeViewSet)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("kiem-duyet-clip/", views.queue, name="challenges_queue"),
        path("kiem-duyet-clip/<int:pk>/", views.clip_page, name="challenges_clip"),
        path("kiem-duyet-clip/<int:pk>/duyet/", views.approve, name="challenges_approve"),
        path("kiem-duyet-clip/<int:pk>/khong-duyet/", views.reject, name="challenges_reject"),
        path("kiem-duyet-clip/<int:pk>/canh-bao/", views.flag, name="challenges_flag"),
        path("kiem-duyet-clip/<int:pk>/xu-ly-lai/", views.retry, name="challenges_retry"),
    ]


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return PredicateMenuItem(
        _("Kiểm duyệt clip"),
        reverse("challenges_queue"),
        icon_name="media",
        order=231,
        predicate=can_moderate_clips,
    )
