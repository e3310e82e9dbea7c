"""Forms of the organisers' vote screens: each validates what one service takes."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm
from contest.models import Contest
from voting.enums import BurstKind

REASON_MAX = 2000


class VoteIdsField(forms.Field):
    """Ids of votes posted as repeated hidden inputs (`votes=1&votes=2`)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, (list, tuple)) else ([value] if value else [])
        ids = []
        for raw in values:
            text = str(raw).strip()
            if not text.isdigit() or len(text) > 18:
                raise forms.ValidationError(_("Danh sách phiếu không hợp lệ."))
            ids.append(int(text))
        return ids

    def validate(self, value):
        super().validate(value)
        if len(value) > 5000:
            raise forms.ValidationError(_("Mỗi lần chỉ huỷ hoặc khôi phục tối đa 5.000 phiếu."))


class VoidVotesForm(CleanTextForm):
    """ "Huỷ các phiếu này": the votes of one burst and why."""

    votes = VoteIdsField(label=_("Phiếu"))
    reason = forms.CharField(
        label=_("Lý do huỷ"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class RestoreVotesForm(CleanTextForm):
    """Undo of a void: the votes to count again and why."""

    votes = VoteIdsField(label=_("Phiếu"))
    reason = forms.CharField(
        label=_("Lý do khôi phục"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class PeoplesChoiceForm(CleanTextForm):
    """The prize from the ranking: the entry is needed only to decide a tie at the top, with a reason."""

    entry_code = forms.CharField(label=_("Mã bài (khi đồng hạng)"), max_length=24, required=False)
    reason = forms.CharField(
        label=_("Lý do chọn khi đồng hạng"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BurstFilterForm(CleanTextForm):
    """Choices only: nothing typed."""


def voting_contests(request=None):
    return Contest.objects.filter(voting__isnull=False).order_by("title")


class BurstFilterSet(django_filters.FilterSet):
    """The filter bar of the suspicious-votes view (django-filter; it filters bursts, not a queryset, so
    the view reads `form.cleaned_data`)."""

    contest = django_filters.ModelChoiceFilter(
        label=_("Cuộc thi"), queryset=voting_contests, empty_label=_("Chọn cuộc thi"), method="keep"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại bất thường"), choices=BurstKind.choices, empty_label=_("Mọi loại"), method="keep"
    )

    class Meta:
        form = BurstFilterForm
        fields = ["contest", "kind"]

    def keep(self, queryset, name, value):
        return queryset
