"""Background jobs of the submissions app: thin, they take ids and call a service."""

import logging

from django.tasks import task

from submissions.services import identity
from submissions.services.processing import process_asset, reap_stale_jobs
from submissions.services.uploads import clean_abandoned_uploads

logger = logging.getLogger(__name__)


@task(queue_name="media")
def process_media_asset(*, asset_id: int) -> str:
    """Probes, transcodes and scrubs one stored file (heavy work: the `media` queue)."""
    outcome = process_asset(asset_id=asset_id)
    logger.info("media asset %s: %s", asset_id, outcome)
    return outcome


@task(queue_name="media")
def check_asset_identity(*, asset_id: int) -> int:
    """Searches a ready file's text and pictures (OCR) for what identifies its author."""
    found = identity.check_asset_identity(asset_id=asset_id)
    logger.info("media asset %s: %d identity findings", asset_id, found)
    return found


@task()
def reap_media_jobs() -> list[int]:
    """Re-queues media jobs whose worker stopped beating."""
    return reap_stale_jobs()


@task()
def clean_uploads() -> dict[str, int]:
    """Removes the bytes of uploads nobody finished (temporary files, S3 multipart uploads)."""
    cleaned = clean_abandoned_uploads()
    logger.info("abandoned uploads cleaned: %s", cleaned)
    return cleaned
