"""What pupils really type: profanity in leetspeak, without accents, spread out or stretched; phone numbers
spaced, dotted or spelled with words; links, e-mails, handles, names and addresses — and the everyday
sentences that must not be flagged once their accents are gone."""

import pytest

from pledges.screening import (
    E_MAIL,
    LINK,
    PERSONAL,
    PHONE_NUMBER,
    PROFANITY,
    SOCIAL_HANDLE,
    normalise,
    screen,
)
from submissions.identity import Person

LAN = [Person(full_name="Nguyễn Thị Lan", school="THCS Nguyễn Du", email="lan.nguyen@example.vn")]


def kinds(text: str) -> set[str]:
    return {flag.kind for flag in screen(text, people=LAN, schools=["THCS Nguyễn Du"])}


@pytest.mark.parametrize(
    "text",
    [
        "đ.m",
        "Đ.M cái trò này",
        "d1t",
        "vl thật",
        "VCLLLL",
        "clgt",
        "đmmmm",
        "đ m",
        "d-m-m",
        "Bạn thật là ngu",
        "nguuuu",
        "n.g.u",
        "l0n",
        "lồn",
        "l ồ n",
        "đéo cần",
        "đ3o",
        "cặc",
        "c@c",
        "buồi",
        "đĩ",
        "óc chó",
        "chó chết",
        "mẹ mày",
        "dit me",
        "ditmeee",
        "địt",
        "đ\u200bm",  # a zero-width space between the letters
        "ĐỊT",
    ],
)
def test_profanity_is_flagged(text):
    assert PROFANITY in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Em hứa sẽ kể với người lớn khi bị đe doạ.",
        "em se ke voi nguoi lon khi bi de doa",
        "Cục tẩy của em bị mất.",
        "Em đi học đúng giờ.",
        "Con cá vàng nhà em.",
        "Lồng đèn Trung thu thật đẹp.",
        "Đi ngủ sớm để mai đi học.",
        "Nhớ đeo khẩu trang khi ra đường.",
        "Đội ngũ Ban tổ chức rất nhiệt tình.",
        "Sữa óc chó rất bổ.",
        "Mẹ may cho em chiếc áo mới.",
        "Cùng nhau an toàn trực tuyến, không ai phải một mình.",
        "Em không chuyển tiền hay mã OTP cho ai.",
        "Các bạn ơi, hãy cẩn thận với người lạ.",
        "Admin ơi, cảm ơn nhé",
        "Chúng ta lớn lên cùng nhau.",
        "Con dế mèn",
        "Em học môn Toán, Văn và Tiếng Anh.",
    ],
)
def test_everyday_sentences_are_not_flagged(text):
    assert kinds(text) == set(), (text, screen(text, people=LAN))


@pytest.mark.parametrize(
    "text",
    [
        "Gọi em 09 12 345 678 nha",
        "0912.345.678",
        "0912-345-678",
        "+84 912 345 678",
        "không chín một hai ba bốn năm sáu bảy tám",
        "khong chin 1 hai 3 4 nam 6 bay 8",
        "sdt: 0 9 1 2 3 4 5 6 7 8",
    ],
)
def test_phone_numbers_are_flagged(text):
    assert PHONE_NUMBER in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "vào zalo.me/0912345678 nhé",
        "link bit ly slash abc",
        "bit.ly/abc123",
        "web abc chấm com",
        "trang abc dot com",
        "xem https://lua-dao.example.com",
        "www nhé",
        "t.me/nhomkin",
    ],
)
def test_links_are_flagged(text):
    assert LINK in kinds(text), text


def test_emails_handles_and_personal_data():
    assert E_MAIL in kinds("email em: lan.nguyen@gmail.com")
    assert E_MAIL in kinds("lan (at) gmail chấm com")
    assert SOCIAL_HANDLE in kinds("fb: lan.ng2012")
    assert SOCIAL_HANDLE in kinds("theo dõi @lan_2012 nha")
    assert PERSONAL in kinds("Em là Nguyễn Thị Lan")
    assert PERSONAL in kinds("Em học lớp 8A1")
    assert PERSONAL in kinds("Trường THCS Nguyễn Du cố lên")
    assert PERSONAL in kinds("nhà em ở số 12 đường Lê Lợi")


def test_a_year_or_a_count_is_not_a_phone_number():
    assert kinds("Năm 2026 có 150 bạn ký tên.") == set()
    assert kinds("ba bốn năm rồi em mới biết") == set()


def test_flags_keep_what_was_written_and_come_in_a_fixed_order():
    flags = screen("đ.m gọi 0912345678", people=LAN)
    assert [f.kind for f in flags] == [PROFANITY, PHONE_NUMBER]
    assert flags[1].text == "0912345678"


def test_normalise_undoes_disguises():
    assert normalise("Đ.M  v4iii") == "dm vaiii"
    assert normalise("l\u200b0n") == "lon"
    assert normalise("") == ""


def test_empty_text_has_no_flags():
    assert screen("") == []
    assert screen("   ") == []
