"""Giving, withdrawing and confirming consent, and the guardian links.

Withdrawing purpose (1) withdraws (2) and (3) by the same giver too: nothing is shown publicly of a work
that is not in the contest. After every change the apps listening in the registry are told, inside the
same transaction (submissions recomputes whether each entry may be judged).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError, NotAllowed
from contest.mail import queue_mail
from privacy.enums import (
    SCHOOL_CONFIRMATION_CONTACTS,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    GuardianContact,
)
from privacy.models import Consent, GuardianConsentRequest
from privacy.registry import registry
from privacy.rules import can_confirm_guardian_consent, can_manage_own_consent, can_manage_pupil

CONSENT_TEXT_VERSION = "2025.1"
GUARDIAN_LINK_SALT = "submissions.guardian-consent"  # kept: links already sent stay valid
GUARDIAN_LINK_DAYS = 14
PAPER_SCAN_MAX_BYTES = 10 * 1024 * 1024
_PAPER_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


class ConsentLinkInvalid(DomainError):
    status_code = 404


class ConsentLinkGone(DomainError):
    status_code = 410


def consent_text(purpose: str, *, audience: str = "entrant") -> str:
    """The sentence shown beside each purpose, addressed to the pupil ("em") or to the parent ("con");
    stored with every consent exactly as it was shown."""
    if audience == "guardian":
        texts = {
            ConsentPurpose.PARTICIPATION: _(
                "Đồng ý cho con tham gia cuộc thi: Ban tổ chức lưu họ tên, ngày sinh, trường, lớp, e-mail và "
                "bài dự thi của con để kiểm tra thể lệ và chấm điểm. Giám khảo chỉ thấy mã bài và tác phẩm, "
                "không thấy tên, trường hay tuổi của con."
            ),
            ConsentPurpose.DISPLAY_WORK: _(
                "Đồng ý công khai tác phẩm của con (không kèm tên) trên trang của chiến dịch nếu bài được chọn "
                "trưng bày hoặc đạt giải."
            ),
            ConsentPurpose.DISPLAY_IDENTITY: _(
                "Đồng ý công khai họ tên, tên trường và ảnh của con cùng tác phẩm khi công bố kết quả."
            ),
        }
    else:
        texts = {
            ConsentPurpose.PARTICIPATION: _(
                "Đồng ý cho em tham gia cuộc thi: Ban tổ chức lưu họ tên, ngày sinh, trường, lớp, e-mail và bài "
                "dự thi để kiểm tra thể lệ và chấm điểm. Giám khảo chỉ thấy mã bài và tác phẩm, không thấy tên, "
                "trường hay tuổi."
            ),
            ConsentPurpose.DISPLAY_WORK: _(
                "Đồng ý công khai tác phẩm (không kèm tên) trên trang của chiến dịch nếu bài được chọn trưng bày "
                "hoặc đạt giải."
            ),
            ConsentPurpose.DISPLAY_IDENTITY: _(
                "Đồng ý công khai họ tên, tên trường và ảnh của em cùng tác phẩm khi công bố kết quả."
            ),
        }
    return str(texts[ConsentPurpose(purpose)])


# --- giving and withdrawing ---------------------------------------------------------------------------


def _check_purposes(purposes) -> set[str]:
    chosen = {ConsentPurpose(p) for p in purposes}
    if chosen and ConsentPurpose.PARTICIPATION not in chosen:
        raise DomainError(
            _("Muốn đồng ý công khai thì trước hết cần đồng ý cho em tham gia cuộc thi (mục 1).")
        )
    return chosen


def _give(*, subject, purpose, giver, method, actor, now, audience="entrant", **extra) -> Consent:
    existing = Consent.objects.filter(
        subject=subject, purpose=purpose, giver=giver, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    consent = Consent(
        subject=subject,
        purpose=purpose,
        giver=giver,
        method=method,
        given_by=actor,
        text_version=CONSENT_TEXT_VERSION,
        text_shown=consent_text(purpose, audience=audience),
        given_at=now,
        **extra,
    )
    consent.full_clean()
    consent.save()
    return consent


def _withdraw(*, subject, purposes, giver, actor, now) -> int:
    purposes = set(purposes)
    if ConsentPurpose.PARTICIPATION in purposes:
        purposes = set(ConsentPurpose)
    return Consent.objects.filter(
        subject=subject, purpose__in=purposes, giver=giver, withdrawn_at__isnull=True
    ).update(withdrawn_at=now, withdrawn_by=actor)


@transaction.atomic
def set_own_consents(*, entrant, purposes, actor) -> list[Consent]:
    """The entrant's own choices: gives the chosen purposes, withdraws the others, then tells the
    registry's listeners. Sends nothing."""
    if actor.pk != entrant.pk or not can_manage_own_consent(entrant):
        raise NotAllowed(_("Chỉ chính thí sinh mới ghi nhận được sự đồng ý của mình."))
    chosen = _check_purposes(purposes)
    now = timezone.now()
    _withdraw(
        subject=entrant,
        purposes=set(ConsentPurpose) - chosen,
        giver=ConsentGiver.ENTRANT,
        actor=actor,
        now=now,
    )
    given = [
        _give(
            subject=entrant,
            purpose=p,
            giver=ConsentGiver.ENTRANT,
            method=ConsentMethod.ACCOUNT,
            actor=actor,
            now=now,
        )
        for p in sorted(chosen)
    ]
    registry.consent_changed(user=entrant)
    return given


