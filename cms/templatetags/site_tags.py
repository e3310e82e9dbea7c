"""Links that stay in the visitor's language."""

import unicodedata

from django import template
from wagtail.models import Locale, Page
from wagtail.templatetags.wagtailcore_tags import pageurl

register = template.Library()


@register.simple_tag(takes_context=True)
def localized_slugurl(context, slug):
    """The URL of the page with this slug in the active language, or in the default one if it has no
    translation; Wagtail's own slugurl returns whichever locale's page comes first."""
    pages = Page.objects.live().filter(slug=slug)
    page = pages.filter(locale=Locale.get_active()).first() or pages.first()
    return pageurl(context, page) if page else ""


@register.filter
def nfc(text):
    """Django's own name of Vietnamese ("Tiếng Việt") is stored decomposed; pages use composed Unicode."""
    return unicodedata.normalize("NFC", str(text))
