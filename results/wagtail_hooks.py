"""The organisers' way in from the Wagtail admin to the results pages (shared with head judges, who have no
admin access, so the pages live in the site like judging's round controls)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from contest.admin_menu import PredicateMenuItem
from results import rules


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return PredicateMenuItem(
        _("Kết quả và giải thưởng"),
        reverse("results:home"),
        icon_name="pick",
        order=320,
        predicate=rules.can_manage_results,
    )
