"""Recall and precision of the identity search on generated entries, and its time per entry.

Generates (seeded, so every run is the same) texts written the way pupils write — a few sentences about
online safety, full of everyday words that are also given names ("ngày mai", "mùa xuân", "hạnh phúc") —
and plants the entrant's identifiers in most of them: full or given name in context, school, class,
e-mail, phone, handle, URL, in several spellings (no accents, capitals, zero-width characters,
look-alike letters, " (at) ", dotted phones). Pictures are drawings rendered with Pillow in the bundled
font, some signed with a name or a school, read back by Tesseract.

    python bench/identity_detection.py [--texts 300] [--images 50] [--seed 9]

A planted identifier counts as found when a finding covers it (in pictures: a finding of its kind);
precision is the share of findings that cover something planted. Goals: recall ≥ 0.98, precision ≥ 0.90.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFont

from submissions.identity import Person, detect_identifiers, fold
from submissions.identity.ocr import read_picture
from submissions.media.render.fonts import _font_source

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLES = ["Văn", "Thị", "Ngọc", "Minh", "Thanh", "Gia", "Bảo", "Đức", "Quốc", "Thu", "Khánh", "Hải"]
# Given names; many are everyday words too, which is what makes context matter.
GIVEN = ["Mai", "Xuân", "Hạnh", "Lan", "Hoa", "Hùng", "Dũng", "An", "Bình", "Phúc", "Thảo", "Tâm", "Vy",
         "Khoa", "Nam", "Hương", "Linh", "Long", "Quân", "Trang", "Nhung", "Sơn", "Hà", "Yến"]  # fmt: skip
SCHOOLS = ["THCS Trần Phú", "THPT Chu Văn An", "THPT chuyên Lê Hồng Phong", "THCS Nguyễn Du",
           "THPT Nguyễn Thị Minh Khai", "THCS Lê Quý Đôn", "THPT Phan Đình Phùng", "THCS Giảng Võ"]  # fmt: skip
FILLER = [
    "Ngày mai em sẽ kể với bố mẹ về người lạ đã nhắn tin cho em.",
    "Mùa xuân năm nay cả lớp học về an toàn trên mạng.",
    "Hạnh phúc là khi ai cũng được an toàn trực tuyến.",
    "Khi có người hứa tặng quà và bảo giữ bí mật, em cần dừng lại.",
    "Không gửi ảnh riêng tư, không gặp người lạ quen trên mạng.",
    "Gọi tổng đài 111 hoặc 18001567 khi cần được giúp đỡ.",
    "Năm 2025 có hơn 12.000 cuộc gọi xin tư vấn.",
    "Hoa mai nở vàng trước sân trường, chúng em cùng nhau lan toả thông điệp.",
    "Bình an đến từ những thói quen nhỏ: mật khẩu mạnh, kiểm tra đường link.",
    "Niềm tin số được xây từ sự cẩn thận của mỗi người.",
    "Học sinh THCS và THPT đều có thể bị dụ dỗ qua trò chơi trực tuyến.",
    "Bạn Nam trong câu chuyện đã chặn kẻ lạ mặt và báo cho cô giáo.",
    "Em mong mọi người luôn bình yên, an toàn và hạnh phúc.",
    "Một tin nhắn lạ có thể là bẫy lừa đảo, hãy hỏi người lớn.",
    "Lớp học kỹ năng số giúp em biết cách bảo vệ mình.",
    "Tâm sự với người thân là cách tốt nhất khi em thấy sợ.",
    "Quần đảo Trường Sa luôn ở trong trái tim mỗi người Việt.",
    "Thảo luận nhóm giúp cả lớp hiểu thế nào là chiếm đoạt tài khoản.",
    "Ai cũng xứng đáng được yên tâm khi lên mạng.",
    "Hãy nhớ: không một mình, cùng nhau an toàn trực tuyến.",
    "Mai sau em muốn trở thành kỹ sư an ninh mạng.",
    "Xuân này em thấy vui hơn vì biết cách tự bảo vệ.",
    "Cô Hoa dạy chúng em đừng bấm vào đường link lạ.",
    "Long lanh những ngọn đèn, phố phường rộn ràng đón Tết.",
    "An toàn là trên hết.",
    "Buổi ngoại khoá bắt đầu lúc 7h30 sáng ngày 20/11/2025 cho học sinh lớp 9 và lớp 12.",
    "Trang mạng lạ thường đòi mật khẩu của em.",
]
# Closing lines that look like signatures but name no one.
CLOSINGS = ["\n\nHà Nội, tháng 11 năm 2025", "\n\nXuân 2025", "\n\nThân ái,\nMai sau gặp lại", "\n\nHết"]
CYRILLIC = str.maketrans({"a": "а", "o": "о", "e": "е", "c": "с", "p": "р", "x": "х"})


@dataclass
class Sample:
    text: str
    person: Person
    planted: list[tuple[str, int, int]] = field(default_factory=list)


def strip_accents(text: str) -> str:
    out = []
    for char in text:
        base = fold(char)
        out.append(base.upper() if char.isupper() and base else base or char)
    return "".join(out)


def spelling(rng: random.Random, text: str) -> str:
    variant = rng.randrange(6)
    if variant == 1:
        return strip_accents(text)
    if variant == 2:
        return text.upper()
    if variant == 3:
        return "\u200b".join(text.split(" ")) if " " in text else text[:1] + "\u200b" + text[1:]
    if variant == 4:
        return text.translate(CYRILLIC)
    if variant == 5:
        return strip_accents(text).lower()
    return text


def identifier(rng: random.Random, person: Person, given: str, handle: str) -> tuple[str, str, str]:
    """(kind, sentence with {} where the identifier goes, identifier)."""
    grade = rng.choice(["6", "7", "8", "9", "10", "11", "12"])
    phone_digits = "09" + "".join(rng.choice("0123456789") for _ in range(8))
    phones = [
        f"{phone_digits[:4]} {phone_digits[4:7]} {phone_digits[7:]}",
        f"{phone_digits[:4]}.{phone_digits[4:7]}.{phone_digits[7:]}",
        f"+84 {phone_digits[1:3]} {phone_digits[3:6]} {phone_digits[6:]}",
        f"{phone_digits[:4]}-{phone_digits[4:7]}-{phone_digits[7:]}",
        phone_digits,
    ]
    user = fold(person.full_name).replace(" ", "") + str(rng.randrange(2005, 2013))
    choices = [
        ("name", "Tác giả: {}.", spelling(rng, person.full_name)),
        ("name", "Bài viết của {}.", spelling(rng, person.full_name)),
        ("name", "Họ và tên: {}", spelling(rng, person.full_name)),
        ("name", "Em tên là {}, năm nay em học ở thành phố.", given),
        ("name", "Tranh của {}", given),
        ("name", "\n\n{}", person.full_name),
        ("name", "\n\n{}", given),
        ("school", "Em học tại trường {}.", spelling(rng, person.school)),
        ("school", "{} là ngôi trường của em.", person.school),
        ("class", "Em là học sinh {}.", f"lớp {grade}{rng.choice('ABCDE')}{rng.randrange(1, 10)}"),
        ("class", "Em học {} năm nay.", f"lớp {grade}/{rng.randrange(1, 12)}"),
        ("email", "E-mail: {}", f"{user}@gmail.com"),
        ("email", "Liên hệ {} nhé.", f"{user} (at) gmail.com"),
        ("email", "Thư: {}", f"{user}[at]yahoo.com.vn"),
        ("phone", "Số điện thoại: {}", rng.choice(phones)),
        ("phone", "Gọi em qua zalo {}", rng.choice(phones)),
        ("handle", "Theo dõi em trên mạng: {}", f"@{handle}"),
        ("url", "Trang của em: {}", f"facebook.com/{handle}"),
        ("url", "Kênh của em {}", f"https://www.tiktok.com/@{handle}"),
    ]
    return rng.choice(choices)


def make_person(rng: random.Random) -> tuple[Person, str, str]:
    given = rng.choice(GIVEN)
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {given}"
    handle = fold(given).lower() + "_" + str(rng.randrange(100, 999))
    return Person(full_name=name, school=rng.choice(SCHOOLS)), given, handle


def make_text(rng: random.Random, planted_share: float = 0.65) -> Sample:
    person, given, handle = make_person(rng)
    sentences = rng.sample(FILLER, rng.randrange(3, 8))
    sample = Sample(text="", person=person)
    count = rng.randrange(1, 5) if rng.random() < planted_share else 0
    pieces = [(s, None) for s in sentences]
    signature = None
    for _ in range(count):
        kind, template, value = identifier(rng, person, given, handle)
        if template.startswith("\n"):
            signature = signature or (template, (kind, value))  # one signature, on the last line
        else:
            pieces.insert(rng.randrange(len(pieces) + 1), (template, (kind, value)))
    if signature:
        pieces.append(signature)
    elif rng.random() < 0.3:
        pieces.append((rng.choice(CLOSINGS), None))
    text = ""
    for template, planted in pieces:
        if text and not template.startswith("\n"):
            text += " "
        if planted is None:
            text += template
            continue
        kind, value = planted
        before, after = template.split("{}")
        start = len(text) + len(before)
        text += before + value + after
        sample.planted.append((kind, start, start + len(value)))
    sample.text = text
    return sample


def score_texts(samples: list[Sample]) -> tuple[int, int, int, int, float]:
    planted = found = findings = true_findings = 0
    started = time.perf_counter()
    results = [detect_identifiers(s.text, people=[s.person]) for s in samples]
    elapsed = time.perf_counter() - started
    for sample, result in zip(samples, results, strict=True):
        for _kind, start, end in sample.planted:
            planted += 1
            found += any(f.start < end and start < f.end for f in result)
        for finding in result:
            findings += 1
            true_findings += any(
                finding.start < end and start < finding.end for _k, start, end in sample.planted
            )
    return planted, found, findings, true_findings, elapsed


def render_image(rng: random.Random, path: Path, font_source) -> tuple[Person, set[str]]:
    person, given, _handle = make_person(rng)
    picture = Image.new("RGB", (1400, 1000), tuple(rng.randrange(200, 256) for _ in range(3)))
    draw = ImageDraw.Draw(picture)
    for _ in range(rng.randrange(3, 8)):
        x, y = rng.randrange(0, 1100), rng.randrange(120, 520)
        colour = tuple(rng.randrange(0, 200) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(60, 300), y + rng.randrange(60, 300)), outline=colour, width=8)
    slogan = ImageFont.truetype(font_source(), 48)
    draw.text((60, 40), rng.choice(["Không một mình", "Cùng nhau an toàn trực tuyến", "Ngày mai tươi sáng"]),
              font=slogan, fill=(180, 30, 30))  # fmt: skip
    planted: set[str] = set()
    font = ImageFont.truetype(font_source(), rng.randrange(36, 56))
    roll = rng.random()
    if roll < 0.45:
        text, kind = rng.choice([person.full_name, strip_accents(person.full_name)]), "name"
    elif roll < 0.65:
        text, kind = f"Trường {person.school}", "school"
    elif roll < 0.75:
        text, kind = f"Tranh của {given}", "name"
    else:
        text, kind = "", ""
    if text:
        # Signed in the bottom right corner, as pupils sign drawings.
        width = draw.textlength(text, font=font)
        draw.text((max(20, 1380 - width), 880), text, font=font, fill=(20, 20, 20))
        planted.add(kind)
    picture.save(path)
    return person, planted


def score_images(count: int, rng: random.Random) -> tuple[int, int, int, int, float]:
    planted = found = findings = true_findings = 0
    elapsed = 0.0
    with tempfile.TemporaryDirectory(prefix="kmm-bench-identity-") as work:
        for index in range(count):
            path = Path(work) / f"drawing-{index}.png"
            person, kinds = render_image(rng, path, _font_source)
            started = time.perf_counter()
            page = read_picture(path)
            result = detect_identifiers(page.text, people=[person])
            elapsed += time.perf_counter() - started
            kinds_found = {f.kind for f in result}
            planted += len(kinds)
            found += len(kinds & kinds_found)
            findings += len(result)
            true_findings += sum(1 for f in result if f.kind in kinds)
    return planted, found, findings, true_findings, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    samples = [make_text(rng) for _ in range(args.texts)]
    t_planted, t_found, t_findings, t_true, t_time = score_texts(samples)
    i_planted, i_found, i_findings, i_true, i_time = score_images(args.images, rng)
    print(f"texts:  {args.texts} ({sum(1 for s in samples if s.planted)} with identifiers), "
          f"{t_planted} planted, recall {t_found / max(t_planted, 1):.3f}, "
          f"precision {t_true / max(t_findings, 1):.3f}, {1000 * t_time / args.texts:.2f} ms per text")  # fmt: skip
    print(f"images: {args.images} ({i_planted} signed), recall {i_found / max(i_planted, 1):.3f}, "
          f"precision {i_true / max(i_findings, 1):.3f}, {i_time / max(args.images, 1):.2f} s per image (OCR)")  # fmt: skip
    planted, found = t_planted + i_planted, t_found + i_found
    findings, true = t_findings + i_findings, t_true + i_true
    print(f"identity detection: recall {found / max(planted, 1):.3f} (goal 0.98), precision "
          f"{true / max(findings, 1):.3f} (goal 0.90), {1000 * t_time / args.texts:.2f} ms per text, "
          f"{i_time / max(args.images, 1):.2f} s per picture")  # fmt: skip


if __name__ == "__main__":
    main()
