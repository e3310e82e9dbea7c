"""The vote buttons of public pages: `{% vote_boxes cards as boxes %}` once per page (one query, four when
a contest of the page has a vote), then `{% vote_box boxes card.key %}` per work; nothing shows for a
contest without a vote."""

from django import template
from django.utils import timezone

from voting.selectors import vote_boxes as read_boxes

register = template.Library()


@register.simple_tag(takes_context=True)
def vote_boxes(context, cards):
    request = context.get("request")
    user = getattr(request, "user", None)
    if hasattr(cards, "key"):
        cards = [cards]
    return read_boxes(cards=list(cards or []), user=user, now=timezone.now())


@register.inclusion_tag("voting/vote_box.html", takes_context=True)
def vote_box(context, boxes, key, compact=False):
    request = context.get("request")
    return {
        "box": (boxes or {}).get(key),
        "key": key,
        "compact": compact,
        "user": getattr(request, "user", None),
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
