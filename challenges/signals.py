"""Signals other apps (the recap video) listen to.

`clip_left_public` is sent, after the transaction commits, whenever a clip that was on a challenge's public
wall may no longer be shown: its author withdrew it, an organiser took it down, or a consent it depended on
was withdrawn. Receivers get `clip_id` and `reason` (one of `OffWallReason`) and must stop using the clip
(for instance re-render a recap without it). Sent once per clip and cause; receivers must be idempotent.
"""

from django.dispatch import Signal

clip_left_public = Signal()
