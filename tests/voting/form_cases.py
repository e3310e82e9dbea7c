"""The vote's forms tried with hostile text (tests/security/test_form_input.py): the organisers' reasons
for voiding and restoring votes, and the tie decision of the people's choice prize."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.security.cases import Case

# The suspicious-votes filter only lists contests and kinds to choose from.
NO_TYPED_TEXT = {"BurstFilterForm"}


def _setup(world):
    if "voting_case" in world:
        return
    from tests.factories.voting import voters, voting_contest
    from voting.services.fraud import void_votes
    from voting.services.votes import cast_vote

    now = timezone.now()
    settings, works = voting_contest(opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=1))
    votes = []
    for n, account in enumerate(voters(4)):
        votes.append(
            cast_vote(voter=account, entry_key=works[n % 2].key, ip="198.51.100.1", device_id=f"c{n}")
        )
    void_votes(contest=settings.contest, vote_ids=[votes[3].pk], actor=world["organiser"], reason="Thử")
    settings.closes_at = now - timedelta(minutes=1)  # the prize is decided once the vote has closed
    settings.save()
    world["voting_case"] = {"settings": settings, "votes": votes}


def _contest_url(name):
    return lambda w: reverse(name, args=[w["voting_case"]["settings"].contest.pk])


def cases() -> dict[str, Case]:
    from voting import forms

    return {
        "voting void": Case(
            forms.VoidVotesForm,
            "organiser",
            _contest_url("voting_void"),
            lambda w: {"votes": [v.pk for v in w["voting_case"]["votes"][:3]], "reason": "Cùng một mạng"},
            ["reason"],
            multiline={"reason"},
            setup=_setup,
        ),
        "voting restore": Case(
            forms.RestoreVotesForm,
            "organiser",
            _contest_url("voting_restore"),
            lambda w: {"votes": [w["voting_case"]["votes"][3].pk], "reason": "Hai anh em dùng chung mạng"},
            ["reason"],
            multiline={"reason"},
            setup=_setup,
        ),
        "voting prize": Case(
            forms.PeoplesChoiceForm,
            "organiser",
            _contest_url("voting_ranking"),
            lambda w: {"entry_code": "", "reason": "Biên bản họp"},
            ["entry_code", "reason"],
            multiline={"reason"},
            setup=_setup,
            refused=frozenset({400}),
        ),
    }
