"""Who may send, see, withdraw and moderate clips. Every such check goes through a predicate here."""

from contest.rules import is_entrant, is_organiser


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_send_clip(user, challenge, now=None) -> bool:
    """Anyone with an account (pupils, teachers, staff) while the challenge is open."""
    return _active(user) and challenge.is_open(now)


def is_clip_author(user, clip) -> bool:
    return _active(user) and clip.author_id == user.pk


def can_view_own_clip(user, clip) -> bool:
    return is_clip_author(user, clip)


def can_withdraw_clip(user, clip) -> bool:
    return is_clip_author(user, clip)


def can_moderate_clips(user) -> bool:
    return is_organiser(user)


def needs_consent_records(user) -> bool:
    """Pupils and students give consent through the privacy app (with a guardian under 16); adults in
    other roles agree to show their clip by sending it."""
    return is_entrant(user)
