from django import forms
from django.utils.translation import gettext_lazy as _

from contest.enums import MediaKind, SchoolClaim
from contest.forms_base import CleanTextForm
from contest.models import Contest
from submissions.enums import MembershipState


class StartEntryForm(CleanTextForm):
    """The "enter this contest" button; the key makes a double click one entry."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)


class EntryForm(CleanTextForm):
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


class TeamMemberForm(CleanTextForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Nếu bạn ấy đã có tài khoản, ghi e-mail đó để bạn ấy cùng xem và sửa bài."),
    )


TeamFormSet = forms.formset_factory(TeamMemberForm, extra=0, max_num=20, absolute_max=20)


class InvitationAnswerForm(CleanTextForm):
    answer = forms.ChoiceField(
        choices=[
            (MembershipState.ACCEPTED, _("Nhận lời")),
            (MembershipState.DECLINED, _("Từ chối")),
            (MembershipState.LEFT, _("Rời nhóm")),
        ],
        error_messages={"invalid_choice": _("Câu trả lời không hợp lệ. Hãy tải lại trang rồi thử lại.")},
    )
    DONE = {
        MembershipState.ACCEPTED: _("Em đã vào nhóm. Bài dự thi của nhóm có trong “Bài dự thi của tôi”."),
        MembershipState.DECLINED: _("Em đã từ chối lời mời."),
        MembershipState.LEFT: _("Em đã rời nhóm."),
    }


class UploadStartForm(CleanTextForm):
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


class UploadCompleteForm(CleanTextForm):
    checksum = forms.RegexField(
        regex=r"^[0-9a-fA-F]{64}$",
        error_messages={"invalid": _("Mã kiểm tra của tệp không hợp lệ.")},
    )


class PresignForm(CleanTextForm):
    parts = forms.CharField(max_length=1000)

    def clean_parts(self):
        try:
            numbers = [int(p) for p in self.cleaned_data["parts"].split(",") if p.strip()]
        except ValueError:
            raise forms.ValidationError(_("Danh sách phần tệp không hợp lệ.")) from None
        if not numbers:
            raise forms.ValidationError(_("Danh sách phần tệp không hợp lệ."))
        return numbers


class MoveAssetForm(CleanTextForm):
    direction = forms.ChoiceField(choices=[("up", _("Lên")), ("down", _("Xuống"))])


class WithdrawForm(CleanTextForm):
    reason = forms.CharField(label=_("Lý do (không bắt buộc)"), required=False, max_length=1000)
    confirm = forms.BooleanField(
        label=_("Em hiểu rằng bài đã rút sẽ không được chấm và không khôi phục được."), required=True
    )


class AssetUploadForm(CleanTextForm):
    """A plain-form upload (e.g. a teacher's photographed drawing) when the upload script cannot run."""

    file = forms.FileField(label=_("Tệp"))


class SchoolClaimForm(CleanTextForm):
    decision = forms.ChoiceField(
        choices=[
            (SchoolClaim.CONFIRMED, _("Xác nhận")),
            (SchoolClaim.REJECTED, _("Không phải học sinh trường")),
        ]
    )
    DONE = {
        SchoolClaim.CONFIRMED: _("Đã xác nhận %(name)s là học sinh của trường."),
        SchoolClaim.REJECTED: _("Đã ghi nhận %(name)s không phải học sinh của trường."),
    }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (comic pages, a drawing photographed in parts)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class OnBehalfContestForm(CleanTextForm):
    """Step one of an entry on a pupil's behalf: which contest, so the form can offer its file kinds."""

    contest = forms.ModelChoiceField(label=_("Cuộc thi"), queryset=Contest.objects.none())

    def __init__(self, *args, contests=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contests is not None:
            self.fields["contest"].queryset = contests


class OnBehalfEntryForm(CleanTextForm):
    """Step two: the work, in the forms the chosen contest accepts (typed text, files of its kinds)."""

    contest = forms.ModelChoiceField(queryset=Contest.objects.none(), widget=forms.HiddenInput)
    title = forms.CharField(label=_("Tên tác phẩm"), max_length=200)
    statement = forms.CharField(
        label=_("Lời giới thiệu cho giám khảo"), widget=forms.Textarea, required=False, max_length=3000
    )
    text = forms.CharField(
        label=_("Nội dung bài viết (gõ hoặc dán vào đây)"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    files = MultipleFileField(label=_("Tệp bài dự thi"), required=False)

    def __init__(self, *args, contest, contests, extensions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.fields["contest"].queryset = contests
        self.fields["contest"].initial = contest.pk
        kinds = ", ".join(str(MediaKind(kind).label) for kind in contest.accepted_media_kinds)
        takes_text = MediaKind.TEXT in contest.accepted_media_kinds
        if not takes_text:
            del self.fields["text"]
        if extensions:
            widget = self.fields["files"].widget
            widget.attrs["accept"] = ",".join("." + ext for ext in extensions)
            if contest.max_files > 1:
                widget.attrs["multiple"] = True
            self.fields["files"].label = _("Tệp bài dự thi (%(kinds)s)") % {"kinds": kinds}
            self.fields["files"].help_text = _("Nhận các dạng: %(ext)s. Tối đa %(n)d tệp.") % {
                "ext": ", ".join(ext.upper() for ext in extensions),
                "n": contest.max_files,
            }
        else:
            del self.fields["files"]

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("files") or []
        if len(files) > self.contest.max_files:
            self.add_error("files", _("Cuộc thi này nhận tối đa %(n)d tệp.") % {"n": self.contest.max_files})
        if not files and not (cleaned.get("text") or "").strip() and not self.errors:
            if "text" in self.fields and "files" in self.fields:
                message = _("Hãy gõ bài viết hoặc chọn tệp bài dự thi.")
            elif "text" in self.fields:
                message = _("Hãy gõ hoặc dán bài viết.")
            else:
                message = _("Hãy chọn tệp bài dự thi.")
            raise forms.ValidationError(message)
        return cleaned


class ScreeningDecisionForm(CleanTextForm):
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


class ReasonForm(CleanTextForm):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea)


class JudgeCopyForm(CleanTextForm):
    """Organisers' wording of what judges read."""

    title = forms.CharField(label=_("Tên tác phẩm (bản cho giám khảo)"), max_length=200, required=False)
    statement = forms.CharField(
        label=_("Lời giới thiệu (bản cho giám khảo)"), widget=forms.Textarea, required=False
    )
    text = forms.CharField(
        label=_("Nội dung bài viết (bản cho giám khảo)"), widget=forms.Textarea, required=False
    )


class BlurRegionForm(CleanTextForm):
    """A box on one picture, in per cent of its width and height (the page's drag tool fills it in)."""

    asset = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    rendition = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)
    x = forms.DecimalField(label=_("Trái (%)"), min_value=0, max_value=100, decimal_places=2)
    y = forms.DecimalField(label=_("Trên (%)"), min_value=0, max_value=100, decimal_places=2)
    w = forms.DecimalField(label=_("Rộng (%)"), min_value=0.1, max_value=100, decimal_places=2)
    h = forms.DecimalField(label=_("Cao (%)"), min_value=0.1, max_value=100, decimal_places=2)

    def box(self) -> dict[str, float]:
        return {key: float(self.cleaned_data[key]) / 100 for key in ("x", "y", "w", "h")}


class IdentityReturnForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Lý do trả bài (thí sinh đọc được)"),
        widget=forms.Textarea,
        initial=_(
            "Bài dự thi có thông tin cá nhân (họ tên, trường, lớp, liên lạc). Em bỏ các thông tin này rồi nộp lại nhé."
        ),
    )


class DismissFindingForm(CleanTextForm):
    note = forms.CharField(label=_("Vì sao không phải thông tin nhận diện"), max_length=500, required=False)
