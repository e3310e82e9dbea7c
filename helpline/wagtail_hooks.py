"""Organisers edit the guidance in Wagtail (Snippets); reports themselves never appear in the admin."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from helpline.models import HelpGuidance


class HelpGuidanceViewSet(SnippetViewSet):
    model = HelpGuidance
    icon = "help"
    list_display = ["title", "concern", "sort_order"]
    list_filter = ["concern", "locale"]


register_snippet(HelpGuidanceViewSet)