def _sniff_paper_scan(scan) -> None:
    if scan.size > PAPER_SCAN_MAX_BYTES:
        raise DomainError(
            _("Ảnh chụp phiếu quá lớn (tối đa 10 MB). Thầy cô hãy chụp lại với độ phân giải thấp hơn.")
        )
    scan.seek(0)
    head = scan.read(16)
    scan.seek(0)
    if not any(head.startswith(sig) for sig in _PAPER_SIGNATURES):
        raise DomainError(_("Phiếu đồng ý cần là ảnh JPEG, PNG hoặc tệp PDF."))


@transaction.atomic
def record_paper_consent(*, pupil, purposes, coordinator, scan, guardian_name: str = "") -> list[Consent]:
    """A coordinator records a paper form signed by the pupil and a parent: one SCHOOL_PAPER consent per
    ticked purpose (withdrawing paper consents not ticked), with the scan in private storage. Tells
    the registry. Sends nothing."""
    if not can_manage_pupil(coordinator, pupil):
        raise NotAllowed(_("Thầy cô chỉ ghi nhận được phiếu của học sinh trường mình."))
    chosen = _check_purposes(purposes)
    if not chosen:
        raise DomainError(_("Hãy đánh dấu ít nhất một mục có trên phiếu đồng ý."))
    if scan is None:
        raise DomainError(_("Hãy tải lên ảnh chụp hoặc bản quét phiếu đồng ý."))
    _sniff_paper_scan(scan)
    now = timezone.now()
    _withdraw(
        subject=pupil,
        purposes=set(ConsentPurpose) - chosen,
        giver=ConsentGiver.SCHOOL_PAPER,
        actor=coordinator,
        now=now,
    )
    # A new form replaces the old one for the purposes it covers.
    _withdraw_exact(
        subject=pupil, purposes=chosen, giver=ConsentGiver.SCHOOL_PAPER, actor=coordinator, now=now
    )
    given = []
    scan_name = f"consent-scans/{uuid.uuid4().hex}"
    stored_name = None
    for purpose in sorted(chosen):
        consent = Consent(
            subject=pupil,
            purpose=purpose,
            giver=ConsentGiver.SCHOOL_PAPER,
            method=ConsentMethod.PAPER,
            given_by=coordinator,
            guardian_name=guardian_name.strip(),
            guardian_reached_by=GuardianContact.PAPER_FORM,
            text_version=CONSENT_TEXT_VERSION,
            text_shown=consent_text(purpose),
            given_at=now,
        )
        if stored_name is None:
            consent.paper_scan.save(scan_name, scan, save=False)
            stored_name = consent.paper_scan.name
        else:
            consent.paper_scan.name = stored_name
        consent.full_clean()
        consent.save()
        given.append(consent)
    registry.consent_changed(user=pupil)
    return given


def _withdraw_exact(*, subject, purposes, giver, actor, now) -> int:
    return Consent.objects.filter(
        subject=subject, purpose__in=purposes, giver=giver, withdrawn_at__isnull=True
    ).update(withdrawn_at=now, withdrawn_by=actor)


