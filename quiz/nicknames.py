"""A generated nickname per account ("Cáo Xanh 27"): deterministic (the same account always gets the same one)
and derived from the account's id with a server secret, never from the name, so it reveals nothing."""

import hashlib
import hmac

from django.conf import settings

ANIMALS = (
    "Cáo",
    "Gấu",
    "Hổ",
    "Báo",
    "Sói",
    "Thỏ",
    "Mèo",
    "Cú",
    "Đại Bàng",
    "Cá Heo",
    "Rùa",
    "Voi",
    "Sóc",
    "Hươu",
    "Chim Sẻ",
    "Nai",
    "Hải Cẩu",
    "Chim Cánh Cụt",
    "Gấu Trúc",
    "Ngựa",
    "Rồng",
    "Kỳ Lân",
)
COLOURS = (
    "Xanh",
    "Đỏ",
    "Vàng",
    "Tím",
    "Cam",
    "Hồng",
    "Bạc",
    "Nâu",
    "Trắng",
    "Lục",
    "Lam",
    "Ngọc",
    "Nhanh Nhẹn",
    "Dũng Cảm",
    "Thông Thái",
    "Tinh Anh",
    "Vui Vẻ",
    "Kiên Trì",
)


def nickname(user_id: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"quiz-nickname:{user_id}".encode(), hashlib.sha256
    ).digest()
    value = int.from_bytes(digest[:8], "big")
    animal = ANIMALS[value % len(ANIMALS)]
    value //= len(ANIMALS)
    colour = COLOURS[value % len(COLOURS)]
    value //= len(COLOURS)
    return f"{animal} {colour} {value % 90 + 10}"
