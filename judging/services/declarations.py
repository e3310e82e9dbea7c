"""A judge's declared affiliations, matched privately against the entrants to record conflicts of interest."""

import re
import unicodedata

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from contest.errors import NotAllowed
from contest.models import School
from contest.rules import is_judge
from judging.enums import RoundState
from judging.models import ConflictOfInterest, JudgeDeclaration, Round
from judging.services.assignment import assign_round
from submissions.models import Entry, TeamMember

_NOT_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """ "NGUYỄN  Văn-A" → "nguyen van a": no accents (đ → d), lower case, words split by single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def _lines(text: str) -> set[str]:
    return {folded for line in text.splitlines() if (folded := fold(line))}


def _matching_entries(*, judge, names: set[str], school_names: set[str]) -> set[int]:
    """Entries of the contests the judge's panels judge whose lead entrant or team member bears a declared
    name, or whose lead entrant typed a declared school."""
    entries = Entry.objects.filter(
        Q(contest__judging_panels__judges=judge) | Q(contest__judging_rounds__panel__judges=judge)
    ).distinct()
    matched = set()
    for pk, lead_name, typed_school in entries.values_list(
        "pk", "lead_entrant__full_name", "lead_entrant__school_other"
    ):
        if fold(lead_name or "") in names or (typed_school and fold(typed_school) in school_names):
            matched.add(pk)
    members = TeamMember.objects.filter(entry__in=entries).values_list("entry_id", "name", "user__full_name")
    for entry_id, name, user_name in members:
        if fold(name or "") in names or fold(user_name or "") in names:
            matched.add(entry_id)
    return matched


@transaction.atomic
def declare_affiliations(
    *, judge, schools: list[School], other_schools: str = "", people: str = ""
) -> JudgeDeclaration:
    """Saves the judge's declaration and turns it into conflicts: each chosen school, each typed school that
    names a listed school, and each entry whose entrant bears a declared name or typed a declared school.
    Conflicts declared earlier stay. Rounds already open are re-assigned so no conflicted pair remains.
    Sends nothing."""
    if not is_judge(judge):
        raise NotAllowed(_("Chỉ giám khảo khai báo quan hệ."))
    declaration, _created = JudgeDeclaration.objects.get_or_create(judge=judge)
    declaration.other_schools = other_schools.strip()
    declaration.people = people.strip()
    declaration.full_clean(exclude=["judge"])
    declaration.save()
    declaration.schools.set(schools)

    typed = _lines(declaration.other_schools)
    school_ids = {s.pk for s in schools}
    school_ids |= {pk for pk, name in School.objects.values_list("pk", "name") if fold(name) in typed}
    reason = _("Giám khảo tự khai báo")
    ConflictOfInterest.objects.bulk_create(
        [
            ConflictOfInterest(judge=judge, school_id=pk, reason=reason, declared_by_judge=True)
            for pk in school_ids
        ],
        ignore_conflicts=True,
    )
    entry_ids = _matching_entries(judge=judge, names=_lines(declaration.people), school_names=typed)
    ConflictOfInterest.objects.bulk_create(
        [
            ConflictOfInterest(judge=judge, entry_id=pk, reason=reason, declared_by_judge=True)
            for pk in entry_ids
        ],
        ignore_conflicts=True,
    )
    if school_ids or entry_ids:
        for round_ in Round.objects.filter(
            Q(panel__judges=judge), state__in=[RoundState.SETUP, RoundState.OPEN]
        ).distinct():
            if round_.assignments.exists():
                assign_round(round_=round_, actor=judge)
    return declaration
