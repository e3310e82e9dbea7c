"""Links that stay in the visitor's language."""

import unicodedata

from django import template
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.templatetags.wagtailcore_tags import pageurl

register = template.Library()


@register.simple_tag(takes_context=True)
def localized_slugurl(context, slug):
    """The URL of the page with this slug in the active language, or in the default one if it has no
    translation; Wagtail's own slugurl returns whichever locale's page comes first."""
    pages = Page.objects.live().filter(slug=slug)
    page = (
        pages.filter(locale__language_code=get_supported_content_language_variant(get_language())).first()
        or pages.first()
    )
    return pageurl(context, page) if page else ""


@register.filter
def nfc(text):
    """Django's own name of Vietnamese ("Tiếng Việt") is stored decomposed; pages use composed Unicode."""
    return unicodedata.normalize("NFC", str(text))
