"""Reads of consent: which consents are in force for a person, what is missing for the people of a
participation, and the guardian flags a coordinator should look at."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.models import User
from contest.selectors import age_on
from privacy.enums import GUARDIAN_CONSENT_BELOW_AGE, ConsentGiver, ConsentPurpose
from privacy.models import Consent, DeletionRequest, GuardianConsentRequest, PrivacySettings
from privacy.registry import Participation, registry

OWN_GIVERS = frozenset({ConsentGiver.ENTRANT, ConsentGiver.SCHOOL_PAPER})
GUARDIAN_GIVERS = frozenset({ConsentGiver.GUARDIAN, ConsentGiver.SCHOOL_PAPER})
# A marker put beside the givers when a guardian's consent was confirmed by the school (a paper form is).
SCHOOL_CONFIRMED = "school_confirmed"

# {user_id: {purpose: {giver, ...}}}
GiversByUser = dict[int, dict[str, set[str]]]


@dataclass(frozen=True)
class ConsentGap:
    person_id: int
    person_name: str
    who: str  # "entrant", "guardian", "school", or "withdrawn" (the participation was withdrawn)

    @property
    def message(self) -> str:
        if self.who == "withdrawn":
            return _("Bài đã rút khỏi cuộc thi nên không được chấm.")
        if self.who == "guardian":
            return _("Còn thiếu sự đồng ý của phụ huynh cho %(name)s.") % {"name": self.person_name}
        if self.who == "school":
            return _("Nhà trường chưa xác nhận sự đồng ý của phụ huynh cho %(name)s.") % {
                "name": self.person_name
            }
        return _("Còn thiếu sự đồng ý của chính %(name)s.") % {"name": self.person_name}


def active_consents(*, user_ids: Iterable[int]) -> QuerySet[Consent]:
    return Consent.objects.filter(subject_id__in=list(user_ids), withdrawn_at__isnull=True)


def active_givers(*, user_ids: Iterable[int]) -> GiversByUser:
    """Who has given each purpose for each user, in one query; a guardian consent the school confirmed
    adds SCHOOL_CONFIRMED beside the givers."""
    result: GiversByUser = defaultdict(lambda: defaultdict(set))
    rows = active_consents(user_ids=user_ids).values_list(
        "subject_id", "purpose", "giver", "school_confirmed_at"
    )
    for subject_id, purpose, giver, confirmed_at in rows:
        result[subject_id][purpose].add(giver)
        if giver == ConsentGiver.SCHOOL_PAPER or (giver == ConsentGiver.GUARDIAN and confirmed_at):
            result[subject_id][purpose].add(SCHOOL_CONFIRMED)
    return result


def school_confirmation_required() -> bool:
    return PrivacySettings.load().require_school_confirmation_under_16


def needs_guardian(*, person, day) -> bool:
    """Under 16 on `day`; with no date of birth we ask for a guardian to be safe."""
    if person.date_of_birth is None:
        return True
    return age_on(date_of_birth=person.date_of_birth, day=day) < GUARDIAN_CONSENT_BELOW_AGE


def purpose_in_force(*, givers: set[str], guardian_needed: bool, confirmation_required: bool = False) -> bool:
    own = bool(givers & OWN_GIVERS)
    guardian = bool(givers & GUARDIAN_GIVERS) and (not confirmation_required or SCHOOL_CONFIRMED in givers)
    return own and (guardian or not guardian_needed)


def person_gaps(
    *,
    person,
    day,
    givers: GiversByUser,
    purpose=ConsentPurpose.PARTICIPATION,
    confirmation_required: bool | None = None,
) -> list[ConsentGap]:
    given = givers.get(person.pk, {}).get(purpose, set())
    name = person.full_name or _("thí sinh")
    gaps = []
    if not given & OWN_GIVERS:
        gaps.append(ConsentGap(person.pk, name, "entrant"))
    if needs_guardian(person=person, day=day):
        if not given & GUARDIAN_GIVERS:
            gaps.append(ConsentGap(person.pk, name, "guardian"))
        else:
            if confirmation_required is None:
                confirmation_required = school_confirmation_required()
            if confirmation_required and SCHOOL_CONFIRMED not in given:
                gaps.append(ConsentGap(person.pk, name, "school"))
    return gaps


def people_gaps(
    *, people, day, givers: GiversByUser | None = None, confirmation_required: bool | None = None
) -> list[ConsentGap]:
    """What is missing before the people of one participation may take part; empty when nothing is."""
    people = [p for p in people if p is not None]
    if not people:
        return [ConsentGap(0, _("thí sinh"), "entrant")]
    if givers is None:
        givers = active_givers(user_ids=[p.pk for p in people])
    if confirmation_required is None:
        confirmation_required = school_confirmation_required()
    gaps = []
    for person in people:
        gaps += person_gaps(
            person=person, day=day, givers=givers, confirmation_required=confirmation_required
        )
    return gaps


def participation_gaps(participations: list[Participation]) -> list[tuple[Participation, list[ConsentGap]]]:
    people_ids = {p.pk for part in participations for p in part.people if p is not None}
    givers = active_givers(user_ids=people_ids)
    required = school_confirmation_required()
    return [
        (part, people_gaps(people=part.people, day=part.day, givers=givers, confirmation_required=required))
        for part in participations
    ]


def consent_status_for_user(*, user) -> dict:
    """The entrant's consent page: per purpose, whether their own and a guardian's consent are in force,
    and for each participation still in the running, what is missing."""
    givers = active_givers(user_ids=[user.pk]).get(user.pk, {})
    participations = registry.participations(user=user)
    days = [p.day for p in participations] or [timezone.localdate()]
    guardian_needed = any(needs_guardian(person=user, day=day) for day in days)
    required = school_confirmation_required()
    purposes = []
    for purpose in ConsentPurpose:
        given = givers.get(purpose, set())
        purposes.append(
            {
                "purpose": purpose,
                "own": bool(given & OWN_GIVERS),
                "guardian": bool(given & GUARDIAN_GIVERS),
                "paper": ConsentGiver.SCHOOL_PAPER in given,
                "in_force": purpose_in_force(
                    givers=given, guardian_needed=guardian_needed, confirmation_required=required
                ),
            }
        )
    return {
        "guardian_needed": guardian_needed,
        "purposes": purposes,
        "participations": participation_gaps(participations),
        "live_request": live_guardian_request(entrant=user),
        "deletion": scheduled_deletion(user=user),
    }


def live_guardian_request(*, entrant) -> GuardianConsentRequest | None:
    return GuardianConsentRequest.objects.filter(entrant=entrant, revoked_at__isnull=True).first()


def has_public_consent(*, user, purpose: str, day=None) -> bool:
    """For publishing: may `user`'s work (DISPLAY_WORK) or name and school (DISPLAY_IDENTITY) be shown?"""
    mine = active_givers(user_ids=[user.pk]).get(user.pk, {})
    guardian_needed = needs_guardian(person=user, day=day or timezone.localdate())
    required = school_confirmation_required()
    return all(
        purpose_in_force(
            givers=mine.get(p, set()), guardian_needed=guardian_needed, confirmation_required=required
        )
        for p in (purpose, ConsentPurpose.PARTICIPATION)
    )


