"""Background jobs of the vote: thin, they call a service."""

import logging

from django.tasks import task

from voting.services.traces import clear_vote_traces

logger = logging.getLogger(__name__)


@task
def clear_old_vote_traces() -> int:
    cleared = clear_vote_traces()
    logger.info("Cleared the address and device traces of %d votes", cleared)
    return cleared
