"""States of entries and files, and the moves allowed between them (DESIGN.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Cần bổ sung")
    ELIGIBLE = "eligible", _("Hợp lệ")
    DISQUALIFIED = "disqualified", _("Không hợp lệ")
    IN_JUDGING = "in_judging", _("Đang chấm")
    ADVANCED = "advanced", _("Vào vòng trong")
    NOT_ADVANCED = "not_advanced", _("Không vào vòng trong")
    AWARDED = "awarded", _("Đạt giải")
    COMMENDED = "commended", _("Khuyến khích")
    NOT_AWARDED = "not_awarded", _("Không đạt giải")
    WITHDRAWN = "withdrawn", _("Đã rút")


_S = EntryState
ENTRY_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.DRAFT: frozenset({_S.SUBMITTED, _S.WITHDRAWN}),
    # A submitted entry may be re-submitted (a new version) until the deadline: SUBMITTED → SUBMITTED.
    _S.SUBMITTED: frozenset({_S.SUBMITTED, _S.ELIGIBLE, _S.RETURNED, _S.DISQUALIFIED, _S.WITHDRAWN}),
    _S.RETURNED: frozenset({_S.SUBMITTED, _S.WITHDRAWN}),
    _S.ELIGIBLE: frozenset({_S.IN_JUDGING, _S.RETURNED, _S.DISQUALIFIED, _S.WITHDRAWN}),
    _S.DISQUALIFIED: frozenset({_S.WITHDRAWN}),
    # An entry of a single-round contest is still "in judging" when its result is co-signed.
    _S.IN_JUDGING: frozenset(
        {_S.ADVANCED, _S.NOT_ADVANCED, _S.ELIGIBLE, _S.WITHDRAWN, _S.AWARDED, _S.COMMENDED, _S.NOT_AWARDED}
    ),
    _S.ADVANCED: frozenset({_S.IN_JUDGING, _S.AWARDED, _S.COMMENDED, _S.NOT_AWARDED, _S.WITHDRAWN}),
    _S.NOT_ADVANCED: frozenset({_S.WITHDRAWN}),
    # Results' moves only: a winner may still withdraw (the prize is then reallocated only by the
    # organiser's decision); reopening a co-signed result puts entries back where the co-sign found them;
    # a prize left by a withdrawn entry may go to an entry that had none.
    _S.AWARDED: frozenset({_S.WITHDRAWN, _S.IN_JUDGING, _S.ADVANCED}),
    _S.COMMENDED: frozenset({_S.WITHDRAWN, _S.IN_JUDGING, _S.ADVANCED}),
    _S.NOT_AWARDED: frozenset({_S.AWARDED, _S.COMMENDED, _S.WITHDRAWN, _S.IN_JUDGING, _S.ADVANCED}),
    _S.WITHDRAWN: frozenset(),
}

# States in which the entrant may still change the work (before the deadline).
EDITABLE_ENTRY_STATES = frozenset({_S.DRAFT, _S.SUBMITTED, _S.RETURNED})


class MembershipState(models.TextChoices):
    """A team member's place on an entry: the lead invites, only the invited pupil answers."""

    INVITED = "invited", _("Đang chờ trả lời")
    ACCEPTED = "accepted", _("Đã nhận lời")
    DECLINED = "declined", _("Đã từ chối")
    LEFT = "left", _("Đã rời nhóm")


_M = MembershipState
MEMBERSHIP_TRANSITIONS: dict[str, frozenset[str]] = {
    _M.INVITED: frozenset({_M.ACCEPTED, _M.DECLINED}),
    _M.ACCEPTED: frozenset({_M.LEFT}),
    _M.DECLINED: frozenset(),
    _M.LEFT: frozenset(),
}


class AssetState(models.TextChoices):
    UPLOADED = "uploaded", _("Đã tải lên")
    PROBING = "probing", _("Đang kiểm tra")
    PROCESSING = "processing", _("Đang xử lý")
    READY = "ready", _("Sẵn sàng")
    REJECTED = "rejected", _("Bị từ chối")
    FAILED = "failed", _("Lỗi xử lý")


_A = AssetState
ASSET_TRANSITIONS: dict[str, frozenset[str]] = {
    _A.UPLOADED: frozenset({_A.PROBING, _A.FAILED}),
    _A.PROBING: frozenset({_A.PROCESSING, _A.REJECTED, _A.FAILED, _A.UPLOADED}),
    _A.PROCESSING: frozenset({_A.READY, _A.REJECTED, _A.FAILED, _A.UPLOADED}),
    _A.READY: frozenset({_A.UPLOADED}),
    _A.REJECTED: frozenset(),
    # An organiser's retry puts a failed file back in the queue.
    _A.FAILED: frozenset({_A.UPLOADED}),
}


class UploadBackend(models.TextChoices):
    DISK = "disk", _("Ổ đĩa máy chủ")
    S3 = "s3", _("Kho lưu trữ đối tượng")


class UploadState(models.TextChoices):
    ACTIVE = "active", _("Đang tải lên")
    COMPLETED = "completed", _("Đã xong")
    ABORTED = "aborted", _("Đã huỷ")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    SUCCEEDED = "succeeded", _("Hoàn tất")
    REJECTED = "rejected", _("Tệp bị từ chối")
    FAILED = "failed", _("Lỗi xử lý")


ACTIVE_JOB_STATES = (JobState.QUEUED, JobState.RUNNING)


class FindingKind(models.TextChoices):
    NAME = "name", _("Họ tên")
    SCHOOL = "school", _("Trường")
    CLASS = "class", _("Lớp")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Số điện thoại")
    HANDLE = "handle", _("Tài khoản mạng xã hội")
    URL = "url", _("Đường dẫn")
    REPORTED = "reported", _("Giám khảo báo bài lộ danh tính")


class FindingSource(models.TextChoices):
    TITLE = "title", _("Tên tác phẩm")
    STATEMENT = "statement", _("Lời giới thiệu")
    TEXT = "text", _("Nội dung bài viết")
    FILE_TEXT = "file_text", _("Chữ trong tệp (DOCX, PDF, bài gõ)")
    IMAGE = "image", _("Chữ trong hình")
    JUDGE = "judge", _("Giám khảo báo")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Chưa xử lý")
    REDACTED = "redacted", _("Đã ẩn")
    EDITED = "edited", _("Đã sửa bản cho giám khảo")
    BLURRED = "blurred", _("Đã làm mờ")
    DISMISSED = "dismissed", _("Không phải thông tin nhận diện")
    RETURNED = "returned", _("Trả bài cho thí sinh sửa")
    SUPERSEDED = "superseded", _("Thí sinh đã sửa bài")


# Text sources live on the judge's copy under these field names.
TEXT_FINDING_SOURCES = (FindingSource.TITLE, FindingSource.STATEMENT, FindingSource.TEXT)
