"""Organisers set recaps up as Snippets, pick and order clips on their own admin page, and follow the
render there."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet

from contest.viewsets import SafeSnippetViewSet
from recaps import views
from recaps.forms_admin import RecapAdminForm
from recaps.models import Recap
from recaps.rules import can_manage_recaps


class RecapViewSet(SafeSnippetViewSet):
    model = Recap
    icon = "media"
    menu_label = _("Video tổng hợp")
    menu_order = 232
    add_to_admin_menu = True
    list_display = ["title", "challenge", "shape", "state", "progress", "updated_at"]
    list_filter = ["state", "challenge"]
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel(name) for name in RecapAdminForm.Meta.fields], base_form_class=RecapAdminForm
    )

    def get_queryset(self, request):
        return Recap.objects.select_related("challenge")


register_snippet(RecapViewSet)


@hooks.register("register_admin_urls")
def register_recap_urls():
    return [
        path("video-tong-hop/<int:pk>/clip/", views.clips_page, name="recaps_clips"),
        path("video-tong-hop/<int:pk>/dung/", views.render, name="recaps_render"),
        path("video-tong-hop/<int:pk>/tien-do/", views.progress, name="recaps_progress"),
    ]


@hooks.register("register_snippet_listing_buttons")
def clips_button(snippet, user, next_url=None):
    if isinstance(snippet, Recap) and can_manage_recaps(user):
        yield ListingButton(_("Chọn clip và dựng"), reverse("recaps_clips", args=[snippet.pk]), priority=5)
