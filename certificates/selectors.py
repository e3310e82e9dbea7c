"""Reads of certificates: a pupil's own, a school's, and the one behind a verify code."""

from django.db.models import QuerySet

from certificates.enums import CertificateState
from certificates.models import Certificate
from contest.enums import Role, SchoolClaim


def _with_relations(queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
    return queryset.select_related("holder__school", "contest__campaign", "division", "entry")


def certificates_of(*, user) -> QuerySet[Certificate]:
    """Every certificate issued to `user`, revoked ones included (shown as such, not downloadable)."""
    return _with_relations(Certificate.objects.filter(holder=user)).order_by(
        "-issued_at", "contest_id", "kind"
    )


def school_certificates(*, school, contest_id: int | None = None) -> QuerySet[Certificate]:
    """Valid certificates of the school's confirmed pupils, the same pupils its coordinator manages."""
    queryset = Certificate.objects.filter(
        state=CertificateState.ISSUED,
        holder__school=school,
        holder__role=Role.ENTRANT,
        holder__school_status=SchoolClaim.CONFIRMED,
    )
    if contest_id is not None:
        queryset = queryset.filter(contest_id=contest_id)
    return _with_relations(queryset).order_by("contest_id", "entry__code", "kind", "holder_id")


def certificate_by_code(*, code: str) -> Certificate | None:
    if not code or len(code) > 64:
        return None
    return _with_relations(Certificate.objects.filter(code=code)).first()
