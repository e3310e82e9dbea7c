"""The organisers' screens in the Wagtail admin: filterable, searchable, exportable lists."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from contest.filters import (
    CampaignFilterSet,
    ContestFilterSet,
    DivisionFilterSet,
    PrizeFilterSet,
    SchoolFilterSet,
)
from contest.forms_admin import ContestAdminForm, DivisionAdminForm
from contest.models import Campaign, Contest, Division, Prize, School


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "site"
    menu_label = _("Chiến dịch")
    list_display = ["name", "starts_on", "ends_on", "data_retention_until"]
    list_export = ["name", "code", "starts_on", "ends_on", "data_retention_until"]
    filterset_class = CampaignFilterSet
    search_fields = ["name", "message"]
    search_backend_name = None


class ContestViewSet(SnippetViewSet):
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
        "max_duration_seconds",
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
                    FieldPanel("max_duration_seconds"),
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


class DivisionViewSet(SnippetViewSet):
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


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "home"
    menu_label = _("Trường")
    list_display = ["name", "code", "level", "ward"]
    list_export = ["name", "code", "level", "ward"]
    filterset_class = SchoolFilterSet
    search_fields = ["name", "code", "ward"]
    search_backend_name = None


class PrizeViewSet(SnippetViewSet):
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
