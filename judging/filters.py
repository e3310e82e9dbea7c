import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from judging.enums import RoundState, SheetState
from judging.models import Assignment, ConflictOfInterest, Panel, Round, ScoreSheet


class PanelFilterSet(WagtailFilterSet):
    class Meta:
        model = Panel
        fields = ["contest", "division"]


class RoundFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=RoundState.choices)

    class Meta:
        model = Round
        fields = ["state", "panel"]


class AssignmentFilterSet(WagtailFilterSet):
    class Meta:
        model = Assignment
        fields = ["round", "judge", "active"]


class ConflictFilterSet(WagtailFilterSet):
    class Meta:
        model = ConflictOfInterest
        fields = ["judge", "declared_by_judge"]


class ScoreSheetFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=SheetState.choices)
    round = django_filters.ModelChoiceFilter(
        label=_("Vòng chấm"), field_name="assignment__round", queryset=Round.objects.all()
    )

    class Meta:
        model = ScoreSheet
        fields = ["state"]
