"""Who a public page may name for a work, decided by consent alone (issue 12 §4).

Every person of an entry counts: the lead and each team member who accepted. A work is public only when
every one of them has consented to take part and to the public display of the work, with a guardian's
consent as well for those under 16 on the contest's closing day. Names follow the weakest consent of the
team: full names and school only when every member (and every needed guardian) consented to the display
of name, school and photo; otherwise the first name and the family name's initial; the school alone
("Thí sinh trường …") when a person has no name on record but may be named; the entry code when nothing
else may be shown. Consents are read from `privacy.selectors`, never from the entry."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from contest.enums import SchoolClaim
from privacy.enums import ConsentPurpose
from privacy.selectors import (
    GiversByUser,
    active_givers,
    needs_guardian,
    purpose_in_force,
    school_confirmation_required,
)
from submissions.selectors.consent import contest_closing_day, entry_people


class CreditLevel(enum.IntEnum):
    """How much of the people behind a work a page shows; a team gets its weakest member's level."""

    CODE = 0  # the entry code alone
    INITIAL = 1  # first name and the family name's initial
    SCHOOL = 2  # "Thí sinh trường …" (may be named, but no name on record)
    FULL = 3  # full name and school


@dataclass(frozen=True)
class Credit:
    text: str
    level: CreditLevel
    work_public: bool
    names: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()


def first_name_and_initial(full_name: str) -> str:
    """ "Trần Thị Hạnh" → "Hạnh T.": the given name (last word) and the family name's initial."""
    words = full_name.split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return f"{words[-1]} {words[0][0].upper()}."


def school_name(person) -> str:
    """Only a school the school itself confirmed is ever printed; a typed or claimed one is not."""
    school = getattr(person, "school", None)
    if school is None or person.school_status != SchoolClaim.CONFIRMED:
        return ""
    return school.name


def consents_for(people: Iterable) -> tuple[GiversByUser, bool]:
    """What one page needs to credit many entries: every person's givers in one query."""
    ids = {person.pk for person in people if person is not None}
    return active_givers(user_ids=ids), school_confirmation_required()


def _allowed(person, purpose, *, day, givers: GiversByUser, confirmation_required: bool) -> bool:
    guardian_needed = needs_guardian(person=person, day=day)
    mine = givers.get(person.pk, {})
    return all(
        purpose_in_force(
            givers=mine.get(p, set()),
            guardian_needed=guardian_needed,
            confirmation_required=confirmation_required,
        )
        for p in (ConsentPurpose.PARTICIPATION, purpose)
    )


def entry_credit(
    *,
    entry,
    people: list | None = None,
    givers: GiversByUser | None = None,
    confirmation_required: bool | None = None,
) -> Credit:
    """The credit line for `entry` and whether its work may be public at all. Pass `people`, `givers` and
    `confirmation_required` (from `consents_for`) to credit a whole page of entries without a query each;
    `entry.team_members` should then be prefetched with their users and schools."""
    if people is None:
        people = entry_people(entry)
    people = [person for person in people if person is not None]
    code_only = Credit(text=entry.code, level=CreditLevel.CODE, work_public=False)
    if not people:
        return code_only
    if givers is None or confirmation_required is None:
        givers, confirmation_required = consents_for(people)
    day = contest_closing_day(entry.contest)
    checks = {"day": day, "givers": givers, "confirmation_required": confirmation_required}
    work_public = all(_allowed(p, ConsentPurpose.DISPLAY_WORK, **checks) for p in people)
    if not work_public:
        return code_only
    identity = all(_allowed(p, ConsentPurpose.DISPLAY_IDENTITY, **checks) for p in people)
    names = [(person.full_name or "").strip() for person in people]
    if identity:
        schools = tuple(dict.fromkeys(s for s in (school_name(p) for p in people) if s))
        if all(names):
            text = ", ".join(names)
            if schools:
                text = f"{text} – {', '.join(schools)}"
            return Credit(text, CreditLevel.FULL, True, tuple(names), schools)
        if schools:
            text = _("Thí sinh trường %(schools)s") % {"schools": ", ".join(schools)}
            return Credit(text, CreditLevel.SCHOOL, True, (), schools)
    short = [first_name_and_initial(name) for name in names]
    if all(short):
        return Credit(", ".join(short), CreditLevel.INITIAL, True, tuple(short))
    return Credit(_("Bài dự thi %(code)s") % {"code": entry.code}, CreditLevel.CODE, True)


def work_may_be_public(*, entry) -> bool:
    return entry_credit(entry=entry).work_public
