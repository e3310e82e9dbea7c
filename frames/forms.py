from django import forms
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm
from frames.enums import Crop, OutputFormat
from frames.selectors import public_frames


class FrameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.width}×{obj.height})"


class FramePhotoForm(CleanTextForm):
    """The page's one form. With JavaScript it only chooses the frame and the photo stays in the browser;
    without, it is posted and the server frames the photo in memory."""

    frame = FrameChoiceField(
        label=_("1. Chọn khung"), queryset=public_frames(), widget=forms.RadioSelect, empty_label=None
    )
    photo = forms.FileField(
        label=_("2. Chọn ảnh của em"),
        help_text=_("Ảnh JPG, PNG, WEBP hoặc HEIC (ảnh chụp từ điện thoại)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    crop = forms.ChoiceField(
        label=_("3. Giữ phần nào của ảnh?"),
        choices=Crop.choices,
        initial=Crop.CENTER,
        widget=forms.RadioSelect,
    )
    output_format = forms.ChoiceField(
        label=_("4. Định dạng ảnh tải về"),
        choices=OutputFormat.choices,
        initial=OutputFormat.PNG,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frame"].queryset = public_frames()


class DownloadBeaconForm(CleanTextForm):
    """Posted by the page's script when a picture is saved: which frame, nothing else."""

    frame = forms.ModelChoiceField(queryset=public_frames())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frame"].queryset = public_frames()
