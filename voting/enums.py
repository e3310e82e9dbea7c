"""States and choices of the people's choice vote: a vote's state with its allowed moves, what organisers
choose about public totals, the kinds of suspicious bursts, and the audited actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VoteState(models.TextChoices):
    COUNTED = "counted", _("Được tính")
    VOIDED = "voided", _("Đã huỷ")


# An organiser voids a suspicious vote (with a reason) and may restore it; both are audited. A voter's own
# withdrawal while the window is open deletes their counted vote instead (it was never a fraud record).
VOTE_TRANSITIONS: dict[str, frozenset[str]] = {
    VoteState.COUNTED: frozenset({VoteState.VOIDED}),
    VoteState.VOIDED: frozenset({VoteState.COUNTED}),
}


class TotalsDisplay(models.TextChoices):
    HIDDEN = "hidden", _("Không hiện số phiếu")
    AFTER_CLOSE = "after_close", _("Chỉ hiện sau khi đóng bình chọn")
    ALWAYS = "always", _("Hiện cả trong và sau thời gian bình chọn")


class BurstKind(models.TextChoices):
    ADDRESS = "address", _("Nhiều phiếu từ một địa chỉ mạng")
    DEVICE = "device", _("Nhiều phiếu từ một thiết bị")
    ACCOUNTS = "accounts", _("Tài khoản tạo cách nhau vài phút cùng bình chọn một bài")
    FRESH = "fresh", _("Bình chọn ngay sau khi tạo tài khoản")


class VotingAction(models.TextChoices):
    VOIDED = "voided", _("Huỷ phiếu")
    RESTORED = "restored", _("Khôi phục phiếu")
    TIE_DECIDED = "tie_decided", _("Quyết định đồng hạng giải bình chọn")
    PRIZE_ALLOCATED = "prize_allocated", _("Trao giải bình chọn")
