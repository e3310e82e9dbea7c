"""Forms of the judges' portal and the head judge's view."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm
from contest.models import School, User


class ScoreSheetForm(CleanTextForm):
    """One field per criterion (`c_<id>`) plus the two comments; range and step are checked by the service,
    which knows the rubric, so a draft with an empty score still saves."""

    comment_organisers = forms.CharField(
        label=_("Nhận xét gửi ban tổ chức"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comment_entrant = forms.CharField(
        label=_("Nhận xét gửi thí sinh (không bắt buộc)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.ChoiceField(
        choices=[
            ("save", _("Lưu nháp")),
            ("submit", _("Nộp phiếu")),
            ("submit_next", _("Nộp và chấm bài tiếp")),
            ("resubmit", _("Nộp lại phiếu")),
        ],
        required=False,
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c_{criterion.pk}"] = forms.CharField(
                label=criterion.name, required=False, max_length=12
            )

    def scores(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"c_{c.pk}", "") for c in self.criteria}

    @property
    def submit(self) -> bool:
        return self.cleaned_data.get("action") in {"submit", "submit_next"}

    @property
    def resubmit(self) -> bool:
        return self.cleaned_data.get("action") == "resubmit"


class DeclarationForm(CleanTextForm):
    """The judge's own affiliations, declared before any entry is shown."""

    schools = forms.ModelMultipleChoiceField(
        label=_("Trường thầy cô đang dạy hoặc có quan hệ gần gũi"),
        queryset=School.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    other_schools = forms.CharField(
        label=_("Trường khác (mỗi dòng một trường)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    people = forms.CharField(
        label=_("Người thân hoặc học sinh thầy cô đang dạy có thể dự thi (mỗi dòng một họ tên)"),
        help_text=_("Chỉ hệ thống đối chiếu danh sách này với thí sinh; không ai khác xem được."),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    confirmed = forms.BooleanField(
        label=_("Tôi xác nhận đã khai báo đầy đủ; nếu không có gì để khai, tôi để trống các ô trên."),
    )


class ConflictForm(CleanTextForm):
    reason = forms.CharField(label=_("Lý do (không bắt buộc)"), required=False, max_length=300)


class ReasonForm(CleanTextForm):
    to_state = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=2000)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AddJudgeForm(CleanTextForm):
    entry_code = forms.CharField(label=_("Mã bài dự thi"), max_length=24)
    judge = forms.ModelChoiceField(label=_("Giám khảo"), queryset=User.objects.none())

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = panel.judges.filter(is_active=True).order_by("full_name")


class ReassignForm(CleanTextForm):
    """Moves one entry from one judge of the panel to another."""

    entry_code = forms.CharField(label=_("Mã bài dự thi"), max_length=24)
    from_judge = forms.ModelChoiceField(label=_("Từ giám khảo"), queryset=User.objects.none())
    to_judge = forms.ModelChoiceField(label=_("Sang giám khảo"), queryset=User.objects.none())

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        judges = panel.judges.filter(is_active=True).order_by("full_name")
        self.fields["from_judge"].queryset = judges
        self.fields["to_judge"].queryset = judges


class TieBreakForm(CleanTextForm):
    codes = forms.CharField(
        label=_("Mã các bài đồng điểm, bài xếp trên trước, cách nhau bởi dấu phẩy"), max_length=2000
    )
    reason = forms.CharField(label=_("Căn cứ quyết định"), max_length=2000)

    def entry_codes(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["codes"].split(",") if code.strip()]


class AdvanceForm(CleanTextForm):
    top_n = forms.IntegerField(label=_("Số bài mỗi bảng"), min_value=1, required=False)
    top_percent = forms.DecimalField(
        label=_("Hoặc tỉ lệ % mỗi bảng"), min_value=0.01, max_value=100, decimal_places=2, required=False
    )
    confirmed = forms.BooleanField(label=_("Tôi đã xem và xác nhận danh sách"), required=False)

    def clean(self):
        data = super().clean()
        if (data.get("top_n") is None) == (data.get("top_percent") is None):
            raise forms.ValidationError(_("Hãy nhập hoặc số bài, hoặc tỉ lệ phần trăm (chỉ một trong hai)."))
        return data


class AmendSheetForm(ScoreSheetForm):
    reason = forms.CharField(label=_("Lý do sửa"), max_length=2000)
    version = None
