"""Frames store nothing about people: the photos never reach the server (or, from old browsers, are framed in
memory and forgotten), and downloads are counted per frame and day only."""

from django.utils.translation import gettext_lazy as _

from frames.models import Frame, FrameDownload
from privacy.registry import declare_exempt

declare_exempt(Frame, reason=_("Khung ảnh do ban tổ chức tải lên, không chứa dữ liệu cá nhân."))
declare_exempt(FrameDownload, reason=_("Chỉ đếm số lượt tải ảnh theo khung và ngày, không gắn với ai."))