def scheduled_deletion(*, user) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(subject=user, state="scheduled").first()


# --- guardian flags for coordinators -----------------------------------------------------------------

# One address guarding children of this many different family names is worth a look.
UNRELATED_FAMILIES = 2


@dataclass(frozen=True)
class GuardianFlag:
    code: str

    @property
    def message(self) -> str:
        messages = {
            "pupil_account": _("E-mail phụ huynh là tài khoản của một học sinh."),
            "many_children": _("Cùng một e-mail phụ huynh đang đồng ý cho nhiều học sinh không cùng họ."),
            "child_domain": _(
                "E-mail phụ huynh trông giống e-mail học sinh (cùng tên miền với e-mail của em)."
            ),
        }
        return str(messages[self.code])


def _domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def _family_name(full_name: str) -> str:
    parts = (full_name or "").split()
    return parts[0].lower() if parts else ""


# Big mail providers: a parent and a child both on them says nothing.
_COMMON_DOMAINS = frozenset(
    {"gmail.com", "yahoo.com", "yahoo.com.vn", "outlook.com", "hotmail.com", "icloud.com", "live.com"}
)


def guardian_flags(*, pupils) -> dict[int, list[GuardianFlag]]:
    """For each pupil, the reasons their guardian's e-mail looks wrong: it is itself a pupil's account,
    it guards several children with different family names, or it shares the child's own (non-public)
    e-mail domain, as school-issued pupil addresses do. Five queries whatever the number of pupils."""
    pupils = list(pupils)
    by_pupil: dict[int, set[str]] = defaultdict(set)
    for subject_id, email in (
        Consent.objects.filter(subject__in=pupils, giver=ConsentGiver.GUARDIAN, withdrawn_at__isnull=True)
        .exclude(guardian_email="")
        .values_list("subject_id", "guardian_email")
    ):
        by_pupil[subject_id].add(email.lower())
    for request in GuardianConsentRequest.objects.filter(entrant__in=pupils, revoked_at__isnull=True):
        by_pupil[request.entrant_id].add(request.guardian_email.lower())
    emails = {e for es in by_pupil.values() for e in es}
    pupil_accounts = {
        e.lower()
        for e in User.objects.filter(email__in=emails, role=Role.ENTRANT).values_list("email", flat=True)
    }
    families = defaultdict(set)
    for email, name in Consent.objects.filter(
        guardian_email__in=emails, giver=ConsentGiver.GUARDIAN, withdrawn_at__isnull=True
    ).values_list("guardian_email", "subject__full_name"):
        families[email.lower()].add(_family_name(name))
    for email, name in GuardianConsentRequest.objects.filter(
        guardian_email__in=emails, revoked_at__isnull=True
    ).values_list("guardian_email", "entrant__full_name"):
        families[email.lower()].add(_family_name(name))
    result = {}
    for pupil in pupils:
        flags = []
        for email in sorted(by_pupil.get(pupil.pk, ())):
            if email in pupil_accounts:
                flags.append(GuardianFlag("pupil_account"))
            if len(families.get(email, ())) >= UNRELATED_FAMILIES:
                flags.append(GuardianFlag("many_children"))
            domain = _domain(email)
            if domain not in _COMMON_DOMAINS and domain == _domain(pupil.email):
                flags.append(GuardianFlag("child_domain"))
        result[pupil.pk] = list(dict.fromkeys(flags))
    return result


class ParentAccountState:
    OPEN = "open"  # the link may still make an account
    MADE = "made"  # this link already made one
    EXISTS = "exists"  # the address already has an account (made some other way)


def parent_account_state(*, request: GuardianConsentRequest) -> str:
    """Whether the guardian behind this link may still make an account through it."""
    if request.parent_account_at is not None:
        return ParentAccountState.MADE
    if User.objects.filter(email__iexact=request.guardian_email.strip()).exists():
        return ParentAccountState.EXISTS
    return ParentAccountState.OPEN
