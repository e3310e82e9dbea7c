import pytest


@pytest.fixture(autouse=True)
def _mail_is_delivered(immediate_tasks):
    """Account letters (activation, "already registered", password reset) leave through the task queue;
    here they are delivered as they are queued so the tests can read mail.outbox."""
