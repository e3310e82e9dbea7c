"""The Celery app the RabbitMQ drill enqueues through (its own node's URL), named by the drill's TASKS setting
as OPTIONS["CELERY_APP"]; set and cleared by the test's fixture."""

app = None
