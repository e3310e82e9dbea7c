import io

import openpyxl
import pytest
from django.urls import reverse

from contest.models import Contest
from tests.factories import CampaignFactory, ContestFactory, OrganiserFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory())
    return client


def test_admin_school_list_filters_and_searches(organiser_client):
    SchoolFactory(name="THCS Nguyễn Du", level="thcs", ward="Phường Bến Thành")
    SchoolFactory(name="THPT Lê Hồng Phong", level="thpt", ward="Phường Chợ Quán")
    url = reverse("wagtailsnippets_contest_school:list")
    filtered = organiser_client.get(url, {"level": "thpt"}).content.decode()
    assert "THPT Lê Hồng Phong" in filtered
    assert "THCS Nguyễn Du" not in filtered
    searched = organiser_client.get(url, {"q": "Nguyễn Du"}).content.decode()
    assert "THCS Nguyễn Du" in searched
    assert "Lê Hồng Phong" not in searched


def test_admin_school_export_csv_and_xlsx(organiser_client):
    SchoolFactory(name="THCS Nguyễn Du", code="THCS-777")
    url = reverse("wagtailsnippets_contest_school:list")
    csv_response = organiser_client.get(url, {"export": "csv"})
    assert csv_response.status_code == 200
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert "THCS Nguyễn Du" in body
    assert "THCS-777" in body
    xlsx_response = organiser_client.get(url, {"export": "xlsx"})
    assert xlsx_response.status_code == 200
    content = b"".join(xlsx_response.streaming_content) if xlsx_response.streaming else xlsx_response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "THCS Nguyễn Du" in values


def test_admin_contest_filter_by_kind(organiser_client):
    campaign = CampaignFactory()
    ContestFactory(campaign=campaign, title="Video an toàn", kind="video")
    ContestFactory(campaign=campaign, title="Bài viết an toàn", kind="essay", accepted_media_kinds=["essay"])
    html = organiser_client.get(
        reverse("wagtailsnippets_contest_contest:list"), {"kind": "essay"}
    ).content.decode()
    assert "Bài viết an toàn" in html
    assert "Video an toàn" not in html


def test_admin_contest_closing_before_opening_is_refused(organiser_client):
    campaign = CampaignFactory()
    data = {
        "campaign": campaign.pk,
        "title": "Thử",
        "slug": "thu",
        "kind": "video",
        "code": "THU",
        "rules": "",
        "accepted_media_kinds": ["video"],
        "min_files": 1,
        "max_files": 1,
        "max_file_bytes": 1000,
        "team_size_max": 1,
        "entries_per_entrant": 1,
        "opens_at": "2026-12-10 08:00",
        "closes_at": "2026-12-01 08:00",
    }
    response = organiser_client.post(reverse("wagtailsnippets_contest_contest:add"), data)
    assert response.status_code == 200
    assert "Hạn nộp bài phải sau thời điểm mở nhận bài." in response.content.decode()
    assert not Contest.objects.filter(slug="thu").exists()

    data["closes_at"] = "2026-12-20 08:00"
    response = organiser_client.post(reverse("wagtailsnippets_contest_contest:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Contest.objects.get(slug="thu").accepted_media_kinds == ["video"]
