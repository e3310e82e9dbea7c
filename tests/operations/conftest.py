"""Fixtures shared by the drills that need a RabbitMQ node of their own."""

import pytest
from celery import Celery

from tests.operations import drill_broker
from tests.operations.faults import RabbitNode


@pytest.fixture
def node(tmp_path):
    """A RabbitMQ node of the test's own: never the shared one on 5672, where a worker left running by
    anything else (another copy's `make prod-local`) would take the test's jobs."""
    folder = tmp_path / "rabbitmq"
    folder.mkdir()
    rabbit = RabbitNode(folder)
    try:
        yield rabbit.start()
    finally:
        rabbit.stop()


@pytest.fixture
def drill_tasks(settings, node):
    """Jobs enqueued here go to the drill node: a Celery app of the test's own, configured like cms.celery."""
    app = Celery("khongmotminh")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = node.url
    app.conf.result_backend = None
    drill_broker.app = app
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_celery.CeleryBackend",
            "QUEUES": [],
            "OPTIONS": {"CELERY_APP": "tests.operations.drill_broker.app"},
        }
    }
    yield app
    app.close()
    drill_broker.app = None
