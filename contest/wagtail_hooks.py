"""The organisers' screens in the Wagtail admin: filterable, searchable, exportable lists."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from contest.admin_menu import PredicateMenuItem
from contest.admin_schools import typed_schools
from contest.filters import (
    CampaignFilterSet,
    ContestFilterSet,
    DivisionFilterSet,
    PrizeFilterSet,
    SchoolFilterSet,
)
from contest.forms_admin import ContestAdminForm, DivisionAdminForm
from contest.models import Campaign, Contest, Division, Prize, School
from contest.rules import can_manage_contests
from contest.viewsets import SafeSnippetViewSet


class CampaignViewSet(SafeSnippetViewSet):
    model = Campaign
    icon = "site"
    menu_label = _("Chiến dịch")
    list_display = ["name", "starts_on", "ends_on", "data_retention_until"]
    list_export = ["name", "code", "starts_on", "ends_on", "data_retention_until"]
    filterset_class = CampaignFilterSet
    search_fields = ["name", "message"]
    search_backend_name = None


class ContestViewSet(SafeSnippetViewSet):
    model = Contest
    icon = "trophy"
    menu_label = _("Cuộc thi")
    list_display = ["title", "kind", "code", "opens_at", "closes_at"]
    list_export = [
        "title",
        "kind",
        "code",
        "opens_at",
        "closes_at",
        "min_files",
        "max_files",
        "max_file_bytes",
        "min_duration_seconds",
        "max_duration_seconds",
        "min_pages",
        "max_pages",
        "min_words",
        "max_words",
        "team_size_max",
        "entries_per_entrant",
    ]
    filterset_class = ContestFilterSet
    search_fields = ["title", "rules"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("campaign"),
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("title_en"),
                    FieldPanel("slug"),
                    FieldPanel("kind"),
                    FieldPanel("code"),
                    FieldPanel("rules"),
                    FieldPanel("rules_en"),
                ],
                heading=_("Thông tin chung"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("accepted_media_kinds"),
                    FieldPanel("min_files"),
                    FieldPanel("max_files"),
                    FieldPanel("max_file_bytes"),
                    FieldPanel("max_pixels"),
                    FieldPanel("min_duration_seconds"),
                    FieldPanel("max_duration_seconds"),
                    FieldPanel("min_pages"),
                    FieldPanel("max_pages"),
                    FieldPanel("min_words"),
                    FieldPanel("max_words"),
                    FieldPanel("team_size_max"),
                    FieldPanel("entries_per_entrant"),
                ],
                heading=_("Yêu cầu về bài dự thi"),
            ),
            MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Thời gian")),
            FieldPanel("divisions"),
        ],
        base_form_class=ContestAdminForm,
    )


class DivisionViewSet(SafeSnippetViewSet):
    model = Division
    icon = "group"
    menu_label = _("Bảng thi")
    list_display = ["name", "campaign", "min_age", "max_age"]
    list_export = ["name", "campaign", "min_age", "max_age", "school_levels"]
    filterset_class = DivisionFilterSet
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("campaign"),
            FieldPanel("name"),
            FieldPanel("name_en"),
            FieldPanel("min_age"),
            FieldPanel("max_age"),
            FieldPanel("school_levels"),
        ],
        base_form_class=DivisionAdminForm,
    )


class SchoolViewSet(SafeSnippetViewSet):
    model = School
    icon = "home"
    menu_label = _("Trường")
    list_display = ["name", "code", "level", "ward", "pupil_count"]
    list_export = ["name", "code", "level", "ward", "address", "pupil_count"]
    filterset_class = SchoolFilterSet
    search_fields = ["name", "code", "ward"]
    search_backend_name = None


class PrizeViewSet(SafeSnippetViewSet):
    model = Prize
    icon = "pick"
    menu_label = _("Giải thưởng")
    list_display = ["contest", "division", "tier", "count"]
    list_export = ["contest", "division", "tier", "count"]
    filterset_class = PrizeFilterSet
    search_fields = ["contest__title"]
    search_backend_name = None


class ContestAdminGroup(SnippetViewSetGroup):
    menu_label = _("Cuộc thi")
    menu_icon = "trophy"
    menu_order = 200
    items = (CampaignViewSet, ContestViewSet, DivisionViewSet, SchoolViewSet, PrizeViewSet)


register_snippet(ContestAdminGroup)


@hooks.register("register_admin_urls")
def register_typed_school_urls():
    return [path("truong-ghi-tay/", typed_schools, name="typed_schools")]


@hooks.register("register_admin_menu_item")
def typed_schools_menu_item():
    return PredicateMenuItem(
        _("Trường ghi tay"),
        reverse("typed_schools"),
        icon_name="home",
        order=205,
        predicate=can_manage_contests,
    )
