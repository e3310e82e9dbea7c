"""The public frame page, the frames it serves, the no-JavaScript fallback and the download count."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from frames.enums import DownloadSource
from frames.models import FrameDownload
from frames.ratelimit import LIMITS
from frames.selectors import report_counts
from frames.services import record_download
from tests.factories.frames import CAMERA, SECRETS, make_frame, photo_jpeg, png_chunks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _upload(data: bytes, name: str = "IMG_4521 Nguyễn Thị Lan.jpg") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _files_under(*roots: Path) -> list[Path]:
    return sorted(p for root in roots if root.exists() for p in root.rglob("*") if p.is_file())


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


def test_page_lists_public_frames_only_in_vietnamese_and_english(client, django_assert_max_num_queries):
    make_frame(title="Khung Không một mình")
    make_frame(title="Khung bìa Cùng nhau", kind="cover")
    make_frame(title="Khung nháp của Ban tổ chức", public=False)
    # The site's header and footer cost a few queries; the frames two (the form's choices and the list),
    # however many there are.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("frames:page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Khung Không một mình" in html
    assert "Khung bìa Cùng nhau" in html
    assert "Khung nháp" not in html
    assert "<script>" not in html
    assert " style=" not in html
    assert "frames/frames.js" in html
    for number in range(4):
        make_frame(title=f"Khung số {number}", width=200, height=200)
    with django_assert_max_num_queries(11):
        assert "Khung số 3" in client.get(reverse("frames:page")).content.decode()
    english = client.get("/en/khung-anh/").content.decode()
    assert "Profile picture frames" in english
    assert "Khung Không một mình" in english


def test_page_without_frames_says_so(client):
    response = client.get(reverse("frames:page"))
    assert response.status_code == 200
    assert "chưa đăng khung ảnh nào" in response.content.decode()


def test_frame_is_served_from_our_address_without_metadata(client):
    frame = make_frame()
    response = client.get(reverse("frames:image", args=[frame.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    data = response.content
    assert set(png_chunks(data)) == {"IHDR", "IDAT", "IEND"}
    assert not any(secret in data for secret in SECRETS)
    small = client.get(reverse("frames:thumbnail", args=[frame.pk]))
    assert small.status_code == 200
    assert set(png_chunks(small.content)) == {"IHDR", "IDAT", "IEND"}
    with Image.open(io.BytesIO(small.content)) as thumbnail:
        assert thumbnail.size == (320, 320)


def test_hidden_or_unknown_frame_is_404(client):
    hidden = make_frame(public=False)
    assert client.get(reverse("frames:image", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("frames:image", args=[hidden.pk + 100])).status_code == 404
    assert client.get(reverse("frames:thumbnail", args=[hidden.pk])).status_code == 404


@pytest.mark.parametrize(("output_format", "pillow_format"), [("png", "PNG"), ("jpeg", "JPEG")])
def test_fallback_returns_framed_picture_and_keeps_nothing(
    client, settings, tmp_path, output_format, pillow_format
):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "django-temp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    frame = make_frame(kind="cover")
    client.get(reverse("frames:page"))  # the CSRF cookie, as a browser has it
    roots = (Path(settings.MEDIA_ROOT), Path(settings.UPLOAD_TEMP_DIR), settings.FILE_UPLOAD_TEMP_DIR)
    files_before, rows_before = _files_under(*roots), _row_counts()
    photo = photo_jpeg(2200, 1600, noise=True)
    assert len(photo) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # Django would have written it to disk
    response = client.post(
        reverse("frames:make"),
        {"frame": frame.pk, "photo": _upload(photo), "crop": "center", "output_format": output_format},
    )
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Nguy" not in response["Content-Disposition"]
    data = response.content
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == pillow_format
        assert picture.size == (820, 312)
        assert not picture.getexif()
        # the frame's border is on top of the photo
        red, green, blue = picture.convert("RGB").getpixel((2, 2))
        assert abs(red - 75) + abs(green - 47) + abs(blue - 201) < 12
    assert CAMERA.encode() not in data
    assert b"Exif" not in data
    if pillow_format == "PNG":
        assert set(png_chunks(data)) == {"IHDR", "IDAT", "IEND"}
    assert _files_under(*roots) == files_before
    rows_after = _row_counts()
    assert {k: v for k, v in rows_after.items() if rows_before[k] != v} == {"frames.FrameDownload": 1}
    assert FrameDownload.objects.get().source == DownloadSource.SERVER


def test_fallback_turns_the_photo_as_the_camera_meant(client):
    frame = make_frame(width=400, height=400)
    client.get(reverse("frames:page"))
    # Stored 300×200 landscape (red left, blue right) but tagged "rotate 90° clockwise": upright, red is on top.
    photo = photo_jpeg(300, 200, orientation=6)
    response = client.post(
        reverse("frames:make"),
        {"frame": frame.pk, "photo": _upload(photo), "crop": "center", "output_format": "png"},
    )
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.content)) as picture:
        top, bottom = picture.convert("RGB").getpixel((200, 60)), picture.convert("RGB").getpixel((200, 340))
    assert top[0] > 150 > top[2]
    assert bottom[2] > 150 > bottom[0]


def test_fallback_refuses_what_is_not_a_photo_with_reason_and_no_count(client):
    frame = make_frame()
    response = client.post(
        reverse("frames:make"),
        {
            "frame": frame.pk,
            "photo": _upload(b"<svg onload=alert(1)>", "anh.jpg"),
            "crop": "center",
            "output_format": "png",
        },
    )
    assert response.status_code == 400
    assert "Không mở được ảnh này" in response.content.decode()
    assert not FrameDownload.objects.exists()


def test_fallback_refuses_too_large_photo_413(client, settings):
    frame = make_frame()
    settings.FRAMES_PHOTO_MAX_BYTES = 200_000
    response = client.post(
        reverse("frames:make"),
        {
            "frame": frame.pk,
            "photo": _upload(photo_jpeg(1500, 1500, noise=True)),
            "crop": "center",
            "output_format": "png",
        },
    )
    assert response.status_code == 413
    assert "Ảnh quá lớn" in response.content.decode()
    assert not FrameDownload.objects.exists()


def test_fallback_refuses_too_many_pixels_with_reason(client, settings):
    frame = make_frame()
    settings.FRAMES_PHOTO_MAX_PIXELS = 1_000_000
    response = client.post(
        reverse("frames:make"),
        {
            "frame": frame.pk,
            "photo": _upload(photo_jpeg(1600, 1200)),
            "crop": "center",
            "output_format": "png",
        },
    )
    assert response.status_code == 400
    assert "1,9 megapixel" in response.content.decode()
    assert not FrameDownload.objects.exists()


def test_fallback_refuses_a_decompression_bomb(client):
    frame = make_frame()
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 MP of nothing, a few kilobytes
    response = client.post(
        reverse("frames:make"),
        {
            "frame": frame.pk,
            "photo": _upload(buffer.getvalue(), "anh.png"),
            "crop": "center",
            "output_format": "png",
        },
    )
    assert response.status_code == 400
    assert "megapixel" in response.content.decode()
    assert not FrameDownload.objects.exists()


def test_fallback_with_hidden_frame_is_400(client):
    frame = make_frame(public=False)
    response = client.post(
        reverse("frames:make"),
        {"frame": frame.pk, "photo": _upload(photo_jpeg()), "crop": "center", "output_format": "png"},
    )
    assert response.status_code == 400
    assert not FrameDownload.objects.exists()


def test_beacon_counts_one_download_per_post_and_nothing_about_who(client):
    frame = make_frame()
    for _ in range(3):
        assert client.post(reverse("frames:count"), {"frame": frame.pk}).status_code == 204
    row = FrameDownload.objects.get()
    assert (row.frame, row.count, row.source, row.day) == (frame, 3, "browser", timezone.localdate())
    assert {f.name for f in FrameDownload._meta.concrete_fields} == {"id", "frame", "day", "source", "count"}


def test_beacon_refuses_hidden_or_unknown_frame(client):
    hidden = make_frame(public=False)
    assert client.post(reverse("frames:count"), {"frame": hidden.pk}).status_code == 400
    assert client.post(reverse("frames:count"), {"frame": "x"}).status_code == 400
    assert client.get(reverse("frames:count")).status_code == 405
    assert not FrameDownload.objects.exists()


def test_beacon_is_rate_limited_per_address(client):
    frame = make_frame()
    limit, _window = LIMITS["beacon"]
    for _ in range(limit):
        assert (
            client.post(reverse("frames:count"), {"frame": frame.pk}, REMOTE_ADDR="10.0.0.7").status_code
            == 204
        )
    assert (
        client.post(reverse("frames:count"), {"frame": frame.pk}, REMOTE_ADDR="10.0.0.7").status_code == 429
    )
    assert FrameDownload.objects.get().count == limit
    # another address (another school) is not held back
    assert (
        client.post(reverse("frames:count"), {"frame": frame.pk}, REMOTE_ADDR="10.0.0.8").status_code == 204
    )


def test_fallback_needs_the_page_csrf_token():
    from django.test import Client

    frame = make_frame()
    strict = Client(enforce_csrf_checks=True)
    data = {"frame": frame.pk, "photo": _upload(photo_jpeg()), "crop": "center", "output_format": "png"}
    assert strict.post(reverse("frames:make"), data).status_code == 403
    assert not FrameDownload.objects.exists()


def test_frames_on_object_storage_are_served_from_our_address(client, s3_storages):
    frame = make_frame(kind="cover")
    assert frame.image.storage.bucket_name == s3_storages["public"]
    response = client.get(reverse("frames:image", args=[frame.pk]))
    assert response.status_code == 200
    assert set(png_chunks(response.content)) == {"IHDR", "IDAT", "IEND"}


def test_beacon_needs_the_page_csrf_token():
    from django.test import Client

    frame = make_frame()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("frames:count"), {"frame": frame.pk}).status_code == 403
    strict.get(reverse("frames:page"))
    token = strict.cookies[settings.CSRF_COOKIE_NAME].value
    assert (
        strict.post(reverse("frames:count"), {"frame": frame.pk, "csrfmiddlewaretoken": token}).status_code
        == 204
    )


def test_report_counts_per_frame_and_period(django_assert_num_queries):
    avatar = make_frame(title="Khung Không một mình")
    cover = make_frame(title="Khung bìa", kind="cover")
    unused = make_frame(title="Khung chưa ai dùng")
    for _ in range(3):
        record_download(frame=avatar, source=DownloadSource.BROWSER)
    record_download(frame=avatar, source=DownloadSource.SERVER)
    record_download(frame=cover, source=DownloadSource.BROWSER)
    FrameDownload.objects.create(
        frame=cover, day=timezone.localdate() - timedelta(days=10), source=DownloadSource.BROWSER, count=7
    )
    with django_assert_num_queries(1):
        counts = report_counts()
    assert [(c.title, c.in_browser, c.on_server, c.total) for c in counts] == [
        ("Khung bìa", 8, 0, 8),
        ("Khung Không một mình", 3, 1, 4),
        ("Khung chưa ai dùng", 0, 0, 0),
    ]
    recent = report_counts(since=timezone.localdate() - timedelta(days=2))
    assert [(c.frame_id, c.total) for c in recent] == [(avatar.pk, 4), (cover.pk, 1), (unused.pk, 0)]
