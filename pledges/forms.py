"""What a signer ticks and types, and an organiser's reason for not showing a message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm
from pledges.enums import MESSAGE_MAX_LENGTH


class CommitmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.localized_text


class PledgeForm(CleanTextForm):
    commitments = CommitmentChoiceField(
        label=_("Em cam kết"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Hãy đánh dấu các cam kết để ký tên."),
    )
    message = forms.CharField(
        label=_("Lời nhắn của em (không bắt buộc)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
        help_text=_(
            "Tối đa 280 ký tự. Lời nhắn hiện lên tường sau khi Ban tổ chức duyệt. "
            "Đừng ghi số điện thoại, địa chỉ, đường dẫn hay tên trường, lớp."
        ),
    )
    show_name = forms.BooleanField(
        label=_("Hiện tên em trên tường (chỉ tên và chữ cái đầu của họ, ví dụ “Lan N.”)"),
        required=False,
        help_text=_(
            "Nếu em dưới 16 tuổi, tên chỉ hiện khi cha mẹ đã đồng ý công khai tên. "
            "Không bao giờ hiện họ tên đầy đủ, lớp hay e-mail."
        ),
    )

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment_list = list(commitments)
        self.fields["commitments"].queryset = commitments
        self.core_ids = {c.pk for c in self.commitment_list if c.is_core}

    def clean_commitments(self):
        chosen = self.cleaned_data.get("commitments") or []
        if self.core_ids - {c.pk for c in chosen}:
            raise forms.ValidationError(_("Hãy đánh dấu đủ các cam kết bắt buộc để ký tên."))
        return chosen


class RejectMessageForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Lý do không duyệt (người ký sẽ đọc)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
