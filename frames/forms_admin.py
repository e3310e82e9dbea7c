"""The organisers' frame form: the uploaded PNG is checked by content and replaced by our own re-encoding
(frames.images.clean_frame) before anything is saved; a refused file leaves nothing behind."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextAdminModelForm
from frames.enums import DEFAULT_SIZES
from frames.images import FrameImageError, clean_frame


class FrameAdminForm(CleanTextAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("width", "height"):
            self.fields[name].required = False
        self.fields["width"].help_text = _("Để trống: 1080 cho ảnh đại diện, 820 cho ảnh bìa.")
        self.fields["height"].help_text = _("Để trống: 1080 cho ảnh đại diện, 312 cho ảnh bìa.")
        self.fields["image"].help_text = _(
            "Ảnh PNG có phần trong suốt (phần giữa để trống cho ảnh của người dùng), cùng tỉ lệ với ảnh tải "
            "về, tối đa 10 MB và 16 megapixel. Khung được lưu lại dưới dạng một tệp PNG mới, không kèm thông "
            "tin ẩn của tệp gốc."
        )
        self.fields["image"].widget.attrs["accept"] = "image/png"

    def clean(self):
        cleaned = super().clean()
        default_width, default_height = DEFAULT_SIZES.get(cleaned.get("kind"), (1080, 1080))
        width = cleaned["width"] = cleaned.get("width") or default_width
        height = cleaned["height"] = cleaned.get("height") or default_height
        if self.errors:
            return cleaned
        uploaded = self.files.get(self.add_prefix("image"))
        if uploaded is not None:
            source, size = uploaded, uploaded.size
        elif self.instance.pk and self.instance.image and {"width", "height"} & set(self.changed_data):
            self.instance.image.open("rb")
            source, size = self.instance.image.file, self.instance.image.size
        else:
            return cleaned
        try:
            source.seek(0)
            frame = clean_frame(source, size_bytes=size, width=width, height=height)
        except FrameImageError as error:
            self.add_error("image" if uploaded is not None else "width", error.message)
            return cleaned
        finally:
            if uploaded is None:
                self.instance.image.close()
        cleaned["image"] = ContentFile(frame.png, name="khung.png")
        self._thumbnail = frame.thumbnail_png
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        thumbnail = getattr(self, "_thumbnail", None)
        if thumbnail is not None and not self.errors:
            self.instance.thumbnail = ContentFile(thumbnail, name="khung-nho.png")