# --- guardian links -----------------------------------------------------------------------------------


def guardian_link_token(request: GuardianConsentRequest) -> str:
    return signing.dumps({"r": request.token_id, "e": request.entrant_id}, salt=GUARDIAN_LINK_SALT)


def guardian_link_url(request: GuardianConsentRequest) -> str:
    path = reverse("privacy:guardian", kwargs={"token": guardian_link_token(request)})
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def request_guardian_consent(
    *, entrant, guardian_email: str, guardian_name: str = "", actor
) -> GuardianConsentRequest:
    """Revokes any earlier link for this child, makes a new one (valid 14 days) and e-mails it to the
    guardian once the transaction commits. The entrant or their school's coordinator may ask."""
    if not (actor.pk == entrant.pk and can_manage_own_consent(entrant)) and not can_manage_pupil(
        actor, entrant
    ):
        raise NotAllowed(_("Không thể gửi yêu cầu đồng ý cho thí sinh này."))
    email = guardian_email.strip().lower()
    if email == entrant.email.lower():
        raise DomainError(_("E-mail của phụ huynh cần khác e-mail của em."))
    now = timezone.now()
    GuardianConsentRequest.objects.filter(entrant=entrant, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason="replaced"
    )
    request = GuardianConsentRequest(
        entrant=entrant,
        guardian_email=email,
        guardian_name=guardian_name.strip(),
        created_by=actor,
        expires_at=now + timedelta(days=GUARDIAN_LINK_DAYS),
    )
    request.full_clean()
    request.save()
    url = guardian_link_url(request)
    child = entrant.full_name or entrant.email
    until = formats.date_format(timezone.localtime(request.expires_at), "d/m/Y")
    queue_mail(
        to=email,
        subject=_("Xin Quý phụ huynh đồng ý cho con tham gia cuộc thi “Không một mình”"),
        body=_(
            "Kính gửi Quý phụ huynh,\n\n"
            "%(child)s đăng ký tham gia cuộc thi sáng tạo “Không một mình – Cùng nhau an toàn trực tuyến”. "
            "Vì con chưa đủ 16 tuổi, Ban tổ chức cần Quý phụ huynh đồng ý.\n\n"
            "Xin mở đường dẫn dưới đây để đọc thông tin và chọn từng mục đồng ý:\n\n%(url)s\n\n"
            "Đường dẫn dùng được %(days)d ngày, đến hết ngày %(until)s. Trong thời gian đó Quý phụ huynh có "
            "thể mở lại để thay đổi lựa chọn hoặc rút lại sự đồng ý. Sau ngày đó, muốn rút lại sự đồng ý, "
            "xin nhờ con gửi đường dẫn mới từ trang “Sự đồng ý” trên tài khoản của con, hoặc báo giáo viên "
            "phụ trách của trường.\n\n"
            "Nếu Quý phụ huynh không biết về việc này, xin bỏ qua thư.\n\nBan tổ chức"
        )
        % {"child": child, "days": GUARDIAN_LINK_DAYS, "until": until, "url": url},
    )
    return request


def resolve_guardian_link(*, token: str) -> GuardianConsentRequest:
    """The live request a link points to, or a DomainError saying plainly why the link does not work."""
    try:
        data = signing.loads(token, salt=GUARDIAN_LINK_SALT, max_age=timedelta(days=GUARDIAN_LINK_DAYS))
    except signing.SignatureExpired:
        raise ConsentLinkGone(
            _("Đường dẫn này đã hết hạn. Xin Quý phụ huynh nhờ con hoặc thầy cô gửi lại đường dẫn mới.")
        ) from None
    except signing.BadSignature:
        raise ConsentLinkInvalid(_("Đường dẫn không hợp lệ. Xin kiểm tra lại đường dẫn trong thư.")) from None
    if not isinstance(data, dict):
        raise ConsentLinkInvalid(_("Đường dẫn không hợp lệ. Xin kiểm tra lại đường dẫn trong thư."))
    request = (
        GuardianConsentRequest.objects.select_related("entrant", "entrant__school")
        .filter(token_id=str(data.get("r", "")))
        .first()
    )
    if request is None or request.entrant_id != data.get("e"):
        raise ConsentLinkInvalid(_("Đường dẫn không hợp lệ. Xin kiểm tra lại đường dẫn trong thư."))
    if request.revoked_at is not None:
        raise ConsentLinkGone(
            _("Đường dẫn này không còn dùng được (đã rút lại sự đồng ý hoặc đã có đường dẫn mới hơn).")
        )
    if request.expires_at <= timezone.now():
        raise ConsentLinkGone(
            _("Đường dẫn này đã hết hạn. Xin Quý phụ huynh nhờ con hoặc thầy cô gửi lại đường dẫn mới.")
        )
    return request


