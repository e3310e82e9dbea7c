import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from pledges.enums import FlagKind, MessageState
from pledges.models import Pledge

CLEAN = "clean"


class MessageFilterSet(WagtailFilterSet):
    """The organisers' queue: by the message's state, by screening's reason (or clean), by school."""

    message_state = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=[c for c in MessageState.choices if c[0] != MessageState.NONE],
        empty_label=_("Tất cả"),
    )
    flag = django_filters.ChoiceFilter(
        label=_("Sàng lọc"),
        choices=[(CLEAN, _("Không có gì cần xem kỹ")), *FlagKind.choices],
        method="filter_flag",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = Pledge
        fields = ["message_state", "flag", "school"]

    def filter_flag(self, queryset, name, value):
        if value == CLEAN:
            return queryset.filter(flagged=False)
        return queryset.filter(Q(flag_kinds__contains=f" {value} "))
