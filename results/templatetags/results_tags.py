"""Results shown inside other apps' pages: the outcome on the entrant's entry page, and the school's results
on the coordinator's dashboard. Each checks who is looking before reading anything."""

from django import template

from results import rules
from results.selectors.feedback import entry_outcome as entry_outcome_selector
from results.selectors.feedback import school_results as school_results_selector

register = template.Library()


@register.inclusion_tag("results/includes/entry_outcome.html", takes_context=True)
def entry_outcome(context, entry):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not rules.can_view_entry_outcome(user, entry):
        return {"outcome": None}
    return {"outcome": entry_outcome_selector(entry=entry)}


@register.inclusion_tag("results/includes/school_results.html", takes_context=True)
def school_results(context, school):
    """The coordinator's table; "certs" adds its column by extending this template's `extra_heads` and
    `extra_cells` blocks (or by replacing this tag's template name)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not rules.can_view_school_results(user, school):
        return {"rows": []}
    return {"rows": school_results_selector(school=school)}
