"""The guidance shown before any human answers, used until organisers write their own in Wagtail
(snippets "Hướng dẫn khi xin giúp đỡ", one per concern or for every report, in Vietnamese and English)."""

from django.utils.translation import gettext_lazy as _

from helpline.enums import Concern

# concern ("" for every report) → (title, paragraphs)
DEFAULT_GUIDANCE: list[tuple[str, object, list]] = [
    (
        "",
        _("Em đã làm đúng khi lên tiếng"),
        [
            _("Dừng trả lời người đó. Em không phải giải thích hay xin lỗi ai cả."),
            _("Đừng xoá tin nhắn: chụp màn hình lại, đó là bằng chứng giúp em."),
            _("Chặn tài khoản đó và báo cáo với ứng dụng."),
            _("Kể với một người lớn em tin: bố mẹ, thầy cô, anh chị."),
            _(
                "Gọi 111 (Tổng đài quốc gia bảo vệ trẻ em, miễn phí, 24/7). Nếu em đang gặp nguy hiểm, gọi ngay 113."
            ),
        ],
    ),
    (
        Concern.PHOTOS,
        _("Khi có người đòi ảnh"),
        [
            _("Đừng gửi thêm ảnh nào. Nếu em đã lỡ gửi, đó không phải lỗi của em."),
            _("Nếu họ dọa tung ảnh, đừng chuyển tiền hay gửi thêm gì: hãy báo ngay cho người lớn hoặc 113."),
        ],
    ),
    (
        Concern.MEET,
        _("Khi có người rủ gặp mặt"),
        [_("Đừng đi gặp một mình. Hãy báo cho bố mẹ hoặc thầy cô trước khi quyết định bất cứ điều gì.")],
    ),
    (
        Concern.SECRET,
        _("Khi có người bảo em giữ bí mật"),
        [
            _("Người tốt không bắt em giấu bố mẹ, thầy cô. Yêu cầu giữ bí mật là dấu hiệu cảnh báo."),
            _("Đừng chuyển sang ứng dụng khác theo lời họ."),
        ],
    ),
    (
        Concern.THREAT,
        _("Khi em bị đe dọa"),
        [_("Nếu em thấy không an toàn ngay lúc này, gọi 113 hoặc đến chỗ có người lớn em tin.")],
    ),
    (
        Concern.SCAM,
        _("Khi em bị lừa"),
        [
            _("Đừng chuyển thêm tiền hay nạp thẻ. Đổi mật khẩu và báo cho bố mẹ."),
            _("Giữ lại số tài khoản, tên người nhận và tin nhắn để công an xác minh."),
        ],
    ),
]
