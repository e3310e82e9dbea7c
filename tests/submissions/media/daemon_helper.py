"""Run in a spawned daemonic process by test_isolation: imports nothing that needs Django configured."""

from submissions.media.isolation import process_file_isolated
from submissions.media.limits import MediaLimits


def process_in_daemon(path, out_dir, answers):
    try:
        result = process_file_isolated(
            path=path, kind="video", out_dir=out_dir, limits=MediaLimits(), timeout_seconds=120
        )
        answers.put(("ok", sorted(r.name for r in result.renditions)))
    except BaseException as error:
        answers.put(("error", f"{type(error).__name__}: {error}"))
