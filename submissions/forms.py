from django import forms
from django.utils.translation import gettext_lazy as _

from contest.enums import MediaKind
from contest.models import Contest
from submissions.models import ConsentPurpose, SafeguardingCategory, SafeguardingStatus


class StartEntryForm(forms.Form):
    """The "enter this contest" button; the key makes a double click one entry."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)


class EntryForm(forms.Form):
    title = forms.CharField(label=_("Tên tác phẩm"), max_length=200, required=False)
    statement = forms.CharField(
        label=_("Lời giới thiệu cho giám khảo"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Em kể ngắn gọn về ý tưởng của tác phẩm. Đừng ghi tên em, tên trường hay thông tin liên lạc: "
            "giám khảo chấm bài mà không biết tác giả là ai."
        ),
    )
    text = forms.CharField(
        label=_("Nội dung bài viết"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Em có thể gõ trực tiếp bài viết vào đây thay cho tệp đính kèm."),
    )

    def __init__(self, *args, contest=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contest is None or MediaKind.TEXT not in contest.accepted_media_kinds:
            del self.fields["text"]


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Nếu bạn ấy đã có tài khoản, ghi e-mail đó để bạn ấy cùng xem và sửa bài."),
    )


TeamFormSet = forms.formset_factory(TeamMemberForm, extra=0, max_num=20, absolute_max=20)


class UploadStartForm(forms.Form):
    name = forms.CharField(
        max_length=1000,
        error_messages={
            "null_characters_not_allowed": _(
                "Tên tệp có ký tự không được phép. Hãy đổi tên tệp, chỉ dùng chữ, số, dấu gạch rồi tải lên lại."
            )
        },
    )
    size = forms.IntegerField(min_value=0)
    client_key = forms.UUIDField()
    role = forms.CharField(max_length=60, required=False)


class UploadCompleteForm(forms.Form):
    checksum = forms.RegexField(
        regex=r"^[0-9a-fA-F]{64}$",
        error_messages={"invalid": _("Mã kiểm tra của tệp không hợp lệ.")},
    )


class PresignForm(forms.Form):
    parts = forms.CharField(max_length=1000)

    def clean_parts(self):
        try:
            numbers = [int(p) for p in self.cleaned_data["parts"].split(",") if p.strip()]
        except ValueError:
            raise forms.ValidationError(_("Danh sách phần tệp không hợp lệ.")) from None
        if not numbers:
            raise forms.ValidationError(_("Danh sách phần tệp không hợp lệ."))
        return numbers


class MoveAssetForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Lên")), ("down", _("Xuống"))])


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do (không bắt buộc)"), required=False, max_length=1000)
    confirm = forms.BooleanField(
        label=_("Em hiểu rằng bài đã rút sẽ không được chấm và không khôi phục được."), required=True
    )


class AssetUploadForm(forms.Form):
    """A plain-form upload (e.g. a teacher's photographed drawing) when the upload script cannot run."""

    file = forms.FileField(label=_("Tệp"))


PURPOSE_FIELDS = {
    "participation": ConsentPurpose.PARTICIPATION,
    "display_work": ConsentPurpose.DISPLAY_WORK,
    "display_identity": ConsentPurpose.DISPLAY_IDENTITY,
}


class PurposesForm(forms.Form):
    """One checkbox per purpose, each labelled with the text that is stored with the consent."""

    participation = forms.BooleanField(required=False)
    display_work = forms.BooleanField(required=False)
    display_identity = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from submissions.services.consent import consent_text

        for index, (name, purpose) in enumerate(PURPOSE_FIELDS.items(), start=1):
            self.fields[name].label = f"({index}) {purpose.label}"
            self.fields[name].help_text = consent_text(purpose)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("display_work") or cleaned.get("display_identity")) and not cleaned.get(
            "participation"
        ):
            raise forms.ValidationError(
                _("Muốn đồng ý công khai thì trước hết cần đồng ý mục (1) – tham gia cuộc thi.")
            )
        return cleaned

    def purposes(self) -> set[str]:
        return {purpose for name, purpose in PURPOSE_FIELDS.items() if self.cleaned_data.get(name)}

    @staticmethod
    def initial_from(purposes) -> dict:
        return {name: purpose in purposes for name, purpose in PURPOSE_FIELDS.items()}


class GuardianInviteForm(forms.Form):
    guardian_name = forms.CharField(
        label=_("Họ tên cha/mẹ hoặc người giám hộ"), max_length=150, required=False
    )
    guardian_email = forms.EmailField(label=_("E-mail của cha/mẹ hoặc người giám hộ"))


class PaperConsentForm(PurposesForm):
    guardian_name = forms.CharField(label=_("Họ tên phụ huynh ký phiếu"), max_length=150)
    scan = forms.FileField(label=_("Ảnh chụp hoặc bản quét phiếu (JPEG, PNG, PDF; tối đa 10 MB)"))

    def clean(self):
        cleaned = super().clean()
        if not self.purposes() and not self.errors:
            raise forms.ValidationError(_("Hãy đánh dấu ít nhất một mục có trên phiếu đồng ý."))
        return cleaned


class OnBehalfEntryForm(forms.Form):
    contest = forms.ModelChoiceField(label=_("Cuộc thi"), queryset=Contest.objects.none())
    title = forms.CharField(label=_("Tên tác phẩm"), max_length=200)
    statement = forms.CharField(
        label=_("Lời giới thiệu cho giám khảo"), widget=forms.Textarea, required=False
    )
    file = forms.FileField(label=_("Ảnh chụp bài vẽ"))

    def __init__(self, *args, contests=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contests is not None:
            self.fields["contest"].queryset = contests


class DeleteMyDataForm(forms.Form):
    confirm = forms.CharField(
        label=_("Gõ chữ XOÁ để xác nhận"), max_length=10, help_text=_("Việc xoá không thể hoàn tác.")
    )

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip().upper()
        if value not in {"XOÁ", "XÓA", "XOA"}:
            raise forms.ValidationError(_("Hãy gõ đúng chữ XOÁ để xác nhận."))
        return value


class ScreeningDecisionForm(forms.Form):
    DECISIONS = [
        ("eligible", _("Hợp lệ")),
        ("returned", _("Cần bổ sung (trả lại cho thí sinh)")),
        ("disqualified", _("Không hợp lệ")),
    ]
    decision = forms.ChoiceField(label=_("Quyết định"), choices=DECISIONS)
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi trả lại hoặc loại)"), widget=forms.Textarea, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") in {"returned", "disqualified"}
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Hãy ghi lý do để thí sinh biết cần làm gì."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea)


class RaiseFlagForm(forms.Form):
    category = forms.ChoiceField(label=_("Loại"), choices=SafeguardingCategory.choices)
    summary = forms.CharField(label=_("Mô tả điều đã thấy"), widget=forms.Textarea)


class FlagNoteForm(forms.Form):
    text = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=SafeguardingStatus.choices)
