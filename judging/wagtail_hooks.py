"""The organisers' judging screens in the Wagtail admin. Round states move only through the portal's
round controls (one transition service); sheets are read here and changed only with a reason."""

from django import forms
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from contest.admin_menu import PredicateMenuItem
from contest.viewsets import SafeSnippetViewSet
from judging import rules
from judging.admin_views import invite_judges
from judging.filters import (
    AssignmentFilterSet,
    ConflictFilterSet,
    PanelFilterSet,
    RoundFilterSet,
    ScoreSheetFilterSet,
)
from judging.forms_admin import ConflictAdminForm, RoundAdminForm, RubricAdminForm
from judging.models import Assignment, ConflictOfInterest, Panel, Round, Rubric, ScoreSheet


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Lists and exports only: rows are written by the judging services, never by an admin form."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [a for a in actions if a not in {"add", "change", "delete"}]
        return super().users_with_any_permission(actions)


class RubricViewSet(SafeSnippetViewSet):
    model = Rubric
    icon = "list-ol"
    menu_label = _("Thang điểm")
    list_display = ["name"]
    list_export = ["name", "description"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            InlinePanel("criteria", heading=_("Tiêu chí (tổng trọng số = 100%)"), min_num=1),
        ],
        base_form_class=RubricAdminForm,
    )


class PanelViewSet(SafeSnippetViewSet):
    model = Panel
    icon = "group"
    menu_label = _("Hội đồng chấm")
    list_display = ["name", "contest", "division", "head_judge"]
    list_export = ["name", "contest", "division", "head_judge"]
    filterset_class = PanelFilterSet
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("name"),
        FieldPanel("contest"),
        FieldPanel("division"),
        FieldPanel("head_judge"),
        # Ticks, not a multiple select: one click without Ctrl there silently drops every other judge.
        FieldPanel("judges", widget=forms.CheckboxSelectMultiple),
    ]


class RoundControlsColumn(Column):
    """Links from a round in the admin to its controls in the portal: oversight, ranking, advancement."""

    def get_value(self, instance):
        links = [
            (reverse("judging:oversee", args=[instance.pk]), _("Điều hành")),
            (reverse("judging:ranking", args=[instance.pk]), _("Xếp hạng")),
            (reverse("judging:advance", args=[instance.pk]), _("Vào vòng trong")),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


class RoundViewSet(SafeSnippetViewSet):
    model = Round
    icon = "date"
    menu_label = _("Vòng chấm")
    list_display = [
        "name",
        "panel",
        "rubric",
        "state",
        "scoring_deadline",
        RoundControlsColumn("controls", label=_("Điều hành")),
    ]
    list_export = [
        "name",
        "panel",
        "rubric",
        "state",
        "judges_per_entry",
        "max_load",
        "aggregation",
        "normalise_scores",
        "disagreement_threshold",
        "scoring_deadline",
    ]
    filterset_class = RoundFilterSet
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("panel"),
            FieldPanel("contest"),
            FieldPanel("division"),
            FieldPanel("rubric"),
            FieldPanel("previous_round"),
            MultiFieldPanel(
                [FieldPanel("judges_per_entry"), FieldPanel("max_load"), FieldPanel("scoring_deadline")],
                heading=_("Phân công"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("aggregation"),
                    FieldPanel("trim_percent"),
                    FieldPanel("normalise_scores"),
                    FieldPanel("normalise_min_sheets"),
                    FieldPanel("disagreement_threshold"),
                ],
                heading=_("Tổng hợp điểm"),
            ),
        ],
        base_form_class=RoundAdminForm,
    )


class ConflictViewSet(SafeSnippetViewSet):
    model = ConflictOfInterest
    icon = "warning"
    menu_label = _("Xung đột lợi ích")
    list_display = ["judge", "entry", "school", "declared_by_judge", "created_at"]
    list_export = ["judge", "entry", "school", "reason", "declared_by_judge", "created_at"]
    filterset_class = ConflictFilterSet
    search_fields = ["reason"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("judge"),
            FieldPanel("entrant"),
            FieldPanel("entry"),
            FieldPanel("school"),
            FieldPanel("reason"),
        ],
        base_form_class=ConflictAdminForm,
    )


class AssignmentViewSet(SafeSnippetViewSet):
    model = Assignment
    icon = "user"
    menu_label = _("Phân công chấm")
    list_display = ["entry", "judge", "round", "active", "extra"]
    list_export = ["round", "entry", "judge", "position", "active", "ended_reason", "extra", "created_at"]
    filterset_class = AssignmentFilterSet
    search_fields = ["entry__code"]
    search_backend_name = None


class ScoreSheetViewSet(SafeSnippetViewSet):
    model = ScoreSheet
    icon = "doc-full"
    menu_label = _("Phiếu chấm")
    list_display = ["assignment", "state", "total", "submitted_at"]
    list_export = [
        "assignment",
        "state",
        "total",
        "comment_organisers",
        "comment_entrant",
        "submitted_at",
        "updated_at",
    ]
    filterset_class = ScoreSheetFilterSet
    search_fields = ["comment_organisers"]
    search_backend_name = None


class JudgingAdminGroup(SnippetViewSetGroup):
    menu_label = _("Chấm thi")
    menu_icon = "tasks"
    menu_order = 300
    items = (RubricViewSet, PanelViewSet, RoundViewSet, ConflictViewSet, AssignmentViewSet, ScoreSheetViewSet)


register_permission_policy(Assignment, ReadOnlyPolicy(Assignment), exact_class=True)
register_permission_policy(ScoreSheet, ReadOnlyPolicy(ScoreSheet), exact_class=True)
register_snippet(JudgingAdminGroup)


@hooks.register("register_admin_menu_item")
def register_round_control_menu_item():
    return MenuItem(_("Điều hành vòng chấm"), reverse("judging:home"), icon_name="cogs", order=310)


@hooks.register("register_admin_urls")
def register_judging_admin_urls():
    return [path("cham-thi/moi-giam-khao/", invite_judges, name="judging_invite")]


@hooks.register("register_admin_menu_item")
def register_invite_menu_item():
    return PredicateMenuItem(
        _("Mời giám khảo"),
        reverse("judging_invite"),
        icon_name="group",
        order=305,
        predicate=rules.can_invite_judges,
    )
