"""The public gallery's filter bar (django-filter): contest, division and prize, among published works."""

import django_filters
from django.utils.translation import gettext_lazy as _

from contest.enums import PrizeTier
from contest.forms_base import CleanTextForm
from contest.models import Contest, Division
from results.enums import ResultState


def published_contests(request=None):
    return Contest.objects.filter(result__state=ResultState.PUBLISHED).order_by("title")


def published_divisions(request=None):
    return (
        Division.objects.filter(contests__result__state=ResultState.PUBLISHED)
        .distinct()
        .order_by("min_age", "name")
    )


class GalleryFilterForm(CleanTextForm):
    """Choices only: nothing typed."""


class GalleryFilterSet(django_filters.FilterSet):
    contest = django_filters.ModelChoiceFilter(
        label=_("Cuộc thi"), queryset=published_contests, empty_label=_("Tất cả cuộc thi")
    )
    division = django_filters.ModelChoiceFilter(
        label=_("Bảng"), queryset=published_divisions, empty_label=_("Tất cả các bảng")
    )
    tier = django_filters.ChoiceFilter(label=_("Giải"), choices=PrizeTier.choices, empty_label=_("Mọi giải"))

    class Meta:
        form = GalleryFilterForm
        fields = ["contest", "division", "tier"]
