"""Public pages: the challenges, each with its wall of approved clips, and the clips' scrubbed files."""

from django.core.files.storage import storages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from challenges import rules, selectors
from challenges.enums import ClipState
from challenges.models import Clip
from submissions.streaming import ranged_response

SERVED_RENDITIONS = {"video_720.mp4", "video_360.mp4", "poster.jpg"}


@require_GET
def index(request):
    challenges = list(selectors.visible_challenges())
    return TemplateResponse(request, "challenges/index.html", {"challenges": challenges})


def _page_number(request) -> int:
    raw = request.GET.get("p", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else 1


@require_GET
def detail(request, slug: str):
    challenge = get_object_or_404(selectors.visible_challenges(), slug=slug)
    page = _page_number(request)
    size = selectors.WALL_PAGE_SIZE
    clips = selectors.public_clips(challenge=challenge, limit=size + 1, offset=(page - 1) * size)
    context = {
        "challenge": challenge,
        "clips": clips[:size],
        "page": page,
        "has_next": len(clips) > size,
        "can_send": rules.can_send_clip(request.user, challenge),
        "is_open": challenge.is_open(),
    }
    return TemplateResponse(request, "challenges/detail.html", context)


@require_GET
def clip_file(request, pk: int, name: str):
    """A clip's scrubbed rendition: to anyone while the clip is on the wall, otherwise only to its author
    and to organisers. The original is never served here."""
    if name not in SERVED_RENDITIONS:
        raise Http404
    clip = get_object_or_404(Clip.objects.select_related("author"), pk=pk)
    allowed = rules.is_clip_author(request.user, clip) or rules.can_moderate_clips(request.user)
    if not allowed and not (clip.state == ClipState.APPROVED and selectors.is_clip_public(clip=clip)):
        raise Http404
    rendition = clip.rendition(name)
    storage = storages["private"]
    if rendition is None or not storage.exists(rendition["key"]):
        raise Http404
    return ranged_response(
        request,
        storage=storage,
        key=rendition["key"],
        mime=rendition["mime"],
        filename=f"clip-{clip.pk}-{name}",
    )
