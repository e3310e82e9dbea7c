"""Judges' accounts: organisers invite judges and head judges by e-mail, without the shell."""

from django.db import transaction
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.errors import DomainError, NotAllowed
from contest.models import User
from contest.services import create_staff_user
from judging import rules
from judging.models import Panel

JUDGE_ROLES = frozenset({Role.JUDGE, Role.HEAD_JUDGE})


@transaction.atomic
def invite_judge(*, email: str, full_name: str, role: str, actor, panel: Panel | None = None) -> User:
    """Creates the judge's or head judge's account (no password yet) or finds it by e-mail, adds it to
    `panel` (as its head judge for a head judge), and queues an e-mail with a link to set a password, sent
    after commit. An account that already exists with another role is refused, never changed."""
    from judging.tasks import send_judge_invitation

    if not rules.can_invite_judges(actor):
        raise NotAllowed(_("Chỉ ban tổ chức được mời giám khảo."))
    if role not in JUDGE_ROLES:
        raise DomainError(_("Chỉ mời được giám khảo hoặc trưởng ban giám khảo."))
    address = email.strip().lower()
    user = User.objects.filter(email__iexact=address).first()
    if user is None:
        user = create_staff_user(email=address, password=None, full_name=full_name.strip(), role=role)
    elif user.role not in JUDGE_ROLES:
        raise DomainError(
            _("Đã có tài khoản %(email)s với vai trò khác; hãy dùng một địa chỉ e-mail khác.")
            % {"email": address}
        )
    if panel is not None:
        panel.judges.add(user)
        if role == Role.HEAD_JUDGE and panel.head_judge_id is None:
            panel.head_judge = user
        panel.save()
    transaction.on_commit(lambda: send_judge_invitation.enqueue(user_id=user.pk))
    return user
