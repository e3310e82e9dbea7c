"""Forms of the campaign report: the coordinator's activity report and photo, the organiser's reminders."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm, CleanTextModelForm
from contest.models import Campaign
from reports.models import ActivityReport, ReportingPeriod
from reports.onboarding import ImportFileError, parse_rows, read_table
from reports.photos import check_photo
from submissions.media.errors import MediaFailed, MediaRejected

MAX_COUNT = 1_000_000


class ActivityReportForm(CleanTextModelForm):
    held_on = forms.DateField(
        label=_("Ngày tổ chức hoạt động chính"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("Ví dụ: 25/03/2026"),
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )

    class Meta:
        model = ActivityReport
        fields = ["talks_held", "participants", "posters_displayed", "workshops", "held_on", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6, "maxlength": 4000})}
        help_texts = {
            "participants": _("Học sinh, thầy cô và phụ huynh đã dự các hoạt động."),
            "description": _("Kể ngắn gọn các hoạt động; đừng ghi tên hay thông tin riêng của học sinh."),
        }

    def __init__(self, *args, period: ReportingPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        if self.instance.pk is None:
            today = timezone.localdate()
            self.initial.setdefault("held_on", min(max(today, period.starts_on), period.ends_on))
        for name in ("talks_held", "participants", "posters_displayed", "workshops"):
            self.fields[name].max_value = MAX_COUNT
            self.fields[name].widget.attrs.update({"min": 0, "max": MAX_COUNT, "inputmode": "numeric"})
            self.fields[name].validators.append(MaxValueValidator(MAX_COUNT))
        self.fields["description"].max_length = 4000

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if not (self.period.starts_on <= held_on <= self.period.ends_on):
            raise forms.ValidationError(
                _("Ngày tổ chức phải nằm trong kỳ báo cáo (%(start)s – %(end)s).")
                % {"start": f"{self.period.starts_on:%d/%m/%Y}", "end": f"{self.period.ends_on:%d/%m/%Y}"}
            )
        return held_on


class ActivityPhotoForm(CleanTextForm):
    photo = forms.FileField(
        label=_("Ảnh hoạt động"), help_text=_("Ảnh JPEG, PNG, WebP hoặc HEIC, tối đa 15 MB.")
    )

    def clean_photo(self):
        uploaded = self.cleaned_data["photo"]
        try:
            return check_photo(uploaded)
        except MediaRejected as rejected:
            raise forms.ValidationError(
                rejected.reason_en if (get_language() or "vi").startswith("en") else rejected.reason
            ) from rejected
        except MediaFailed as failed:
            raise forms.ValidationError(_("Không đọc được ảnh này. Thầy cô thử lại sau nhé.")) from failed


class ReminderForm(CleanTextForm):
    """Organisers remind every school that has not reported, or one school."""

    school = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReportFilterForm(CleanTextForm):
    """Which campaign and which dates the dashboard and the exports cover (read by GET, nothing saved)."""

    campaign = forms.ModelChoiceField(
        label=_("Chiến dịch"), queryset=Campaign.objects.order_by("-starts_on"), required=False
    )
    since = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"], help_text="dd/mm/yyyy"
    )
    until = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"], help_text="dd/mm/yyyy"
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise forms.ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class SchoolImportForm(CleanTextForm):
    file = forms.FileField(
        label=_("Tệp danh sách trường (XLSX hoặc CSV)"),
        help_text=_(
            "Cột: Mã trường, Tên trường, Cấp học, Phường/Xã, Địa chỉ, Số học sinh, Giáo viên phụ trách, "
            "E-mail giáo viên phụ trách. Mỗi giáo viên một dòng; nhập lại tệp sẽ cập nhật, không tạo trùng."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            return parse_rows(read_table(uploaded))
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from error
