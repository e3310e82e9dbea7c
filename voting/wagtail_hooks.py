"""Organisers set each contest's vote (Snippets → Cài đặt bình chọn) and watch it (their own screens)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet

from contest.admin_menu import PredicateMenuItem
from contest.viewsets import SafeSnippetViewSet
from voting.forms_admin import VotingSettingsAdminForm
from voting.models import VotingSettings
from voting.rules import can_watch_votes
from voting.views import admin as views


class VotingSettingsViewSet(SafeSnippetViewSet):
    model = VotingSettings
    icon = "pick"
    menu_label = _("Cài đặt bình chọn")
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["contest", "opens_at", "closes_at", "max_votes_per_account", "totals_display"]
    list_export = ["contest", "opens_at", "closes_at", "max_votes_per_account", "totals_display"]
    list_filter = ["totals_display"]
    edit_handler = ObjectList(
        [
            FieldPanel("contest"),
            FieldRowPanel(
                [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Thời gian bình chọn")
            ),
            FieldRowPanel([FieldPanel("max_votes_per_account"), FieldPanel("totals_display")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("ip_limit"), FieldPanel("ip_limit_hour")]),
                    FieldRowPanel([FieldPanel("device_limit"), FieldPanel("device_limit_hour")]),
                    FieldRowPanel([FieldPanel("min_account_age_hours"), FieldPanel("new_account_votes")]),
                ],
                heading=_("Giới hạn chống gian lận"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("burst_votes"), FieldPanel("burst_minutes")]),
                    FieldRowPanel([FieldPanel("created_apart_minutes"), FieldPanel("fresh_account_minutes")]),
                ],
                heading=_("Cảnh báo phiếu bất thường"),
            ),
        ],
        base_form_class=VotingSettingsAdminForm,
    )


register_snippet(VotingSettingsViewSet)


@hooks.register("register_admin_urls")
def register_voting_urls():
    return [
        path("phieu-bat-thuong/", views.bursts, name="voting_bursts"),
        path("phieu-bat-thuong/<int:contest_id>/huy/", views.void, name="voting_void"),
        path("phieu-bat-thuong/<int:contest_id>/khoi-phuc/", views.restore, name="voting_restore"),
        path("binh-chon/<int:contest_id>/xep-hang/", views.ranking, name="voting_ranking"),
    ]


@hooks.register("register_admin_menu_item")
def bursts_menu_item():
    return PredicateMenuItem(
        _("Phiếu bình chọn bất thường"),
        reverse("voting_bursts"),
        icon_name="warning",
        order=241,
        predicate=can_watch_votes,
    )
