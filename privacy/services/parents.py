"""A parent's own account, made through the guardian's e-mailed link: the link proves the address, so the
account is active at once. One account per link; the account is never tied to the child."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError
from contest.models import User
from contest.services import create_parent_account
from privacy.models import GuardianConsentRequest
from privacy.services.consent import ConsentLinkGone


class ParentAccountAlreadyMade(DomainError):
    status_code = 409


@transaction.atomic
def create_parent_account_from_link(
    *, request: GuardianConsentRequest, full_name: str, password: str
) -> User:
    """Locks the link, checks it still works and has not made an account yet, creates an active parent
    account for the link's `guardian_email` and stamps the link (`parent_account_at`). An address that
    already has an account raises contest's AccountExists and nothing changes. Sends nothing: the parent
    signs in with the password they just chose."""
    locked = GuardianConsentRequest.objects.select_for_update().get(pk=request.pk)
    now = timezone.now()
    if locked.revoked_at is not None or locked.expires_at <= now:
        raise ConsentLinkGone(
            _(
                "Đường dẫn này không còn dùng được. Xin Quý phụ huynh nhờ con hoặc thầy cô gửi lại đường dẫn mới."
            )
        )
    if locked.parent_account_at is not None:
        raise ParentAccountAlreadyMade(
            _("Đường dẫn này đã được dùng để tạo một tài khoản. Xin Quý phụ huynh đăng nhập.")
        )
    user = create_parent_account(email=locked.guardian_email, password=password, full_name=full_name)
    locked.parent_account_at = now
    locked.save(update_fields=["parent_account_at"])
    return user
