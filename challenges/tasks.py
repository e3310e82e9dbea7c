"""Background jobs of the challenges app: thin, they take ids and call a service."""

import logging

from django.tasks import task

from challenges.services import processing
from challenges.services.uploads import clean_abandoned_clip_uploads

logger = logging.getLogger(__name__)


@task(queue_name="media")
def process_clip(*, clip_id: int) -> str:
    """Probes, transcodes and scrubs one clip (heavy work: the `media` queue)."""
    outcome = processing.process_clip(clip_id=clip_id)
    logger.info("clip %s: %s", clip_id, outcome)
    return outcome


@task()
def reap_clip_jobs() -> list[int]:
    """Re-queues clip jobs whose worker stopped beating."""
    return processing.reap_stale_clip_jobs()


@task()
def clean_clip_uploads() -> int:
    """Removes the bytes of clip uploads nobody finished."""
    cleaned = clean_abandoned_clip_uploads()
    logger.info("abandoned clip uploads cleaned: %s", cleaned)
    return cleaned
