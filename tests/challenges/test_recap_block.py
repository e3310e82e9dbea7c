"""A recap video on a CMS page (issue 13 §2: "the result becomes a media item for pages"): an editor puts
the recap block in an article; the page plays the scrubbed public video with its poster once the recap is
ready, and shows a notice, not a broken player, while it is stale (after a withdrawal)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from wagtail.models import Page

from cms.demo import load_demo
from recaps.enums import RecapState
from recaps.models import Recap
from tests.factories.recaps import make_challenge, make_recap

pytestmark = pytest.mark.django_db


def test_article_with_a_recap_block_plays_it_when_ready_and_not_when_stale(client):
    load_demo()
    recap = make_recap(make_challenge())
    video = storages["default"].save("recaps/ngay-hoi.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"))
    poster = storages["default"].save("recaps/ngay-hoi.jpg", ContentFile(b"\xff\xd8\xff\xd9"))
    Recap.objects.filter(pk=recap.pk).update(state=RecapState.READY, video=video, poster=poster)
    article = Page.objects.get(slug="khong-gui-anh-rieng-tu", locale__language_code="vi").specific
    article.body.append(("recap", {"recap": recap, "caption": "Ngày hội An toàn trực tuyến 2026"}))
    article.save_revision().publish()

    html = client.get(article.url).content.decode()

    assert f'src="{storages["default"].url(video)}"' in html
    assert f'poster="{storages["default"].url(poster)}"' in html
    assert "Ngày hội An toàn trực tuyến 2026" in html

    Recap.objects.filter(pk=recap.pk).update(state=RecapState.STALE, video="")
    html = client.get(article.url).content.decode()
    assert "<video" not in html
    assert "Video tổng hợp đang được cập nhật" in html
