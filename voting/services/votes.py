"""Casting and withdrawing a vote. Every rule of the vote is enforced here, under a lock on the contest's
voting settings so that two requests from one address cannot both pass a limit."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from results.selectors.gallery import public_entry
from voting import rules
from voting.enums import VoteState
from voting.errors import DuplicateVote, NotVotable, VoteLimited, VoteRefused
from voting.models import Vote, VotingSettings
from voting.traces import device_hash, ip_hash, ua_family


def _votable(entry_key: str):
    """The public work behind `entry_key`, checked with results' own consent check (404 otherwise)."""
    view = public_entry(code=entry_key)
    if view is None:
        raise NotVotable(_("Không tìm thấy tác phẩm này, hoặc tác phẩm không còn được hiển thị công khai."))
    return view.public


def _locked_settings(contest_id: int) -> VotingSettings:
    settings = VotingSettings.objects.select_for_update().filter(contest_id=contest_id).first()
    if settings is None:
        raise VoteRefused(_("Cuộc thi này không có bình chọn của khán giả."))
    return settings


def _check_window(settings: VotingSettings, now) -> None:
    if now < settings.opens_at:
        local = timezone.localtime(settings.opens_at)
        raise VoteRefused(
            _("Bình chọn chưa mở. Em quay lại từ %(time)s nhé.") % {"time": f"{local:%H:%M %d/%m/%Y}"}
        )
    if settings.is_closed(now):
        raise VoteRefused(_("Bình chọn đã kết thúc. Cảm ơn em đã quan tâm!"))


def _check_account(settings: VotingSettings, voter, now, cast: int) -> None:
    if cast >= settings.max_votes_per_account:
        raise VoteRefused(
            _("Em đã dùng hết %(n)s phiếu của cuộc thi này. Muốn chọn bài khác, em hãy rút một phiếu trước.")
            % {"n": settings.max_votes_per_account}
        )
    young = voter.date_joined > now - timedelta(hours=settings.min_account_age_hours)
    if young and cast >= settings.new_account_votes:
        raise VoteLimited(
            _(
                "Tài khoản mới tạo chưa được bình chọn (hoặc đã dùng hết số phiếu của tài khoản mới). "
                "Em quay lại sau %(hours)s giờ kể từ khi tạo tài khoản nhé."
            )
            % {"hours": settings.min_account_age_hours}
        )


def _check_traces(settings: VotingSettings, *, ip: str, device: str, now) -> None:
    votes = Vote.objects.filter(contest_id=settings.contest_id)
    hour = now - timedelta(hours=1)
    by_ip = votes.filter(ip_hash=ip)
    if (
        by_ip.count() >= settings.ip_limit
        or by_ip.filter(created_at__gte=hour).count() >= settings.ip_limit_hour
    ):
        raise VoteLimited(
            _("Có quá nhiều phiếu bình chọn từ cùng một mạng Internet. Em thử lại sau, hoặc dùng mạng khác.")
        )
    by_device = votes.filter(device_hash=device)
    if (
        by_device.count() >= settings.device_limit
        or by_device.filter(created_at__gte=hour).count() >= settings.device_limit_hour
    ):
        raise VoteLimited(_("Thiết bị này đã bình chọn quá nhiều lần. Em thử lại sau một giờ nhé."))


@transaction.atomic
def cast_vote(*, voter, entry_key: str, ip: str, device_id: str, user_agent: str = "", now=None) -> Vote:
    """One counted vote of `voter` for the public work `entry_key`. Refused (VoteRefused 403, VoteLimited
    429, NotVotable 404, DuplicateVote 409) outside the window, for an unverified account, over the
    account's maximum, for a too-new account, over the address or device limits, for a work that is not
    public, and for a second vote on the same work. Stores only hashes of the address and device."""
    now = now or timezone.now()
    if not rules.can_vote(voter):
        raise VoteRefused(
            _("Chỉ tài khoản đã xác nhận e-mail mới được bình chọn. Em hãy mở thư kích hoạt tài khoản.")
        )
    public = _votable(entry_key)
    settings = _locked_settings(public.contest_id)
    _check_window(settings, now)
    mine = Vote.objects.filter(contest_id=settings.contest_id, voter=voter)
    if mine.filter(entry_id=public.entry_id).exists():
        raise DuplicateVote(_("Em đã bình chọn cho tác phẩm này rồi."))
    _check_account(settings, voter, now, mine.count())
    hashed_ip, hashed_device = ip_hash(ip), device_hash(device_id)
    _check_traces(settings, ip=hashed_ip, device=hashed_device, now=now)
    try:
        with transaction.atomic():
            return Vote.objects.create(
                contest_id=settings.contest_id,
                entry_id=public.entry_id,
                voter=voter,
                ip_hash=hashed_ip,
                device_hash=hashed_device,
                ua_family=ua_family(user_agent),
                created_at=now,
            )
    except IntegrityError as error:  # the same vote sent twice at once: the unique constraint decides
        raise DuplicateVote(_("Em đã bình chọn cho tác phẩm này rồi.")) from error


@transaction.atomic
def withdraw_vote(*, voter, entry_key: str, now=None) -> None:
    """Deletes `voter`'s counted vote for the work while the window is open (the phiếu can then go to
    another work). A vote an organiser voided stays on record and cannot be withdrawn."""
    now = now or timezone.now()
    public = _votable(entry_key)
    settings = _locked_settings(public.contest_id)
    _check_window(settings, now)
    vote = Vote.objects.select_for_update().filter(voter=voter, entry_id=public.entry_id).first()
    if vote is None:
        raise NotVotable(_("Em chưa bình chọn cho tác phẩm này."))
    if vote.state != VoteState.COUNTED:
        raise VoteRefused(_("Phiếu này đã bị Ban tổ chức huỷ nên không thể rút."))
    vote.delete()
