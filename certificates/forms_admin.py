"""The template's admin form: its uploaded background goes through the media pipeline's sandboxed child
(checked by content, PNG or JPEG only) and only the pipeline's clean re-encoded JPEG is kept."""

import tempfile
from pathlib import Path

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextAdminModelForm
from submissions.media.errors import MediaFailed, MediaRejected
from submissions.media.isolation import process_file_isolated
from submissions.media.limits import MediaKind, MediaLimits

BACKGROUND_MAX_BYTES = 15 * 1024 * 1024
BACKGROUND_MAX_PIXELS = 40_000_000
BACKGROUND_FORMATS = frozenset({"png", "jpeg"})


def reencoded_background(upload) -> ContentFile:
    """The uploaded picture checked by its content (PNG or JPEG only, within size and pixel limits) in the
    sandboxed child, and replaced by the pipeline's clean JPEG: nothing of the original file is kept."""
    if upload.size > BACKGROUND_MAX_BYTES:
        raise forms.ValidationError(_("Ảnh nền quá lớn (tối đa 15 MB)."))
    with tempfile.TemporaryDirectory(prefix="certificate-background-") as work:
        source = Path(work) / "upload"
        with source.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            result = process_file_isolated(
                path=source,
                kind=MediaKind.IMAGE,
                out_dir=Path(work) / "out",
                limits=MediaLimits(max_bytes=BACKGROUND_MAX_BYTES, max_pixels=BACKGROUND_MAX_PIXELS),
                timeout_seconds=60,
            )
        except MediaRejected as error:
            raise forms.ValidationError(error.reason) from error
        except MediaFailed as error:
            raise forms.ValidationError(
                _("Không xử lý được ảnh nền; hãy thử lại hoặc dùng ảnh khác.")
            ) from error
        if str(result.probe.get("format", "")).lower() not in BACKGROUND_FORMATS:
            raise forms.ValidationError(_("Ảnh nền phải là tệp PNG hoặc JPEG."))
        jpegs = [r for r in result.renditions if r.mime == "image/jpeg"]
        if not jpegs:
            raise forms.ValidationError(_("Không xử lý được ảnh nền; hãy thử lại hoặc dùng ảnh khác."))
        largest = max(jpegs, key=lambda r: r.width or 0)
        return ContentFile(largest.path.read_bytes(), name="background.jpg")


class CertificateTemplateAdminForm(CleanTextAdminModelForm):
    def clean_background_upload(self):
        upload = self.cleaned_data.get("background_upload")
        if (
            not upload
            or upload is False
            or not hasattr(upload, "chunks")
            or upload == self.initial.get("background_upload")
        ):
            return upload
        return reencoded_background(upload)
