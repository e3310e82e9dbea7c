"""Run one file through the media pipeline and say what the entrant would be told.

    manage.py media_check PATH --kind video --out DIR [--contest ID]

Exit status: 0 accepted, 2 rejected (the reason goes to stderr), 1 our own failure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from submissions.media import (
    MediaFailed,
    MediaKind,
    MediaLimits,
    MediaRejected,
    limits_for_contest,
)
from submissions.media.isolation import process_file_isolated
from submissions.media.limits import limits_as_dict

EXIT_REJECTED = 2
EXIT_FAILED = 1


class Command(BaseCommand):
    help = "Probe, transcode and scrub one file as the worker would, and print the verdict."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--kind", required=True, choices=[kind.value for kind in MediaKind])
        parser.add_argument("--out", required=True, type=Path, help="folder for the renditions")
        parser.add_argument("--contest", type=int, help="take the limits from this contest (category)")

    def handle(self, *args: Any, **options: Any) -> None:
        limits = self._limits(options["contest"])
        self.stdout.write(f"limits: {json.dumps(limits_as_dict(limits))}")
        progress = self._progress if options["verbosity"] >= 2 else None
        try:
            result = process_file_isolated(
                path=options["path"],
                kind=options["kind"],
                out_dir=options["out"],
                limits=limits,
                on_progress=progress,
                timeout_seconds=settings.MEDIA_JOB_TIMEOUT_SECONDS,
            )
        except MediaRejected as rejected:
            self.stdout.write("verdict: rejected")
            raise CommandError(
                f"{rejected.reason}\n{rejected.reason_en}", returncode=EXIT_REJECTED
            ) from rejected
        except MediaFailed as failed:
            self.stdout.write("verdict: failed")
            raise CommandError(failed.detail, returncode=EXIT_FAILED) from failed
        self.stdout.write(f"probe: {json.dumps(result.probe, ensure_ascii=False)}")
        self.stdout.write("verdict: accepted")
        for rendition in result.renditions:
            size = f"{rendition.width}x{rendition.height}" if rendition.width else "-"
            self.stdout.write(f"wrote: {rendition.path} {rendition.mime} {size}")

    def _limits(self, contest_id: int | None) -> MediaLimits:
        if contest_id is None:
            return MediaLimits()
        from contest.models import Contest

        try:
            contest = Contest.objects.get(pk=contest_id)
        except Contest.DoesNotExist as error:
            raise CommandError(f"no contest with id {contest_id}", returncode=EXIT_FAILED) from error
        return limits_for_contest(contest)

    def _progress(self, percent: float) -> None:
        self.stderr.write(f"progress: {percent:.0f}%")
