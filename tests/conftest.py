import os
import shutil
import uuid

import boto3
import pytest

from cms.csp import with_origins


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _maintenance_read_once(settings):
    """Each test starts out of maintenance, and the switch is re-read only when `set_maintenance` (the
    command) changes it: in production it is re-read every few seconds on whatever request comes, which
    would add one query to a page at random and make query-count tests fail by the clock."""
    import time

    from operations.maintenance import _state

    settings.MAINTENANCE_POLL_SECONDS = 24 * 3600
    _state.update(checked=time.monotonic(), active=False, message="")


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Each test writes its files under its own temporary folder."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.PUBLIC_MEDIA_ROOT = media / "public"
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    settings.UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media / "public", "base_url": "/media/"},
        },
        "private": {
            "BACKEND": "cms.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": media / "private", "base_url": None},
        },
    }
    yield
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture
def s3_endpoint():
    endpoint = os.environ.get("TEST_S3_ENDPOINT_URL")
    if not endpoint:
        pytest.fail(
            "TEST_S3_ENDPOINT_URL is not set: run the suite with `make test`, which starts the S3 server"
        )
    return endpoint


@pytest.fixture
def s3_storages(settings, s3_endpoint):
    """Switches both stores to fresh buckets on the S3-compatible test server, through the real boto3."""
    private_bucket = f"private-{uuid.uuid4().hex[:12]}"
    public_bucket = f"public-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=private_bucket)
    client.create_bucket(Bucket=public_bucket)
    common = {
        "endpoint_url": s3_endpoint,
        "access_key": "test",
        "secret_key": "test",
        "region_name": "us-east-1",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    settings.USE_S3 = True
    settings.S3_ENDPOINT_URL = s3_endpoint
    # As cms.settings does when S3 is configured: browsers PUT parts straight to the bucket.
    settings.SECURE_CSP = with_origins(settings.SECURE_CSP, [s3_endpoint.rstrip("/")])
    settings.S3_PRIVATE_BUCKET = private_bucket
    settings.S3_PUBLIC_BUCKET = public_bucket
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": public_bucket, "querystring_auth": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket,
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
    }
    return {"client": client, "private": private_bucket, "public": public_bucket}


@pytest.fixture(scope="session", autouse=True)
def _end_stray_database_sessions(django_db_setup, django_db_blocker):
    """Live-server and worker threads can leave a connection open; end them so the test database can go."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as they are enqueued (mail included: it leaves through the task queue)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Each test starts in the site's default language, whatever an earlier test (an /en/ page) activated."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")
