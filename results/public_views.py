"""Public pages of the galleries: the gallery itself (filters, pages), one work's page with the player its
kind needs, and the share images. Nothing here needs an account; everything answers 404 unless the work
is public right now (results.selectors.gallery)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from contest.models import Contest
from results.enums import ResultState
from results.gallery_filters import GalleryFilterSet
from results.models import PublicEntry
from results.selectors.gallery import gallery_cards, gallery_queryset, public_entry
from results.share import HASHTAGS, ShareCard, render_share_image, share_card, share_links

PAGE_SIZE = 24
SHARE_CACHE = "public, max-age=600"


def open_graph(request, *, title: str, description: str, image_path: str) -> dict:
    """What `results/public/og_tags.html` prints: absolute URLs, the campaign's hashtags in the text."""
    return {
        "title": title,
        "description": f"{description} {' '.join(HASHTAGS)}".strip(),
        "image": request.build_absolute_uri(image_path),
        "url": request.build_absolute_uri(request.path),
        "image_width": 1200,
        "image_height": 630,
    }


@require_GET
def gallery(request):
    filterset = GalleryFilterSet(request.GET or None, queryset=PublicEntry.objects.none())
    status = 200
    filters = {}
    if filterset.is_bound:
        if filterset.is_valid():
            filters = {k: v for k, v in filterset.form.cleaned_data.items() if v}
        else:
            status = 400
    if status == 200:
        paginator = Paginator(gallery_queryset(**filters), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("trang"))
        cards = gallery_cards(page.object_list)
    else:
        page, cards = None, []
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "filterset": filterset,
        "page_obj": page,
        "cards": cards,
        "query": query.urlencode(),
        "og": open_graph(
            request,
            title=_("Thư viện tác phẩm"),
            description=_("Các tác phẩm đạt giải của cuộc thi Không một mình."),
            image_path=reverse("gallery:campaign_share_image"),
        ),
    }
    return render(request, "results/public/gallery.html", context, status=status)


@require_GET
def entry_page(request, key: str):
    view = public_entry(code=key)
    if view is None:
        raise Http404
    card = share_card(view)
    url = request.build_absolute_uri(request.path)
    context = {
        "work": view,
        "share": card,
        "share_links": share_links(url=url, title=card.title),
        "og": open_graph(
            request,
            title=card.title,
            description=" · ".join(part for part in (card.prize, card.credit, card.contest) if part),
            image_path=reverse("gallery:share_image", args=[key]),
        ),
    }
    return render(request, "results/public/entry.html", context)


def _png(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = SHARE_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def share_image(request, key: str):
    """Drawn on every request from today's consents, so a withdrawn consent never lingers in a picture."""
    view = public_entry(code=key)
    if view is None:
        raise Http404
    return _png(render_share_image(share_card(view)))


@require_GET
def contest_share_image(request, contest_id: int):
    """The results page's share image: the contest and the campaign, never a pupil."""
    contest = get_object_or_404(Contest, pk=contest_id, result__state=ResultState.PUBLISHED)
    card = ShareCard(
        title=contest.localized_title,
        credit=_("Kết quả cuộc thi"),
        prize="",
        contest=contest.campaign.name,
    )
    return _png(render_share_image(card))


@require_GET
def campaign_share_image(request):
    card = ShareCard(
        title=_("Thư viện tác phẩm"),
        credit=_("Cùng nhau an toàn trực tuyến"),
        prize="",
        contest=_("Các tác phẩm đạt giải của cuộc thi Không một mình."),
    )
    return _png(render_share_image(card))
