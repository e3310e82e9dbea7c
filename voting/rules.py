"""Who may vote and who watches over the vote. Every such check goes through a predicate here.

"Verified e-mail": the platform has no separate flag. A pupil's account made by the public form is
inactive until its activation link (sent to the address) is opened, a parent's account is made only
through the guardian's e-mailed link, and staff accounts are made by organisers; so an active account
is one whose address was proven or vouched for, and that is what counts here."""

from contest.rules import is_organiser


def has_verified_email(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.email)


def can_vote(user) -> bool:
    return has_verified_email(user)


def can_watch_votes(user) -> bool:
    """The suspicious-votes view, voids, restores and the prize: organisers only."""
    return is_organiser(user)
