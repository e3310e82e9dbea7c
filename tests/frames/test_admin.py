"""Organisers upload frames in the admin: a real PNG with see-through parts is stored re-encoded without its
metadata; anything else is refused with a plain Vietnamese reason, a 400, and nothing saved."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from frames.enums import DownloadSource
from frames.models import Frame
from frames.services import record_download
from tests.factories import OrganiserFactory
from tests.factories.frames import SECRETS, frame_png, make_frame, png_chunks

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_frames_frame:add"


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory())
    return client


def _upload(data: bytes, name: str = "khung.png") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _post(client, data: bytes, name="khung.png", **fields):
    form = {
        "title": "Khung ảnh Không một mình",
        "kind": "avatar",
        "width": "",
        "height": "",
        "is_public": "on",
    }
    form |= {"sort_order": "0", **fields, "image": _upload(data, name)}
    return client.post(reverse(ADD), form)


def _stored_files() -> list[Path]:
    return [p for p in Path(settings.PUBLIC_MEDIA_ROOT).rglob("*") if p.is_file()]


def test_admin_accepts_transparent_png_and_stores_it_reencoded(organiser_client):
    original = frame_png(1080, 1080)
    assert all(secret in original for secret in SECRETS[:2])
    response = _post(organiser_client, original, name="Khung của Thiết Kế.png")
    assert response.status_code == 302, response.content.decode()[:3000]
    frame = Frame.objects.get()
    assert (frame.width, frame.height) == (1080, 1080)  # left blank: the avatar default
    assert frame.image.name.startswith("frames/khung-")
    assert "Thiết" not in frame.image.name
    stored = frame.image.read()
    assert stored != original
    assert set(png_chunks(stored)) == {"IHDR", "IDAT", "IEND"}
    assert not any(secret in stored for secret in SECRETS)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.mode == "RGBA"
        assert image.size == (1080, 1080)
        assert image.getchannel("A").getextrema()[0] == 0
    small = frame.thumbnail.read()
    assert not any(secret in small for secret in SECRETS)
    with Image.open(io.BytesIO(small)) as thumbnail:
        assert thumbnail.size == (320, 320)


def test_admin_resizes_a_frame_of_the_right_shape_to_the_cover_size(organiser_client):
    response = _post(organiser_client, frame_png(1640, 624), kind="cover")
    assert response.status_code == 302
    frame = Frame.objects.get()
    assert (frame.width, frame.height) == (820, 312)
    with Image.open(frame.image) as image:
        assert image.size == (820, 312)


@pytest.mark.parametrize(
    ("data", "name", "fields", "words"),
    [
        (frame_png(transparent=False), "khung.png", {}, "không có chỗ nào trong suốt"),
        (b"", "khung.png", {}, "rỗng"),
        ("jpeg", "khung.png", {}, "không phải ảnh PNG"),
        ("huge", "khung-lon.png", {"width": "4000", "height": "4000"}, "megapixel"),
        (frame_png(1080, 1080), "khung.png", {"kind": "cover"}, "không cùng tỉ lệ"),
        ("tiny-hole", "khung.png", {}, "quá nhỏ"),
    ],
    ids=["opaque", "empty", "jpeg-renamed", "huge", "wrong-shape", "tiny-hole"],
)
def test_admin_refuses_unusable_frame_with_reason_400_and_nothing_saved(
    organiser_client, data, name, fields, words
):
    if data == "jpeg":
        buffer = io.BytesIO()
        Image.new("RGB", (1080, 1080), (200, 40, 40)).save(buffer, "JPEG")
        data = buffer.getvalue()
    elif data == "huge":
        buffer = io.BytesIO()
        Image.new("RGBA", (5000, 5000), (0, 0, 0, 0)).save(buffer, "PNG")
        data = buffer.getvalue()
    elif data == "tiny-hole":
        image = Image.new("RGBA", (1080, 1080), (75, 47, 201, 255))
        image.putpixel((500, 500), (0, 0, 0, 0))
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        data = buffer.getvalue()
    response = _post(organiser_client, data, name=name, **fields)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Frame.objects.exists()
    assert _stored_files() == []


def test_admin_changing_the_size_reencodes_the_stored_frame(organiser_client):
    frame = make_frame(title="Khung vuông")
    url = reverse("wagtailsnippets_frames_frame:edit", args=[frame.pk])
    data = {"title": "Khung vuông", "kind": "avatar", "width": "600", "height": "600", "is_public": "on"}
    response = organiser_client.post(url, {**data, "sort_order": "0"})
    assert response.status_code == 302, response.content.decode()[:3000]
    frame.refresh_from_db()
    with Image.open(frame.image) as image:
        assert image.size == (600, 600)
    with Image.open(frame.thumbnail) as thumbnail:
        assert thumbnail.size == (320, 320)
    data |= {"width": "600", "height": "300"}
    response = organiser_client.post(url, {**data, "sort_order": "0"})
    assert response.status_code == 400
    assert "không cùng tỉ lệ" in response.content.decode()
    frame.refresh_from_db()
    assert (frame.width, frame.height) == (600, 600)


def test_admin_frame_list_shows_download_counts(organiser_client, django_assert_max_num_queries):
    du = make_frame(title="Khung Nguyễn Du")
    make_frame(title="Khung bìa Trưng Vương", kind="cover")
    for _ in range(17):
        record_download(frame=du, source=DownloadSource.BROWSER)
    with django_assert_max_num_queries(40) as queries:
        response = organiser_client.get(reverse("wagtailsnippets_frames_frame:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Khung Nguyễn Du" in html
    assert "Khung bìa Trưng Vương" in html
    assert ">17<" in html.replace(" ", "").replace("\n", "")
    for number in range(5):
        make_frame(title=f"Khung số {number}", width=200, height=200)
    with django_assert_max_num_queries(len(queries)):
        organiser_client.get(reverse("wagtailsnippets_frames_frame:list"))
