"""Purging the CDN in front of public pages and files (Wagtail's frontend cache invalidation).

Wagtail's own backends log a failed purge and carry on; a takedown must know, so these raise
`PurgeFailed` and the caller (`results.services.takedown`) retries. Which backend runs is chosen once from
settings (`FRONTEND_CACHE`: "", "http", "cloudfront"); tests use `RecordingBackend`.
"""

from typing import ClassVar
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail.contrib.frontend_cache.backends import BaseBackend, CloudfrontBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest


class PurgeFailed(Exception):
    """The CDN did not confirm a purge; the URLs stay pending and are tried again."""


class HTTPPurgeBackend(BaseBackend):
    """Sends `PURGE <path>` with the page's Host to a caching proxy (Varnish, nginx, a CDN's purge API)."""

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.scheme, self.netloc = location.scheme, location.netloc
        self.timeout = float(params.get("TIMEOUT", 5))

    def purge(self, url) -> None:
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit([self.scheme, self.netloc, parts.path, parts.query, ""]),
            headers={"Host": host},
        )
        try:
            # The scheme and host come from settings, never from a visitor.
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                if response.status >= 400:
                    raise PurgeFailed(f"{url}: HTTP {response.status}")
        except (URLError, OSError) as error:
            raise PurgeFailed(f"{url}: {error}") from error


class CloudFrontPurgeBackend(CloudfrontBackend):
    """One CloudFront invalidation per batch; a refused invalidation raises instead of being logged."""

    def _create_invalidation(self, distribution_id, paths):
        import uuid

        import botocore

        try:
            self.client.create_invalidation(
                DistributionId=distribution_id,
                InvalidationBatch={
                    "Paths": {"Quantity": len(paths), "Items": paths},
                    "CallerReference": str(uuid.uuid4()),
                },
            )
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as error:
            raise PurgeFailed(str(error)) from error


class RecordingBackend(BaseBackend):
    """For tests and the demo: remembers every URL it was asked to purge, in order."""

    purged: ClassVar[list[str]] = []

    def purge(self, url) -> None:
        RecordingBackend.purged.append(url)

    @classmethod
    def reset(cls) -> None:
        cls.purged.clear()
