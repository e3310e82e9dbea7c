"""The organiser's request to publish a contest's results (helper "publish")."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm


class PublishResultsForm(CleanTextForm):
    go_live_at = forms.DateTimeField(
        label=_("Lên trang lúc (giờ lễ trao giải)"),
        required=False,
        help_text=_("Để trống: lên trang ngay khi Trưởng ban tổ chức duyệt."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )

    def clean_go_live_at(self):
        value = self.cleaned_data.get("go_live_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("Giờ lên trang phải ở tương lai."))
        return value
