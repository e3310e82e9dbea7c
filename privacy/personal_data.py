"""What privacy itself stores about people (the account, consents, guardian links, deletion requests,
one-time codes, safeguarding flags), declared to the registry, and the models of Django, Wagtail and
other libraries that point at a user but hold nothing a data request should touch, each with its reason."""

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import User
from privacy.models import (
    Consent,
    DeletionRequest,
    GuardianCode,
    GuardianConsentRequest,
    SafeguardingFlag,
    SafeguardingNote,
)
from privacy.registry import declare_exempt, register, registry
from privacy.services.data_rights import ANONYMISED_EMAIL_DOMAIN, delete_private_files_on_commit, iso


def export_account(*, user) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_of_birth": iso(user.date_of_birth),
        "school": user.school.name if user.school_id else user.school_other,
        "class_name": user.class_name,
        "date_joined": iso(user.date_joined),
    }


def erase_account(*, user, actor, reason) -> int:
    """The user row stays (entry codes and history point at it) with nothing that names the person."""
    user.email = f"deleted-{user.pk}@{ANONYMISED_EMAIL_DOMAIN}"
    user.full_name = ""
    user.first_name = user.last_name = ""
    user.date_of_birth = None
    user.school = None
    user.school_other = ""
    user.class_name = ""
    user.is_active = False
    user.password = make_password(None)
    user.save()
    return 1


def export_consents(*, user) -> list[dict]:
    return [
        {
            "purpose": c.purpose,
            "giver": c.giver,
            "method": c.method,
            "guardian_name": c.guardian_name,
            "guardian_email": c.guardian_email,
            "guardian_reached_by": c.guardian_reached_by,
            "school_confirmed_at": iso(c.school_confirmed_at),
            "text_version": c.text_version,
            "text_shown": c.text_shown,
            "given_at": iso(c.given_at),
            "withdrawn_at": iso(c.withdrawn_at),
            "paper_scan": c.paper_scan.name or None,
        }
        for c in Consent.objects.filter(subject=user).order_by("given_at")
    ]


def consent_scans(*, user):
    scans = set(
        Consent.objects.filter(subject=user).exclude(paper_scan="").values_list("paper_scan", flat=True)
    )
    for index, key in enumerate(sorted(scans), start=1):
        yield key, f"consent-forms/{index}-{key.rsplit('/', 1)[-1]}"


def erase_consents(*, user, actor, reason) -> int:
    """Every consent ends (so nothing is shown publicly); the rows stay as the record of what was agreed,
    without the guardian's name, address or the scan."""
    keys = list(
        Consent.objects.filter(subject=user).exclude(paper_scan="").values_list("paper_scan", flat=True)
    )
    Consent.objects.filter(subject=user, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=actor
    )
    changed = Consent.objects.filter(subject=user).update(guardian_name="", guardian_email="", paper_scan="")
    delete_private_files_on_commit(keys)
    registry.consent_changed(user=user)
    return changed


def export_guardian_requests(*, user) -> list[dict]:
    return [
        {"guardian_email": r.guardian_email, "created_at": iso(r.created_at), "revoked_at": iso(r.revoked_at)}
        for r in GuardianConsentRequest.objects.filter(entrant=user)
    ]


def erase_guardian_requests(*, user, actor, reason) -> int:
    deleted, _by_model = GuardianConsentRequest.objects.filter(entrant=user).delete()
    return deleted


def export_deletion_requests(*, user) -> list[dict]:
    return [
        {
            "requested_by": d.requested_by,
            "state": d.state,
            "created_at": iso(d.created_at),
            "due_at": iso(d.due_at),
        }
        for d in DeletionRequest.objects.filter(subject=user)
    ]


register(
    User,
    key="account",
    keep=_(
        "Đến ngày lưu trữ của chiến dịch; khi xoá, tài khoản bị khoá và không còn tên, e-mail, ngày sinh, trường."
    ),
    export=export_account,
    erase=erase_account,
    order=1000,
)
register(
    Consent,
    key="consents",
    keep=_(
        "Lâu dài, làm bằng chứng về những gì đã được đồng ý; khi xoá, tên, e-mail phụ huynh và ảnh phiếu bị xoá."
    ),
    export=export_consents,
    files=consent_scans,
    erase=erase_consents,
    order=900,
)
register(
    GuardianConsentRequest,
    key="guardian_requests",
    keep=_("Đến khi xoá dữ liệu của học sinh."),
    export=export_guardian_requests,
    erase=erase_guardian_requests,
    order=910,
)
register(
    DeletionRequest,
    key="deletion_requests",
    keep=_("Lâu dài, không kèm tên: bằng chứng rằng yêu cầu xoá đã được thực hiện hoặc đã huỷ."),
    export=export_deletion_requests,
)
register(
    GuardianCode,
    key="guardian_codes",
    keep=_("15 phút; xoá cùng đường dẫn của phụ huynh."),
)
register(
    SafeguardingFlag,
    key="safeguarding_flags",
    keep=_("Lâu dài, kể cả sau khi xoá dữ liệu: nghĩa vụ bảo vệ trẻ em. Không có trong bản tải về."),
)
register(
    SafeguardingNote,
    key="safeguarding_notes",
    keep=_("Như cảnh báo bảo vệ trẻ em."),
)

# Models of Django, Wagtail and other libraries that refer to a user. Entrants never reach the admin, so
# these hold staff activity (or, for sessions and lockouts, nothing kept past a short lifetime).
_STAFF_RECORD = "admin activity of organisers and staff; entrants have no admin access"
THIRD_PARTY_EXEMPT = {
    "contest.User_groups": "role membership of an account; removed when the account is anonymised",
    "contest.User_user_permissions": "permissions of an account; staff only",
    "contest.SchoolAlias": "which organiser merged a typed school name into a listed school; staff activity",
    "admin.LogEntry": _STAFF_RECORD,
    "wagtailcore.PageLogEntry": _STAFF_RECORD,
    "wagtailcore.ModelLogEntry": _STAFF_RECORD,
    "wagtailcore.Revision": _STAFF_RECORD,
    "wagtailcore.Page": _STAFF_RECORD,
    "wagtailcore.TaskState": _STAFF_RECORD,
    "wagtailcore.WorkflowState": _STAFF_RECORD,
    "wagtailcore.PageSubscription": _STAFF_RECORD,
    "wagtailcore.Comment": _STAFF_RECORD,
    "wagtailcore.CommentReply": _STAFF_RECORD,
    "wagtailcore.UploadedFile": _STAFF_RECORD,
    "wagtailusers.UserProfile": _STAFF_RECORD,
    "wagtailimages.Image": _STAFF_RECORD,
    "wagtaildocs.Document": _STAFF_RECORD,
    "wagtailadmin.FormState": _STAFF_RECORD,
    "wagtailcore.APIToken": _STAFF_RECORD,
    "wagtailadmin.EditingSession": _STAFF_RECORD,
    "otp_totp.TOTPDevice": "the authenticator of a staff account (two-step sign-in); deleted with the account",
    "otp_static.StaticDevice": "the recovery codes of a staff account; deleted with the account",
}


def declare_third_party_exemptions() -> None:
    for label, reason in THIRD_PARTY_EXEMPT.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not registry.is_declared(model):
            declare_exempt(model, reason=reason)


declare_third_party_exemptions()
