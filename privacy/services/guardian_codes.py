"""One-time codes: before a guardian link may download or delete a child's data, a fresh code is
e-mailed to the guardian's address and must be typed back. Holding the link alone (a forwarded mail, an
address the child controls for longer than the code lives) is not enough for these two acts."""

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError
from contest.mail import queue_mail
from privacy.enums import GuardianCodePurpose
from privacy.models import GuardianCode, GuardianConsentRequest

CODE_MINUTES = 15
MAX_ATTEMPTS = 5


@transaction.atomic
def send_guardian_code(*, request: GuardianConsentRequest, purpose: str) -> GuardianCode:
    """Ends earlier unused codes for this link and purpose, stores a new one (hashed) and e-mails it to
    the guardian's address on commit."""
    purpose = GuardianCodePurpose(purpose)
    now = timezone.now()
    GuardianCode.objects.filter(guardian_request=request, purpose=purpose, used_at__isnull=True).update(
        expires_at=now
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = GuardianCode.objects.create(
        guardian_request=request,
        purpose=purpose,
        code_hash=make_password(code),
        expires_at=now + timedelta(minutes=CODE_MINUTES),
    )
    email = request.guardian_email
    action = purpose.label
    queue_mail(
        to=email,
        subject=_("Mã xác nhận: %(code)s") % {"code": code},
        body=_(
            "Kính gửi Quý phụ huynh,\n\nMã xác nhận để %(action)s của con là: %(code)s\n\n"
            "Mã dùng được một lần trong %(minutes)d phút. Nếu Quý phụ huynh không yêu cầu mã này, xin bỏ "
            "qua thư; dữ liệu của con không bị thay đổi.\n\nBan tổ chức"
        )
        % {"action": str(action).lower(), "code": code, "minutes": CODE_MINUTES},
    )
    return row


def use_guardian_code(*, request: GuardianConsentRequest, purpose: str, code: str) -> GuardianCode:
    """Spends the live code for this link and purpose if `code` matches; a wrong code counts an attempt
    (kept even though the request fails) and after five the code is dead. Raises a DomainError saying
    what to do."""
    with transaction.atomic():
        row = (
            GuardianCode.objects.select_for_update()
            .filter(
                guardian_request=request, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now()
            )
            .order_by("-created_at")
            .first()
        )
        live = row is not None and row.attempts < MAX_ATTEMPTS
        matches = live and check_password((code or "").strip(), row.code_hash)
        if matches:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
        elif live:
            row.attempts += 1
            row.save(update_fields=["attempts"])
    if not live:
        raise DomainError(_("Mã đã hết hạn hoặc đã dùng. Xin bấm “Gửi mã” để nhận mã mới."))
    if not matches:
        raise DomainError(_("Mã chưa đúng. Xin kiểm tra lại thư mới nhất và nhập lại."))
    return row
