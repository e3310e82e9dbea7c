"""Parents: accounts made through a guardian's link, and the link itself as a guardian receives it."""

from privacy.models import GuardianConsentRequest
from privacy.services.consent import guardian_link_token, request_guardian_consent
from tests.factories import UserFactory


class ParentFactory(UserFactory):
    """A parent account as the guardian's link makes it: no school, no date of birth."""

    role = "parent"
    full_name = "Trần Thị Hồng"
    school = None
    date_of_birth = None


def guardian_link(pupil, email: str = "me.lan@example.vn", name: str = "Trần Thị Hồng"):
    """The pupil asks her guardian; returns (the link's row, the token in the e-mailed link)."""
    row: GuardianConsentRequest = request_guardian_consent(
        entrant=pupil, guardian_email=email, guardian_name=name, actor=pupil
    )
    return row, guardian_link_token(row)
