"""Screenshots as the form hands them to the service: checked, with a scrubbed copy."""

from django.core.files.uploadedfile import SimpleUploadedFile

from helpline.evidence import check_screenshot
from tests.factories.media_files import make_phone_jpeg


def screenshot(tmp_path):
    photo = make_phone_jpeg(tmp_path / "IMG_0042.jpg")
    return check_screenshot(SimpleUploadedFile("IMG_0042.jpg", photo.read_bytes(), content_type="image/jpeg"))
