import os
import stat
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def settings_value(name, **env):
    """Imports the settings module afresh in a child process with the given environment."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PORT", "SITE_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY"}
    }
    environment.update(env)
    code = f"import cms.settings as s; print(s.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_site_url_follows_port_when_unset(tmp_path):
    assert settings_value("SITE_URL", PORT="8765", VAR_DIR=str(tmp_path)) == "http://localhost:8765"


def test_site_url_set_wins_over_port(tmp_path):
    url = settings_value("SITE_URL", PORT="8765", SITE_URL="https://thi.example.vn", VAR_DIR=str(tmp_path))
    assert url == "https://thi.example.vn"


def test_debug_is_off_unless_asked(tmp_path):
    assert settings_value("DEBUG", VAR_DIR=str(tmp_path)) == "False"
    assert settings_value("DEBUG", DJANGO_DEBUG="1", VAR_DIR=str(tmp_path)) == "True"


def test_embedded_secret_key_is_made_once_private(tmp_path):
    first = settings_value("SECRET_KEY", VAR_DIR=str(tmp_path))
    second = settings_value("SECRET_KEY", VAR_DIR=str(tmp_path))
    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "embedded-default" not in first


def test_unknown_url_shows_our_404_never_the_debug_page(client):
    response = client.get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    assert "URLconf" not in body
    assert "Using the URLconf" not in body


def test_public_media_is_served(client, settings):
    folder = settings.PUBLIC_MEDIA_ROOT / "renditions"
    folder.mkdir(parents=True)
    (folder / "tranh.vẽ.webp").write_bytes(b"RIFF")
    response = client.get("/media/renditions/tranh.vẽ.webp")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"RIFF"


@pytest.mark.parametrize(
    "path", ["/media/private/goc.jpg", "/media/../private/goc.jpg", "/media/%2e%2e/private/goc.jpg"]
)
def test_private_media_is_never_served(client, settings, path):
    settings.PRIVATE_MEDIA_ROOT.mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "goc.jpg").write_bytes(b"original")
    response = client.get(path)
    assert response.status_code in {400, 404}
    assert b"original" not in response.content


def test_favicon_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    home = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="icon"' in home
