"""Progress of several steps reported as one 0–100 figure."""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[float], None]


def scaled(on_progress: ProgressCallback | None, start: float, end: float) -> ProgressCallback | None:
    """A callback that maps a step's own 0–100 onto `start`–`end` of the whole."""
    if on_progress is None:
        return None
    report = on_progress

    def step(percent: float) -> None:
        report(start + (end - start) * min(max(percent, 0.0), 100.0) / 100)

    return step