@transaction.atomic
def record_guardian_decision(*, request: GuardianConsentRequest, purposes) -> list[Consent]:
    """The guardian's choice per purpose through their link: gives the ticked ones, withdraws the others
    (the link stays usable), then tells the registry's listeners. Sends nothing."""
    request = GuardianConsentRequest.objects.select_for_update().get(pk=request.pk)
    if request.revoked_at is not None:
        raise ConsentLinkGone(_("Đường dẫn này không còn dùng được."))
    chosen = _check_purposes(purposes)
    now = timezone.now()
    entrant = request.entrant
    _withdraw(
        subject=entrant,
        purposes=set(ConsentPurpose) - chosen,
        giver=ConsentGiver.GUARDIAN,
        actor=None,
        now=now,
    )
    given = [
        _give(
            subject=entrant,
            purpose=p,
            giver=ConsentGiver.GUARDIAN,
            method=ConsentMethod.GUARDIAN_LINK,
            actor=None,
            now=now,
            audience="guardian",
            guardian_reached_by=GuardianContact.EMAIL_LINK,
            guardian_email=request.guardian_email,
            guardian_name=request.guardian_name,
            guardian_request=request,
        )
        for p in sorted(chosen)
    ]
    request.responded_at = now
    request.save(update_fields=["responded_at"])
    registry.consent_changed(user=entrant)
    return given


@transaction.atomic
def withdraw_guardian_consent(*, request: GuardianConsentRequest) -> int:
    """The guardian withdraws everything: every guardian consent for the child ends, the link stops
    working, and the registry is told (the child's entries leave judging). Returns how many consents
    ended. Sends nothing."""
    request = GuardianConsentRequest.objects.select_for_update().get(pk=request.pk)
    if request.revoked_at is not None:
        raise ConsentLinkGone(_("Đường dẫn này không còn dùng được."))
    now = timezone.now()
    ended = _withdraw(
        subject=request.entrant,
        purposes=set(ConsentPurpose),
        giver=ConsentGiver.GUARDIAN,
        actor=None,
        now=now,
    )
    request.revoked_at = now
    request.revoked_reason = "withdrawn"
    request.save(update_fields=["revoked_at", "revoked_reason"])
    registry.consent_changed(user=request.entrant)
    return ended


def mark_guardian_link_opened(*, request: GuardianConsentRequest) -> None:
    """Stamps the first opening of a link (shown to the child and coordinator as “đã mở thư”)."""
    if request.opened_at is None:
        GuardianConsentRequest.objects.filter(pk=request.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )


@transaction.atomic
def confirm_guardian_consent(*, pupil, coordinator, how: str) -> int:
    """The school confirms (by a phone call, a paper form or in person) that the guardian's consents in
    force for `pupil` really come from the parent: stamps them, then tells the registry's listeners.
    Returns how many consents were stamped. Sends nothing."""
    if not can_confirm_guardian_consent(coordinator, pupil):
        raise NotAllowed(_("Thầy cô chỉ xác nhận được sự đồng ý của học sinh trường mình."))
    if how not in SCHOOL_CONFIRMATION_CONTACTS:
        raise DomainError(_("Hãy chọn cách nhà trường đã liên hệ với phụ huynh."))
    stamped = Consent.objects.filter(
        subject=pupil,
        giver=ConsentGiver.GUARDIAN,
        withdrawn_at__isnull=True,
        school_confirmed_at__isnull=True,
    ).update(school_confirmed_at=timezone.now(), school_confirmed_by=coordinator, school_confirmed_how=how)
    if not stamped:
        raise DomainError(_("Chưa có sự đồng ý nào của phụ huynh đang có hiệu lực để xác nhận."))
    registry.consent_changed(user=pupil)
    return stamped
