"""Filters of the safeguarding officers' list (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from privacy.enums import SafeguardingCategory, SafeguardingStatus
from privacy.models import SafeguardingFlag


class SafeguardingFlagFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=SafeguardingStatus.choices)
    category = django_filters.ChoiceFilter(label=_("Loại"), choices=SafeguardingCategory.choices)

    class Meta:
        model = SafeguardingFlag
        fields = ["status", "category"]
