"""Forms of the results pages: each validates what one service takes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.enums import PrizeTier
from contest.forms_base import CleanTextForm
from results.enums import FeedbackState

REASON_MAX = 2000


class TieDecisionForm(CleanTextForm):
    """The organiser's decision on entries sharing a rank across a prize boundary."""

    division = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    rank = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    order = forms.CharField(
        label=_("Thứ tự các bài, bài xếp trên trước, cách nhau bởi dấu phẩy"), max_length=2000, required=False
    )
    share = forms.BooleanField(label=_("Các bài cùng nhận giải cao hơn (đồng giải)"), required=False)
    reason = forms.CharField(label=_("Căn cứ quyết định"), max_length=REASON_MAX)

    def clean(self):
        data = super().clean()
        if not data.get("share") and not self.codes():
            raise forms.ValidationError(_("Hãy xếp thứ tự các bài, hoặc chọn cho các bài cùng nhận giải."))
        return data

    def codes(self) -> list[str]:
        raw = self.cleaned_data.get("order") or ""
        return [code.strip() for code in raw.replace(";", ",").split(",") if code.strip()]


class AdjustAwardForm(CleanTextForm):
    entry_code = forms.CharField(label=_("Mã bài dự thi"), max_length=24)
    tier = forms.ChoiceField(
        label=_("Giải"), choices=[("", _("Không có giải")), *PrizeTier.choices], required=False
    )
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=REASON_MAX)


class ReopenForm(CleanTextForm):
    reason = forms.CharField(label=_("Lý do mở lại"), max_length=REASON_MAX)


class ReallocateForm(CleanTextForm):
    entry_code = forms.CharField(
        label=_("Mã bài nhận giải"),
        max_length=24,
        required=False,
        help_text=_("Để trống nếu giải được để trống."),
    )
    reason = forms.CharField(label=_("Căn cứ quyết định"), max_length=REASON_MAX)


class FeedbackReviewForm(CleanTextForm):
    text = forms.CharField(
        label=_("Nhận xét gửi thí sinh"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[(FeedbackState.APPROVED, _("Gửi cho thí sinh")), (FeedbackState.HELD, _("Giữ lại"))],
    )
    reason = forms.CharField(label=_("Lý do (khi sửa hoặc giữ lại)"), max_length=REASON_MAX, required=False)


class ShowScoresForm(CleanTextForm):
    show_scores = forms.BooleanField(
        label=_("Cho thí sinh xem điểm trung bình theo tiêu chí"), required=False
    )
