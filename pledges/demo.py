"""Demo signatures for the wall (cms/demo.py): a few hundred pupils, teachers and parents across the demo
schools, with messages approved, waiting, and one held by screening. Loading again adds nothing."""

import random

from django.db import transaction
from django.utils import timezone

from contest.enums import Role, SchoolClaim
from contest.models import School, User
from pledges.defaults import ensure_default_commitments
from pledges.enums import MessageState
from pledges.models import Commitment, Pledge
from pledges.services import approve_message, sign_pledge

DEMO_DOMAIN = "demo-cam-ket.khongmotminh.example"
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Hà",
    "Hạnh",
    "Khoa",
    "Lan",
    "Linh",
    "Minh",
    "Nam",
    "Ngọc",
    "Phúc",
    "Quân",
    "Thảo",
    "Trang",
    "Tú",
    "Vy",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi"]
MESSAGES = [
    "Em hứa sẽ kể với bố mẹ khi có người lạ nhắn tin làm em sợ.",
    "Không chuyển tiền, không gửi mã OTP cho ai, kể cả người tự xưng là công an!",
    "Mình sẽ nhắc các bạn trong lớp bật bảo mật hai lớp cho tài khoản.",
    "Ai bảo giữ bí mật với bố mẹ là dấu hiệu nguy hiểm. Nhớ nhé các bạn!",
    "Cô sẽ luôn lắng nghe các em, đừng ngại kể với cô.",
    "Bố mẹ cũng hứa sẽ không mắng khi con kể chuyện trên mạng.",
    "Em không đi gặp một mình người chỉ quen qua game.",
    "Cùng nhau an toàn trực tuyến, không ai phải một mình.",
]
HELD = "Ai cần giúp thì nhắn em qua số 09 12 345 678 nhé"


@transaction.atomic
def load_demo_pledges(*, count: int = 240, organiser=None) -> int:
    """Makes up to `count` demo signatures; returns how many were made this time."""
    ensure_default_commitments()
    if User.objects.filter(email__endswith="@" + DEMO_DOMAIN).exists():
        return 0
    schools = list(School.objects.order_by("code"))
    commitment_ids = list(Commitment.objects.filter(is_active=True).values_list("pk", flat=True))
    if not schools or not commitment_ids:
        return 0
    rng = random.Random(14)
    today = timezone.localdate()
    made = 0
    for n in range(count):
        role = Role.ENTRANT if n % 10 < 8 else (Role.COORDINATOR if n % 10 == 8 else Role.PARENT)
        school = schools[rng.randrange(len(schools))] if role != Role.PARENT else None
        user = User.objects.create_user(
            email=f"ky-ten-{n:04d}@{DEMO_DOMAIN}",
            password=None,
            full_name=f"{rng.choice(FAMILY)} {rng.choice(['Thị', 'Văn', 'Minh', 'Ngọc'])} {rng.choice(GIVEN)}",
            role=role,
            school=school,
            school_status=SchoolClaim.CONFIRMED,
            date_of_birth=today.replace(year=today.year - rng.randint(12, 17), day=1)
            if role == Role.ENTRANT
            else None,
            is_active=True,
        )
        message = ""
        if n % 3 == 0:
            message = MESSAGES[(n // 3) % len(MESSAGES)]
        if n == 7:
            message = HELD
        pledge, _created = sign_pledge(
            signer=user,
            commitment_ids=commitment_ids,
            message=message,
            show_name=role != Role.ENTRANT or n % 4 == 0,
        )
        if (
            organiser is not None
            and pledge.message_state == MessageState.PENDING
            and not pledge.flagged
            and n % 2 == 0
        ):
            approve_message(pledge=pledge, actor=organiser)
        made += 1
    return made


def demo_pledge_count() -> int:
    return Pledge.objects.filter(signer__email__endswith="@" + DEMO_DOMAIN).count()
