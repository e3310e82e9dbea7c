import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from contest.enums import ContestKind, SchoolLevel
from contest.models import Campaign, Contest, Division, Prize, School


class CampaignFilterSet(WagtailFilterSet):
    class Meta:
        model = Campaign
        fields = {"starts_on": ["gte"], "ends_on": ["lte"]}


class ContestFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Thể loại"), choices=ContestKind.choices)
    campaign = django_filters.ModelChoiceFilter(label=_("Chiến dịch"), queryset=Campaign.objects.all())
    closes_after = django_filters.DateFilter(
        label=_("Hạn nộp từ ngày"), field_name="closes_at", lookup_expr="date__gte"
    )

    class Meta:
        model = Contest
        fields = ["kind", "campaign"]


class DivisionFilterSet(WagtailFilterSet):
    class Meta:
        model = Division
        fields = ["campaign"]


class SchoolFilterSet(WagtailFilterSet):
    level = django_filters.ChoiceFilter(label=_("Cấp học"), choices=SchoolLevel.choices)
    ward = django_filters.CharFilter(label=_("Phường/Xã"), lookup_expr="icontains")

    class Meta:
        model = School
        fields = ["level", "ward"]


class PrizeFilterSet(WagtailFilterSet):
    class Meta:
        model = Prize
        fields = ["contest", "division", "tier"]
