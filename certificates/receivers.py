"""Certificates follow the results: issued once a contest's results are published."""

from django.dispatch import receiver

from certificates.tasks import queue_certificate_issue
from results.signals import result_published


@receiver(result_published)
def issue_on_publication(sender, *, result, actor=None, **kwargs):
    queue_certificate_issue(result=result, actor=actor)
