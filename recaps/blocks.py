"""A StreamField block that plays a recap video on any CMS page. The lead adds `("recap", RecapBlock())`
to a page's body; the block reads only the recap row (public, scrubbed files) and shows nothing of a recap
that is not ready — a recap made stale by a withdrawal has already lost its video file."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class RecapBlock(blocks.StructBlock):
    recap = SnippetChooserBlock("recaps.Recap", label=_("Video tổng hợp"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=200)

    class Meta:
        icon = "media"
        label = _("Video tổng hợp")
        template = "recaps/blocks/recap.html"
