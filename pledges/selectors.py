"""Reads of the pledge wall: the commitments, one account's signature, the counts (from `PledgeCount`,
never a COUNT over the signatures), the approved messages with their credit as consent allows, the
organisers' queue, a school's signatures for its poster, and figures for the campaign report.

Names as consented: a signer appears by given name and family initial only when they ticked "show my
name"; a pupil under 16 (or with no date of birth) also needs the display of their name in force with a
guardian's consent (`privacy.selectors`). Otherwise the credit is a role label ("Một bạn học sinh trường
…"). A full name, class or e-mail is never shown; a pupil's school only once the school confirmed it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import Role, SchoolClaim
from pledges.enums import CountScope, MessageState
from pledges.models import Commitment, Pledge, PledgeCount
from privacy.enums import ConsentPurpose
from privacy.selectors import active_givers, needs_guardian, purpose_in_force, school_confirmation_required
from results.credits import first_name_and_initial

WALL_PAGE_SIZE = 20
TOP_COUNT = 10


def active_commitments() -> list[Commitment]:
    return list(Commitment.objects.filter(is_active=True).order_by("sort_order", "pk"))


def pledge_of(*, user) -> Pledge | None:
    if not (user and user.is_authenticated):
        return None
    return Pledge.objects.filter(signer=user).select_related("school").first()


# ----------------------------------------------------------------------------------------- credit


@dataclass(frozen=True)
class Credit:
    text: str
    named: bool


@dataclass(frozen=True)
class WallMessage:
    pledge: Pledge
    credit: str

    @property
    def pk(self):
        return self.pledge.pk


def _shown_school(pledge: Pledge) -> str:
    signer, school = pledge.signer, pledge.school
    if school is None:
        return ""
    if pledge.role == Role.ENTRANT and not (
        signer.school_id == school.pk and signer.school_status == SchoolClaim.CONFIRMED
    ):
        return ""
    return school.name


def _role_label(pledge: Pledge, *, named: bool) -> str:
    school = _shown_school(pledge)
    if pledge.role == Role.COORDINATOR:
        if school:
            return (_("Thầy cô trường %(school)s") if named else _("Một thầy cô trường %(school)s")) % {
                "school": school
            }
        return _("Thầy cô") if named else _("Một thầy cô")
    if pledge.role == Role.PARENT:
        return _("Phụ huynh") if named else _("Một phụ huynh")
    if school:
        return (_("Học sinh trường %(school)s") if named else _("Một bạn học sinh trường %(school)s")) % {
            "school": school
        }
    if pledge.school is not None:
        return _("Học sinh") if named else _("Một bạn học sinh")
    return _("Bạn trẻ") if named else _("Một bạn trẻ")


def credits_for(pledges: Iterable[Pledge], *, day=None) -> dict[int, Credit]:
    """{pledge id: credit} for any number of signatures, in at most two queries (consents of the
    pupils whose name needs a guardian, and the privacy settings), none when no such pupil is among them.
    `pledge.signer` and `pledge.school` should be selected with the pledges."""
    pledges = list(pledges)
    day = day or timezone.localdate()
    guarded = [
        p.signer
        for p in pledges
        if p.show_name and p.role == Role.ENTRANT and needs_guardian(person=p.signer, day=day)
    ]
    givers = active_givers(user_ids=[s.pk for s in guarded]) if guarded else {}
    required = school_confirmation_required() if guarded else False
    guarded_ids = {s.pk for s in guarded}
    result = {}
    for pledge in pledges:
        name = first_name_and_initial((pledge.signer.full_name or "").strip()) if pledge.show_name else ""
        if name and pledge.signer_id in guarded_ids:
            allowed = purpose_in_force(
                givers=givers.get(pledge.signer_id, {}).get(ConsentPurpose.DISPLAY_IDENTITY, set()),
                guardian_needed=True,
                confirmation_required=required,
            )
            name = name if allowed else ""
        if name:
            result[pledge.pk] = Credit(f"{name} · {_role_label(pledge, named=True)}", True)
        else:
            result[pledge.pk] = Credit(_role_label(pledge, named=False), False)
    return result


# ----------------------------------------------------------------------------------------- the wall


@dataclass(frozen=True)
class WallCounts:
    total: int
    schools: list[dict]
    wards: list[dict]
    my_school: dict | None = None
    my_ward: dict | None = None

    def as_json(self) -> dict:
        return {
            "total": self.total,
            "schools": self.schools,
            "wards": self.wards,
            "my_school": self.my_school,
            "my_ward": self.my_ward,
        }


def wall_counts(*, school=None, top: int = TOP_COUNT) -> WallCounts:
    """The city total, the `top` schools and wards, and `school`'s own and its ward's counts: three
    queries whatever the number of signatures."""
    city_and_wards = list(
        PledgeCount.objects.filter(
            Q(scope=CountScope.CITY)
            | Q(scope=CountScope.WARD, pk__in=_top_ids(CountScope.WARD, top))
            | (
                Q(scope=CountScope.WARD, ward=school.ward)
                if school is not None and school.ward
                else Q(pk__in=[])
            )
        ).order_by("-count", "ward")
    )
    schools = list(
        PledgeCount.objects.filter(
            Q(scope=CountScope.SCHOOL, pk__in=_top_ids(CountScope.SCHOOL, top))
            | (Q(scope=CountScope.SCHOOL, school=school) if school is not None else Q(pk__in=[]))
        )
        .select_related("school")
        .order_by("-count", "school__name")
    )
    total = next((row.count for row in city_and_wards if row.scope == CountScope.CITY), 0)
    ward_rows = [row for row in city_and_wards if row.scope == CountScope.WARD]
    top_wards = [{"name": row.ward, "count": row.count} for row in ward_rows[:top]]
    top_schools = [
        {"name": row.school.name, "ward": row.school.ward, "count": row.count} for row in schools[:top]
    ]
    my_school = my_ward = None
    if school is not None:
        mine = next((row for row in schools if row.school_id == school.pk), None)
        my_school = {"name": school.name, "count": mine.count if mine else 0}
        if school.ward:
            ward = next((row for row in ward_rows if row.ward == school.ward), None)
            my_ward = {"name": school.ward, "count": ward.count if ward else 0}
    return WallCounts(total, top_schools, top_wards, my_school, my_ward)


def _top_ids(scope: str, top: int):
    return PledgeCount.objects.filter(scope=scope, count__gt=0).order_by("-count", "pk").values("pk")[:top]


def _approved() -> QuerySet[Pledge]:
    return Pledge.objects.filter(message_state=MessageState.APPROVED)


def encode_cursor(pledge: Pledge) -> str:
    return f"{int(pledge.approved_at.timestamp() * 1_000_000)}-{pledge.pk}"


def decode_cursor(raw: str) -> tuple[datetime, int] | None:
    micros, _sep, pk = (raw or "").partition("-")
    if not (micros.isdigit() and pk.isdigit() and len(micros) < 20 and len(pk) < 19):
        return None
    try:
        moment = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment, int(pk)


def wall_messages(*, after: str = "", limit: int = WALL_PAGE_SIZE) -> tuple[list[WallMessage], str]:
    """Approved messages, newest approval first, `limit` at a time after the cursor `after` (keyset: the
    same cost on page 1 and page 5,000). Returns the messages and the cursor of the next page ("" at the
    end). One query for the messages, at most two for the consents behind their credits."""
    rows = _approved().select_related("signer", "school").order_by("-approved_at", "-pk")
    cursor = decode_cursor(after)
    if cursor is not None:
        moment, pk = cursor
        rows = rows.filter(Q(approved_at__lt=moment) | Q(approved_at=moment, pk__lt=pk))
    rows = list(rows[: limit + 1])
    page, more = rows[:limit], len(rows) > limit
    credits = credits_for(page)
    messages = [WallMessage(pledge, credits[pledge.pk].text) for pledge in page]
    return messages, (encode_cursor(page[-1]) if more and page else "")


# ----------------------------------------------------------------------------------------- organisers


def moderation_queue() -> QuerySet[Pledge]:
    """Messages for organisers: clean ones first (they can go out quickly), then those screening held
    with a reason, oldest first within each."""
    return (
        Pledge.objects.exclude(message_state=MessageState.NONE)
        .select_related("signer", "school")
        .order_by("flagged", "created_at", "pk")
    )


def queue_counts() -> dict[str, int]:
    rows = Pledge.objects.values("message_state").annotate(n=Count("pk")).order_by()
    counts = {state.value: 0 for state in MessageState}
    counts.update({row["message_state"]: row["n"] for row in rows})
    return counts


# ----------------------------------------------------------------------------------------- the poster


@dataclass(frozen=True)
class PosterLine:
    credit: str
    message: str


def poster_lines(*, school, chunk: int = 500) -> Iterator[PosterLine]:
    """A school's signatures for its poster, oldest first, `chunk` at a time (5,000 signatures never sit
    in memory at once): a line for each one that may be named or has an approved message. The others are
    counted in the poster's headline only."""
    rows = (
        Pledge.objects.filter(school=school)
        .filter(Q(show_name=True) | Q(message_state=MessageState.APPROVED))
        .select_related("signer", "school")
        .order_by("pk")
    )
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:chunk])
        if not batch:
            return
        credits = credits_for(batch)
        for pledge in batch:
            message = pledge.message if pledge.message_state == MessageState.APPROVED else ""
            credit = credits[pledge.pk]
            if message or credit.named:
                yield PosterLine(credit.text, message)
        last = batch[-1].pk


