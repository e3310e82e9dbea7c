"""Why a vote is refused; views show the message with the status."""

from contest.errors import DomainError, NotAllowed


class VoteRefused(NotAllowed):
    """The window, the account or the rules of the vote say no (403)."""


class VoteLimited(DomainError):
    """Too many votes from one address, one device or one new account (429)."""

    status_code = 429


class NotVotable(DomainError):
    """No such public work, or it is not public right now (404)."""

    status_code = 404


class DuplicateVote(DomainError):
    status_code = 409
