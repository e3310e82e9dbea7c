"""The worker logs each task once: a "django.tasks" record reaches exactly one handler."""

import logging

from django.utils.log import configure_logging


def handlers_reached(name: str, level: int = logging.INFO) -> list[logging.Handler]:
    record = logging.LogRecord(name, level, __file__, 1, "Task id=%s state=%s", ("1", "SUCCESSFUL"), None)
    logger, reached = logging.getLogger(name), []
    while logger is not None:
        reached += [h for h in logger.handlers if record.levelno >= h.level and h.filter(record)]
        logger = logger.parent if logger.propagate else None
    return reached


def test_task_log_record_reaches_one_handler_with_debug_on(settings):
    settings.DEBUG = True  # as under `make run`, where Django's own console handler is live
    settings.LOGGING["loggers"]["django.tasks"] = {"level": "INFO"}  # as db_worker sets it
    try:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
        assert len(handlers_reached("django.tasks")) == 1
        assert len(handlers_reached("submissions.tasks")) == 1
    finally:
        settings.LOGGING["loggers"]["django.tasks"] = {"level": "WARNING"}
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
