"""The organisers' template designer: an uploaded background is checked by its content in the media
pipeline's sandboxed child and kept only as the pipeline's clean JPEG; signatures and placements are drawn."""

import io

import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection

from certificates import documents
from certificates.models import CertificateTemplate
from tests.factories import ContestFactory, OrganiserFactory

pytestmark = pytest.mark.django_db


def _picture(fmt: str, size=(1200, 850), mode="RGB") -> bytes:
    image = Image.new(mode, size, (250, 245, 230) if mode == "RGB" else (20, 20, 120, 255))
    if fmt == "JPEG":
        image.info["comment"] = b"may chup anh cua co giao"
    out = io.BytesIO()
    image.save(out, format=fmt, **({"comment": b"Nguyen Thi Bi Mat"} if fmt == "JPEG" else {}))
    return out.getvalue()


def _post(background=None, **extra):
    data = {
        "name": "Mẫu cuộc thi tranh",
        "contest": "",
        "heading": "GIẤY CHỨNG NHẬN",
        "intro": "Ban tổ chức cuộc thi trân trọng chứng nhận",
        "award_text": "Đã đạt",
        "participation_text": "Đã tham gia cuộc thi",
        "text_colour": "#1f1a4d",
        "signatures-TOTAL_FORMS": "1",
        "signatures-INITIAL_FORMS": "0",
        "signatures-MIN_NUM_FORMS": "0",
        "signatures-MAX_NUM_FORMS": "4",
        "signatures-0-name": "Trần Văn Ẩn",
        "signatures-0-title": "Trưởng ban tổ chức",
        "signatures-0-image": "",
        "signatures-0-x_mm": "220",
        "signatures-0-y_mm": "142",
        "signatures-0-width_mm": "70",
        "signatures-0-ORDER": "1",
        "signatures-0-id": "",
        "signatures-0-DELETE": "",
        "placements-TOTAL_FORMS": "0",
        "placements-INITIAL_FORMS": "0",
        "placements-MIN_NUM_FORMS": "0",
        "placements-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    if background is not None:
        data["background_upload"] = background
    return data


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory())
    return client


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_png_or_jpeg_background_is_kept_as_a_clean_jpeg(organiser_client, fmt):
    upload = SimpleUploadedFile("nen-cua-co-lan.png", _picture(fmt), content_type="image/png")
    response = organiser_client.post(
        reverse("wagtailsnippets_certificates_certificatetemplate:add"), _post(upload)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    template = CertificateTemplate.objects.get()
    assert template.background_upload.name.endswith(".jpg")
    assert "nen-cua-co-lan" not in template.background_upload.name
    with template.background_upload.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"\xff\xd8")
    assert b"Nguyen Thi Bi Mat" not in data
    assert template.signatures.get().name == "Trần Văn Ẩn"
    text = PdfReader(io.BytesIO(documents.preview(template))).pages[0].extract_text()
    assert "Trưởng ban tổ chức" in text
    assert "Trần Văn Ẩn" in text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("nen.png", b"day khong phai anh, chi la chu"),
        ("nen.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
        ("nen.webp", None),
    ],
)
def test_background_that_is_not_png_or_jpeg_is_refused_and_nothing_saved(organiser_client, name, data):
    data = data if data is not None else _picture("WEBP")
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    response = organiser_client.post(
        reverse("wagtailsnippets_certificates_certificatetemplate:add"), _post(upload)
    )
    assert response.status_code == 200  # the form again, with the error
    assert not CertificateTemplate.objects.exists()


def test_template_per_contest_wins_over_the_default():
    contest = ContestFactory()
    default = CertificateTemplate.objects.create(name="Mặc định")
    assert documents.template_for(contest) == default
    own = CertificateTemplate.objects.create(name="Riêng", contest=contest)
    assert documents.template_for(contest) == own
    assert documents.template_for(ContestFactory()) == default


def test_signature_image_from_the_library_is_drawn():
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    image = WagtailImage(title="Chữ ký")
    image.file = ImageFile(io.BytesIO(_picture("PNG", size=(600, 200), mode="RGBA")), name="chu-ky.png")
    image.save()
    template = CertificateTemplate.objects.create(name="Có chữ ký")
    template.signatures.create(
        name="Lê Thị Ữ", title="Phó ban tổ chức", image=image, x_mm=150, y_mm=140, width_mm=60
    )
    template.save()
    reader = PdfReader(io.BytesIO(documents.preview(template)))
    assert "/XObject" in reader.pages[0]["/Resources"]
    assert "Lê Thị Ữ" in reader.pages[0].extract_text()
