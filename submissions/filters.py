"""Filters of the coordinator dashboard and of the organisers' screens (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from contest.enums import SchoolLevel
from contest.models import Contest, Division, School, User
from submissions.enums import AssetState, EntryState
from submissions.models import Entry, MediaAsset

CONSENT_STATES = [("missing", _("Còn thiếu")), ("complete", _("Đã đủ")), ("no_entries", _("Chưa có bài"))]
MEDIA_STATES = [
    ("ready", _("Tất cả tệp sẵn sàng")),
    ("pending", _("Còn tệp đang xử lý")),
    ("rejected", _("Có tệp bị từ chối")),
    ("failed", _("Có tệp lỗi xử lý")),
]


class PupilFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="filter_q")
    class_name = django_filters.CharFilter(label=_("Lớp"), lookup_expr="iexact")
    consent = django_filters.ChoiceFilter(
        label=_("Sự đồng ý"), choices=CONSENT_STATES, method="filter_consent"
    )

    class Meta:
        model = User
        fields = ["q", "class_name", "consent"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(full_name__icontains=value)

    def filter_consent(self, queryset, name, value):
        if value == "missing":
            return queryset.filter(has_missing_consent=True)
        if value == "complete":
            return queryset.filter(has_missing_consent=False, entries_total__gt=0)
        return queryset.filter(entries_total=0)


class SchoolEntryFilterSet(django_filters.FilterSet):
    contest = django_filters.ModelChoiceFilter(
        label=_("Cuộc thi"), queryset=Contest.objects.order_by("title")
    )
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=EntryState.choices)
    consent_complete = django_filters.BooleanFilter(label=_("Đủ sự đồng ý tham gia"))

    class Meta:
        model = Entry
        fields = ["contest", "state", "consent_complete"]


def _media_filter(queryset, name, value):
    assets = MediaAsset.objects.filter(entry=OuterRef("pk"))
    if value == "ready":
        return queryset.filter(Exists(assets)).exclude(Exists(assets.exclude(state=AssetState.READY)))
    if value == "pending":
        states = [AssetState.UPLOADED, AssetState.PROBING, AssetState.PROCESSING]
        return queryset.filter(Exists(assets.filter(state__in=states)))
    return queryset.filter(Exists(assets.filter(state=value)))


class ScreeningFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(
        label=_("Cuộc thi"), queryset=Contest.objects.order_by("title")
    )
    division = django_filters.ModelChoiceFilter(label=_("Bảng thi"), queryset=Division.objects.all())
    school = django_filters.ModelChoiceFilter(
        label=_("Trường"), field_name="lead_entrant__school", queryset=School.objects.order_by("name")
    )
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=EntryState.choices)
    consent_complete = django_filters.BooleanFilter(label=_("Đủ sự đồng ý tham gia"))
    media = django_filters.ChoiceFilter(label=_("Tệp"), choices=MEDIA_STATES, method="filter_media")
    identity_hold = django_filters.BooleanFilter(label=_("Còn thông tin nhận diện chưa xử lý"))

    class Meta:
        model = Entry
        fields = ["contest", "division", "school", "state", "consent_complete", "media", "identity_hold"]

    def filter_media(self, queryset, name, value):
        return _media_filter(queryset, name, value)


class ParticipationFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Tên trường"), lookup_expr="icontains")
    level = django_filters.ChoiceFilter(label=_("Cấp học"), choices=SchoolLevel.choices)
    ward = django_filters.CharFilter(label=_("Phường/Xã"), lookup_expr="icontains")
    nothing_yet = django_filters.BooleanFilter(label=_("Chưa có bài nào"), method="filter_nothing_yet")

    class Meta:
        model = School
        fields = ["name", "level", "ward"]

    def filter_nothing_yet(self, queryset, name, value):
        return queryset.filter(entries=0) if value else queryset.filter(entries__gt=0)
