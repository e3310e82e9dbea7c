"""The school's poster: only its coordinator and organisers may print it (others get a 404), names as
consented, approved messages only, and 5,000 signatures drawn without holding them all in memory."""

import io
import tracemalloc

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pledges import selectors
from pledges.poster import PosterHead, draw_poster
from tests.factories import CoordinatorFactory, EntrantFactory, JudgeFactory
from tests.factories.parents import ParentFactory
from tests.factories.pledges import bulk_sign, sign
from tests.pledges.conftest import years_ago

pytestmark = pytest.mark.django_db


def poster_url(school):
    return reverse("pledges:poster", args=[school.pk])


def pdf_text(response) -> str:
    data = b"".join(response.streaming_content)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_coordinator_prints_their_schools_poster(client, teacher, school, organiser):
    sign(
        EntrantFactory(full_name="Trần Minh Anh", date_of_birth=years_ago(17), school=school), show_name=True
    )
    sign(
        EntrantFactory(full_name="Lê Thị Ngọc", date_of_birth=years_ago(17), school=school),
        message="Chưa duyệt-ạ",
    )
    sign(
        EntrantFactory(full_name="Phạm Thu Hà", date_of_birth=years_ago(13), school=school),
        message="Không giữ bí mật xấu!",
        show_name=True,
        approve_by=organiser,
    )
    client.force_login(teacher)
    response = client.get(poster_url(school))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response)
    assert "THCS Nguyễn Du" in text
    assert "3 chữ ký" in text
    assert "Anh T." in text
    assert "Không giữ bí mật xấu!" in text
    assert "Một bạn học sinh trường THCS Nguyễn Du" in text  # Hà is 13: no guardian consent to her name
    assert "Chưa duyệt-ạ" not in text
    assert "Trần Minh Anh" not in text
    assert "Phạm Thu Hà" not in text


def test_who_may_print_a_poster(client, school, other_school, organiser):
    other_teacher = CoordinatorFactory(school=other_school)
    for user, status in [
        (other_teacher, 404),
        (EntrantFactory(school=school), 404),
        (JudgeFactory(), 404),
        (ParentFactory(), 404),
        (organiser, 200),
    ]:
        client.force_login(user)
        assert client.get(poster_url(school)).status_code == status, user.role
    client.force_login(other_teacher)
    assert client.get(poster_url(other_school)).status_code == 200
    assert client.get(reverse("pledges:poster", args=[999999])).status_code == 404
    client.logout()
    assert client.get(poster_url(school)).status_code == 302


def test_five_thousand_signatures_on_a_poster_stay_small_in_memory(school, tmp_path):
    bulk_sign(5000, schools=[school], approved_every=2, prefix="ap-phich")
    head = PosterHead(
        "Bức tường An toàn số", school.name, "5.000 chữ ký", ["Cam kết một"], "#khongmotminh", "tiếp"
    )
    tracemalloc.start()
    try:
        with open(tmp_path / "poster.pdf", "wb") as out:
            pages = draw_poster(out, head=head, lines=selectors.poster_lines(school=school), empty="")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = (tmp_path / "poster.pdf").stat().st_size
    reader = PdfReader(tmp_path / "poster.pdf")
    assert len(reader.pages) == pages > 10
    assert "Lời nhắn số 4998" in reader.pages[-1].extract_text() or "Lời nhắn số 4998" in "".join(
        p.extract_text() for p in reader.pages[-3:]
    )
    # Lines are read 500 at a time; the pages themselves are what stays (compressed) until saved.
    assert peak < 60 * 1024 * 1024, peak
    assert size < 5 * 1024 * 1024, size
    print(
        f"poster of 5000 signatures: {pages} pages, {size // 1024} KiB, peak Python memory {peak // 1024} KiB"
    )
