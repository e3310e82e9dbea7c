from django.db import models
from django.utils.translation import gettext_lazy as _


class Maintenance(models.Model):
    """The site's maintenance switch (one row). While it is on, pages answer 503 with a notice, but uploads
    already under way go on, so a pupil's half-sent video is not lost to a planned stop."""

    active = models.BooleanField(_("Đang bảo trì"), default=False)
    message = models.CharField(_("Thông báo"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("Đổi lúc"), auto_now=True)

    class Meta:
        verbose_name = _("Bảo trì")
        verbose_name_plural = _("Bảo trì")

    def __str__(self):
        return "on" if self.active else "off"
