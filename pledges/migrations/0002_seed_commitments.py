"""The campaign's five commitments, so the wall works from the first start; organisers reword or reorder
them in the admin ("Cam kết An toàn số")."""

from django.db import migrations

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


def seed(apps, schema_editor):
    Commitment = apps.get_model("pledges", "Commitment")
    if Commitment.objects.exists():
        return
    for order, (text, text_en) in enumerate(COMMITMENTS, start=1):
        Commitment.objects.create(text=text, text_en=text_en, sort_order=order * 10, is_core=True)


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
