"""Prometheus metrics (prometheus_client): request latency by view, and the state of the platform read from
the database at scrape time (media jobs by state, their durations, the task queue, uploads in progress,
sign-in failures), so every web process reports the same figures without shared counters.

Request latency is a per-process histogram; under gunicorn, set PROMETHEUS_MULTIPROC_DIR (make prod-local
does) and prometheus_client adds up the workers' files."""

import os
import time
from datetime import timedelta

from django.utils import timezone
from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

REQUEST_LATENCY = Histogram(
    "kmm_http_request_seconds",
    "Time to answer a request, by view and status class",
    ["view", "method", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "unresolved"
        REQUEST_LATENCY.labels(view, request.method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


class PlatformCollector:
    """Figures read from our tables when Prometheus scrapes."""

    def collect(self):
        from django.db.models import Count, Min
        from django_tasks_db.models import DBTaskResult

        from contest.models import SignInFailure
        from submissions.enums import JobState, UploadState
        from submissions.models import MediaJob, UploadSession

        now = timezone.now()
        jobs = GaugeMetricFamily("kmm_media_jobs", "Media jobs by state", labels=["state"])
        by_state = dict(
            MediaJob.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
        )
        for state in JobState.values:
            jobs.add_metric([state], by_state.get(state, 0))
        yield jobs

        oldest = MediaJob.objects.filter(state=JobState.QUEUED).aggregate(at=Min("created_at"))["at"]
        yield GaugeMetricFamily(
            "kmm_media_oldest_waiting_seconds",
            "Age of the oldest queued media job",
            value=(now - oldest).total_seconds() if oldest else 0,
        )
        recent = MediaJob.objects.filter(
            state=JobState.SUCCEEDED, finished_at__gte=now - timedelta(hours=1), started_at__isnull=False
        ).values_list("started_at", "finished_at")
        durations = sorted((end - start).total_seconds() for start, end in recent)
        p95 = durations[int(0.95 * (len(durations) - 1))] if durations else 0
        yield GaugeMetricFamily(
            "kmm_media_job_seconds_p95_1h",
            "95th percentile of media job durations over the last hour",
            value=p95,
        )
        tasks = GaugeMetricFamily(
            "kmm_task_queue_depth", "Tasks waiting in the database queue", labels=["queue"]
        )
        waiting = (
            DBTaskResult.objects.filter(status="READY").values_list("queue_name").annotate(n=Count("pk"))
        )
        for queue, count in waiting:
            tasks.add_metric([queue], count)
        yield tasks
        yield GaugeMetricFamily(
            "kmm_uploads_in_progress",
            "Resumable uploads started and not finished",
            value=UploadSession.objects.filter(state=UploadState.ACTIVE).count(),
        )
        yield GaugeMetricFamily(
            "kmm_sign_in_failures_15m",
            "Wrong passwords in the last 15 minutes",
            value=SignInFailure.objects.filter(at__gte=now - timedelta(minutes=15)).count(),
        )


def exposition() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(PlatformCollector())
    return generate_latest(registry)
