"""The campaign's five commitments as first written (issue 14): seeded by migration 0002 and by the demo,
then reworded or reordered by organisers in the admin ("Cam kết An toàn số")."""

COMMITMENTS = [
    (
        "Em không chia sẻ thông tin cá nhân (địa chỉ, trường, số điện thoại, ảnh riêng) với người lạ trên mạng.",
        "I do not share personal information (address, school, phone number, private photos) with strangers online.",
    ),
    (
        "Em không đi gặp một mình người chỉ quen qua mạng.",
        "I never go alone to meet someone I only know online.",
    ),
    (
        "Em báo ngay cho người lớn tin cậy khi bị đe doạ, dụ dỗ hay bị bắt giữ bí mật.",
        "I tell a trusted adult at once when someone threatens me, lures me or asks me to keep a secret.",
    ),
    (
        "Em không chuyển tiền, không gửi mã OTP hay mật khẩu cho bất kỳ ai.",
        "I never send money, OTP codes or passwords to anyone.",
    ),
    (
        "Em giúp bạn bè cùng an toàn: lắng nghe, không chia sẻ tin xấu và cùng bạn tìm người giúp.",
        "I help my friends stay safe: I listen, I do not spread harmful posts, and I help them find help.",
    ),
]


def ensure_default_commitments(commitment_model=None) -> int:
    """Creates the five commitments when there are none at all; returns how many were made."""
    if commitment_model is None:
        from pledges.models import Commitment as commitment_model
    if commitment_model.objects.exists():
        return 0
    for order, (text, text_en) in enumerate(COMMITMENTS, start=1):
        commitment_model.objects.create(text=text, text_en=text_en, sort_order=order * 10, is_core=True)
    return len(COMMITMENTS)
