"""Who may see, download, design and revoke certificates."""

from certificates.enums import CertificateState
from contest.rules import is_coordinator, is_entrant, is_organiser
from privacy.rules import is_confirmed_pupil_of


def can_have_certificates(user) -> bool:
    return is_entrant(user)


def can_download_certificate(user, certificate) -> bool:
    """A certificate is private to the pupil it was issued to, and only while it is valid."""
    return (
        is_entrant(user) and certificate.holder_id == user.pk and certificate.state == CertificateState.ISSUED
    )


def can_download_school_certificates(user) -> bool:
    return is_coordinator(user)


def is_school_certificate(user, certificate) -> bool:
    return is_coordinator(user) and is_confirmed_pupil_of(user, certificate.holder)


def can_design_certificates(user) -> bool:
    return is_organiser(user)


def can_revoke_certificates(user) -> bool:
    return is_organiser(user)
