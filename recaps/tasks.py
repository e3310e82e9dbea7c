"""Background jobs of recaps: thin, they take ids and call a service."""

import logging

from django.tasks import task

from recaps import services

logger = logging.getLogger(__name__)


@task(queue_name="media")
def render_recap(*, recap_id: int, token: str) -> str:
    """Compiles one recap video (heavy FFmpeg work: the `media` queue)."""
    outcome = services.render_recap(recap_id=recap_id, token=token)
    logger.info("recap %s: %s", recap_id, outcome)
    return outcome


@task()
def reap_recap_renders() -> list[int]:
    """Re-queues recap renders whose worker stopped beating."""
    return services.reap_stale_renders()
