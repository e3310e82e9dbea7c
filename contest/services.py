"""Writes of the contest domain: accounts and registration."""

import logging
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from contest.enums import SCHOOL_CLAIM_TRANSITIONS, Role, SchoolClaim
from contest.errors import DomainError, InvalidTransition, NotAllowed
from contest.mail import queue_mail
from contest.models import School, SchoolAlias, User
from contest.school_names import fold_school_name
from contest.selectors import match_typed_school
from contest.tokens import activation_tokens

logger = logging.getLogger(__name__)

ORGANISER_GROUP = "Ban tổ chức"
ORGANISER_APPS = [
    "contest",
    "submissions",
    "judging",
    "challenges",
    "recaps",
    "reports",
    "frames",
    "certificates",
    "quiz",
    "cms",
    "wagtailimages",
    "wagtaildocs",
    "wagtailcore",
]
# Accounts, groups and permissions are managed by superusers only: an organiser who could edit a user or a
# group could give a judge admin rights, and with them the identities judging hides.
ACCOUNT_MODELS = Q(content_type__app_label="auth") | Q(
    content_type__app_label="contest", content_type__model="user"
)
GROUP_PERMISSION_MODELS = Q(content_type__app_label="wagtailcore", content_type__model__startswith="group")


def organiser_permissions():
    """What the organisers' group holds: the Wagtail admin and the models of ours and of Wagtail's content,
    never an account, a group or a permission."""
    return Permission.objects.filter(
        Q(content_type__app_label__in=ORGANISER_APPS)
        | Q(codename="access_admin")
        # Of the help channel organisers edit only the guidance; its reports are for designated officers.
        | Q(content_type__app_label="helpline", content_type__model="helpguidance")
    ).exclude(ACCOUNT_MODELS | GROUP_PERMISSION_MODELS)


@transaction.atomic
def register_entrant(
    *,
    email: str,
    password: str,
    full_name: str,
    date_of_birth: date,
    school: School | None,
    school_other: str = "",
    class_name: str = "",
    out_of_school: bool = False,
    active: bool = True,
) -> User:
    """Creates an entrant account (inactive until its activation link is opened, for the public form). A typed school ("Tên trường khác") is matched to the school list when
    the match is sure (the typed words are kept); either way the school is only claimed until its
    coordinator confirms it. Young people out of school register with no school at all (`out_of_school`).
    Nothing is sent; `sign_up_entrant` is the public form's way in."""
    typed = "" if school or out_of_school else school_other.strip()
    user = User(
        email=email.strip().lower(),
        is_active=active,
        full_name=full_name.strip(),
        role=Role.ENTRANT,
        date_of_birth=date_of_birth,
        school=None if out_of_school else (school or (match_typed_school(typed) if typed else None)),
        school_other=typed,
        class_name="" if out_of_school else class_name.strip(),
        out_of_school=out_of_school,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


class AccountExists(DomainError):
    status_code = 409


@transaction.atomic
def create_parent_account(*, email: str, password: str, full_name: str) -> User:
    """An active parent account for an address the caller has already proven (the guardian's e-mailed
    link): no activation mail, no school, no date of birth, and no tie to any child. An address that
    already has an account raises AccountExists and creates nothing. Sends nothing."""
    address = email.strip().lower()
    if User.objects.filter(email__iexact=address).exists():
        raise AccountExists(_("Địa chỉ e-mail này đã có tài khoản. Xin Quý phụ huynh đăng nhập."))
    user = User(email=address, is_active=True, full_name=full_name.strip(), role=Role.PARENT)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def create_staff_user(
    *, email: str, password: str, full_name: str, role: str, school: School | None = None, **extra
) -> User:
    """Creates a judge, head judge, coordinator or organiser. Organisers may enter the CMS admin."""
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        role=role,
        school=school,
        is_staff=role == Role.ORGANISER,
        **extra,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    if role == Role.ORGANISER:
        user.groups.add(ensure_organiser_group())
    return user


@transaction.atomic
def ensure_organiser_group() -> Group:
    """The organisers' group: the Wagtail admin, every model of ours but accounts, images, documents and all
    pages (organiser_permissions). Re-running it takes away whatever else the group was given."""
    from wagtail.models import GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name=ORGANISER_GROUP)
    group.permissions.set(organiser_permissions())
    root = Page.get_first_root_node()
    if root is not None:
        for codename in [
            "add_page",
            "change_page",
            "publish_page",
            "delete_page",
            "lock_page",
            "unlock_page",
        ]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=Permission.objects.get(codename=codename)
            )
    return group