def school_total(*, school) -> int:
    row = PledgeCount.objects.filter(scope=CountScope.SCHOOL, school=school).first()
    return row.count if row else 0


# ----------------------------------------------------------------------------------------- report


def report_by_school(*, since=None, until=None) -> list[tuple[str, str, int]]:
    rows = _signed_between(since, until).filter(school__isnull=False)
    rows = rows.values("school__name", "school__ward").annotate(n=Count("pk")).order_by("-n", "school__name")
    return [(row["school__name"], row["school__ward"], row["n"]) for row in rows]


def report_by_ward(*, since=None, until=None) -> list[tuple[str, int]]:
    rows = _signed_between(since, until).exclude(ward="").values("ward").annotate(n=Count("pk"))
    return [(row["ward"], row["n"]) for row in rows.order_by("-n", "ward")]


def report_by_day(*, since=None, until=None) -> list[tuple[object, int]]:
    rows = _signed_between(since, until).annotate(day=TruncDate("created_at")).values("day")
    return [(row["day"], row["n"]) for row in rows.annotate(n=Count("pk")).order_by("day")]


def report_total(*, since=None, until=None) -> int:
    return _signed_between(since, until).count()


def _signed_between(since, until) -> QuerySet[Pledge]:
    rows = Pledge.objects.all()
    if since:
        rows = rows.filter(created_at__date__gte=since)
    if until:
        rows = rows.filter(created_at__date__lte=until)
    return rows
