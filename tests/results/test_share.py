"""Share images: 1200×630 PNGs in the campaign's colours with its hashtags, drawing the credit exactly as
consent allows (the card's words are tested, not its pixels); the results page's image names no pupil and
exists only for published results."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from privacy.models import Consent
from results.enums import ResultState
from results.models import ContestResult
from results.selectors.gallery import public_entry
from results.share import HASHTAGS, font, render_share_image, share_card
from tests.factories.gallery import public_work

pytestmark = pytest.mark.django_db


def test_share_image_is_1200_by_630_png(client):
    public = public_work(title="Một tên tác phẩm rất dài để xem chữ có xuống dòng đẹp không, ở cả hai dòng")
    response = client.get(reverse("gallery:share_image", args=[public.key]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)
    assert image.format == "PNG"
    assert not image.info.get("exif")


def test_share_card_draws_the_hashtags_and_only_the_consented_credit():
    public = public_work(title="Bàn tay ấm")
    card = share_card(public_entry(code=public.key))
    assert card.hashtags == HASHTAGS
    assert card.credit == "Trần Thị Hạnh – THCS Nguyễn Du"
    assert "Giải Nhất" in card.prize
    Consent.objects.filter(subject=public.entry.lead_entrant, purpose="display_identity").delete()
    card = share_card(public_entry(code=public.key))
    assert card.credit == "Hạnh T."
    assert not any("Trần" in line for line in card.lines)
    assert render_share_image(card)[:8] == b"\x89PNG\r\n\x1a\n"


def test_results_page_share_image_only_for_published_results(client):
    public = public_work()
    url = reverse("gallery:contest_share_image", args=[public.contest_id])
    assert client.get(url).status_code == 200
    ContestResult.objects.filter(contest=public.contest).update(state=ResultState.COSIGNED)
    assert client.get(url).status_code == 404
    assert client.get(reverse("gallery:contest_share_image", args=[999999])).status_code == 404
    assert client.get(reverse("gallery:campaign_share_image")).status_code == 200


def test_share_font_has_every_vietnamese_letter():
    from submissions.media.render.fonts import VIETNAMESE_SAMPLE

    face = font(40)
    for letter in VIETNAMESE_SAMPLE:
        assert face.getmask(letter).getbbox() is not None, letter