@transaction.atomic
def decide_school_claim(*, pupil: User, coordinator: User, to_state: str) -> User:
    """The school's coordinator confirms or rejects a pupil's claim to be one of its pupils.

    Until confirmed the coordinator sees only the pupil's name and cannot act for them. Records who
    decided and when. Sends nothing.
    """
    from contest.rules import is_coordinator

    locked = User.objects.select_for_update().get(pk=pupil.pk)
    if not (
        is_coordinator(coordinator)
        and locked.role == Role.ENTRANT
        and locked.school_id is not None
        and locked.school_id == coordinator.school_id
    ):
        raise NotAllowed(_("Học sinh này không ghi tên trường của thầy cô."))
    if to_state not in SCHOOL_CLAIM_TRANSITIONS[locked.school_status]:
        raise InvalidTransition(
            _("Không thể chuyển từ “%(src)s” sang “%(dst)s”.")
            % {"src": SchoolClaim(locked.school_status).label, "dst": SchoolClaim(to_state).label}
        )
    locked.school_status = to_state
    locked.school_decided_by = coordinator
    locked.school_decided_at = timezone.now()
    locked.save(update_fields=["school_status", "school_decided_by", "school_decided_at"])
    pupil.refresh_from_db()
    return pupil


@transaction.atomic
def merge_typed_school(*, typed_name: str, school: School, actor: User) -> int:
    """Merges a typed school name into a listed school: every pupil whose typed name folds the same and
    who has no listed school gets `school` (claimed, for its coordinator to confirm), and pupils who type
    it later are matched at registration. Conflicts of interest, the school column and the coordinator's
    view all follow `User.school`. Returns how many pupils moved; sends nothing."""
    from contest.rules import can_manage_contests

    if not can_manage_contests(actor):
        raise NotAllowed(_("Chỉ ban tổ chức mới gộp được tên trường."))
    folded = fold_school_name(typed_name)
    if not folded:
        raise DomainError(_("Tên trường ghi tay đang trống."))
    SchoolAlias.objects.update_or_create(
        folded=folded, defaults={"school": school, "typed_name": typed_name.strip()[:200], "merged_by": actor}
    )
    pupils = (
        User.objects.select_for_update()
        .filter(role=Role.ENTRANT, school__isnull=True)
        .exclude(school_other="")
        .only("pk", "school_other")
    )
    ids = [p.pk for p in pupils if fold_school_name(p.school_other) == folded]
    User.objects.filter(pk__in=ids).update(school=school, school_status=SchoolClaim.CLAIMED)
    return len(ids)


@transaction.atomic
def sign_up_entrant(
    *,
    email: str,
    password: str,
    full_name: str,
    date_of_birth: date,
    school: School | None,
    school_other: str = "",
    class_name: str = "",
    out_of_school: bool = False,
) -> User | None:
    """The registration form's service. It answers the same whether the e-mail is new or taken, so the form
    reveals nothing about who has an account: a new address gets an inactive account and a link that
    activates it; a taken address gets nothing created and its owner is told by e-mail (with the ways to
    sign in or reset the password). Mail goes after commit. Returns the new account, or None."""
    address = email.strip().lower()
    existing = User.objects.filter(email__iexact=address).first()
    if existing is not None:
        make_password(password)  # the same work as the other branch, so timing tells nothing either
        transaction.on_commit(lambda: _send_account_mail(user_id=existing.pk, kind="already_registered"))
        return None
    user = register_entrant(
        email=address,
        password=password,
        full_name=full_name,
        date_of_birth=date_of_birth,
        school=school,
        school_other=school_other,
        class_name=class_name,
        out_of_school=out_of_school,
        active=False,
    )
    transaction.on_commit(lambda: _send_account_mail(user_id=user.pk, kind="activate"))
    return user


@transaction.atomic
def activate_entrant(*, user: User, token: str) -> bool:
    """Turns on an account whose activation link is genuine; a used or stale link does nothing."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active or not activation_tokens.check_token(locked, token):
        return False
    locked.is_active = True
    locked.save(update_fields=["is_active"])
    return True


def _send_account_mail(*, user_id: int, kind: str) -> None:
    user = User.objects.get(pk=user_id)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    context = {
        "user": user,
        "site_url": settings.SITE_URL,
        "login_path": reverse("accounts:login"),
        "reset_path": reverse("accounts:password_reset"),
        "activate_path": reverse(
            "accounts:activate", kwargs={"uidb64": uid, "token": activation_tokens.make_token(user)}
        ),
        "days": settings.ACCOUNT_ACTIVATION_DAYS,
    }
    subjects = {
        "activate": _("Kích hoạt tài khoản dự thi Không một mình"),
        "already_registered": _("Có người vừa đăng ký bằng e-mail của em"),
    }
    body = render_to_string(f"accounts/email/{kind}.txt", context)
    queue_mail(to=user.email, subject=str(subjects[kind]), body=body)


@transaction.atomic
def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """The authenticator the user is about to scan: one unconfirmed device, made once and kept until used."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(_("Ứng dụng xác thực")), confirmed=False)
    return device


@transaction.atomic
def confirm_totp_enrolment(*, user: User, token: str) -> list[str]:
    """Confirms the scanned authenticator with its first code and issues ten single-use recovery codes,
    replacing any older ones. Returns the codes (shown once) or [] when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return []
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=str(_("Mã khôi phục")), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(10)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes
