from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameKind(models.TextChoices):
    AVATAR = "avatar", _("Ảnh đại diện (vuông)")
    COVER = "cover", _("Ảnh bìa")


# The output size a frame gets when the organiser leaves it blank: a square profile picture and a
# Facebook-sized cover.
DEFAULT_SIZES: dict[str, tuple[int, int]] = {
    FrameKind.AVATAR: (1080, 1080),
    FrameKind.COVER: (820, 312),
}


class DownloadSource(models.TextChoices):
    BROWSER = "browser", _("Ghép trên trình duyệt")
    SERVER = "server", _("Ghép trên máy chủ (trình duyệt cũ)")


class Crop(models.TextChoices):
    """Which part of the photo the server keeps when it has to cut it to the frame's shape."""

    CENTER = "center", _("Giữa ảnh")
    START = "start", _("Phía trên (hoặc bên trái)")
    END = "end", _("Phía dưới (hoặc bên phải)")


class OutputFormat(models.TextChoices):
    PNG = "png", _("PNG (nét nhất)")
    JPEG = "jpeg", _("JPEG (nhẹ hơn)")
