"""The demo campaign: realistic contests, divisions, schools, safety tips and one account per role.

`load_demo()` is idempotent: every object is looked up by a natural key first, and dates are fixed
when an object is first created, so a second run changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from challenges.models import Challenge
from cms.models import ArticleIndexPage, ArticlePage, ContestIndexPage, ContestPage, HomePage, SafetySettings
from contest.enums import ContestKind, MediaKind, PrizeTier, Role, SchoolClaim, SchoolLevel
from contest.models import Campaign, Contest, Division, Prize, School, User
from contest.services import (
    create_parent_account,
    create_staff_user,
    decide_school_claim,
    ensure_organiser_group,
    register_entrant,
)
from frames.demo import load_demo_frames
from quiz.demo import load_demo_quiz

DEMO_PASSWORD = "KhongMotMinh@2026"  # noqa: S105 - a published demo password, shown by `make run`

CAMPAIGN_NAME = "Không một mình – Cùng nhau an toàn trực tuyến"
MESSAGE = (
    "Trên mạng, kẻ xấu có thể giả làm bạn bè, người yêu, người tuyển dụng để dụ dỗ, thao túng, lừa đảo hay "
    "“bắt cóc trực tuyến”. Em không một mình: hãy cùng bạn bè, thầy cô và gia đình nhận diện nguy cơ và "
    "nói ra khi có điều bất thường. Hãy kể câu chuyện ấy bằng bài viết, tranh vẽ, truyện tranh, bài hát, "
    "video hay áp phích của em."
)

SCHOOLS = [
    ("THCS Nguyễn Du", SchoolLevel.THCS, "Phường Bến Thành", "THCS-001"),
    ("THCS Trần Văn Ơn", SchoolLevel.THCS, "Phường Sài Gòn", "THCS-002"),
    ("THCS Lê Quý Đôn", SchoolLevel.THCS, "Phường Xuân Hòa", "THCS-003"),
    ("THCS Minh Đức", SchoolLevel.THCS, "Phường Tân Định", "THCS-004"),
    ("THCS Colette", SchoolLevel.THCS, "Phường Võ Thị Sáu", "THCS-005"),
    ("THCS Bạch Đằng", SchoolLevel.THCS, "Phường Bàn Cờ", "THCS-006"),
    ("THCS Hậu Giang", SchoolLevel.THCS, "Phường Chợ Lớn", "THCS-007"),
    ("THCS Phan Tây Hồ", SchoolLevel.THCS, "Phường Gia Định", "THCS-008"),
    ("THPT Lê Hồng Phong", SchoolLevel.THPT, "Phường Chợ Quán", "THPT-001"),
    ("THPT Nguyễn Thị Minh Khai", SchoolLevel.THPT, "Phường Xuân Hòa", "THPT-002"),
    ("THPT Trưng Vương", SchoolLevel.THPT, "Phường Sài Gòn", "THPT-003"),
    ("THPT Bùi Thị Xuân", SchoolLevel.THPT, "Phường Bến Thành", "THPT-004"),
    ("THPT Gia Định", SchoolLevel.THPT, "Phường Gia Định", "THPT-005"),
    ("THPT Marie Curie", SchoolLevel.THPT, "Phường Bàn Cờ", "THPT-006"),
    ("THPT Nguyễn Thượng Hiền", SchoolLevel.THPT, "Phường Tân Sơn Nhất", "THPT-007"),
    ("THPT Phú Nhuận", SchoolLevel.THPT, "Phường Đức Nhuận", "THPT-008"),
    ("Trường Đại học Khoa học Xã hội và Nhân văn", SchoolLevel.DH_CD, "Phường Sài Gòn", "DH-001"),
    ("Trường Đại học Sư phạm", SchoolLevel.DH_CD, "Phường Chợ Quán", "DH-002"),
    ("Trường Đại học Bách khoa", SchoolLevel.DH_CD, "Phường Diên Hồng", "DH-003"),
    ("Trường Cao đẳng Kỹ thuật Cao Thắng", SchoolLevel.DH_CD, "Phường Sài Gòn", "CD-001"),
    ("Trường Cao đẳng Văn hóa Nghệ thuật", SchoolLevel.DH_CD, "Phường Tân Định", "CD-002"),
    (
        "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên",
        SchoolLevel.OUTSIDE,
        "Phường An Khánh",
        "GDTX-001",
    ),
]

DIVISIONS = [
    ("Bảng A – THCS", 12, 15, [SchoolLevel.THCS]),
    ("Bảng B – THPT", 16, 18, [SchoolLevel.THPT]),
    ("Bảng C – ĐH, CĐ và thanh niên", 19, 24, [SchoolLevel.DH_CD, SchoolLevel.OUTSIDE]),
]

MB = 1024 * 1024


@dataclass(frozen=True)
class DemoContest:
    slug: str
    kind: str
    code: str
    title: str
    rules: str
    media: list
    min_files: int = 1
    max_files: int = 1
    max_bytes: int = 20 * MB
    min_duration: int | None = None
    max_duration: int | None = None
    min_words: int | None = None
    max_words: int | None = None
    min_pages: int | None = None
    max_pages: int | None = None
    team: int = 1


CONTESTS = [
    DemoContest(
        "bai-viet",
        ContestKind.ESSAY,
        "ESS",
        "Bài viết “Không một mình”",
        "Viết một câu chuyện, bài luận hoặc bức thư về cách nhận diện và vượt qua dụ dỗ, thao túng hay lừa "
        "đảo trên mạng. Có thể gõ trực tiếp hoặc nộp tệp PDF/DOCX. Không ghi tên, trường, lớp trong bài.",
        [MediaKind.TEXT, MediaKind.PDF, MediaKind.DOCX],
        min_files=1,
        max_files=1,
        max_bytes=10 * MB,
        min_words=600,
        max_words=2000,
        max_pages=10,
    ),
    DemoContest(
        "tranh-ve",
        ContestKind.DRAWING,
        "DRW",
        "Tranh vẽ “Cùng nhau an toàn trực tuyến”",
        "Vẽ tranh bằng mọi chất liệu về chủ đề an toàn trên mạng. Tranh giấy: chụp ảnh rõ nét, đủ sáng, "
        "cả khung tranh. Không ký tên trên mặt tranh.",
        [MediaKind.IMAGE],
        max_files=2,
        max_bytes=25 * MB,
    ),
    DemoContest(
        "truyen-tranh",
        ContestKind.COMIC,
        "CMC",
        "Truyện tranh “Đừng đi một mình trên mạng”",
        "Truyện tranh từ 4 đến 16 trang kể về một tình huống dụ dỗ hoặc lừa đảo trên mạng và cách nhân vật "
        "tìm sự giúp đỡ. Nộp từng trang theo thứ tự hoặc một tệp PDF.",
        [MediaKind.IMAGE, MediaKind.PDF],
        min_files=1,
        max_files=16,
        max_bytes=25 * MB,
        min_pages=4,
        max_pages=16,
        team=3,
    ),
    DemoContest(
        "am-nhac",
        ContestKind.MUSIC,
        "MUS",
        "Sáng tác ca khúc “Niềm tin số”",
        "Sáng tác và thể hiện một ca khúc hoặc bản rap về an toàn trên mạng, dài không quá 5 phút. "
        "Có thể nộp bản thu âm hoặc video biểu diễn.",
        [MediaKind.AUDIO, MediaKind.VIDEO],
        max_bytes=200 * MB,
        max_duration=300,
        team=5,
    ),
    DemoContest(
        "video",
        ContestKind.VIDEO,
        "VID",
        "Video ngắn “Không một mình”",
        "Video từ 1 đến 3 phút (phim ngắn, hoạt hình, phóng sự) về cách nhận diện và tránh bẫy trên mạng. "
        "Không quay cảnh nhận diện được trẻ em khác nếu chưa có sự đồng ý.",
        [MediaKind.VIDEO],
        max_bytes=500 * MB,
        min_duration=60,
        max_duration=180,
        team=5,
    ),
    DemoContest(
        "ap-phich",
        ContestKind.POSTER,
        "PST",
        "Áp phích tuyên truyền",
        "Thiết kế áp phích khổ A3 (dọc) với thông điệp ngắn, dễ nhớ về an toàn trên mạng.",
        [MediaKind.IMAGE, MediaKind.PDF],
        max_bytes=30 * MB,
        max_pages=1,
        team=2,
    ),
]

DIVISION_NAMES_EN = {
    "Bảng A – THCS": "Division A – lower secondary",
    "Bảng B – THPT": "Division B – upper secondary",
    "Bảng C – ĐH, CĐ và thanh niên": "Division C – university, college and young people",
}

CONTESTS_EN = {
    "bai-viet": (
        "Essay “Not Alone”",
        "Write a story, an essay or a letter about recognising and overcoming grooming, manipulation or scams "
        "online. Type it in directly or upload a PDF/DOCX file. Do not write your name, school or class in it.",
    ),
    "tranh-ve": (
        "Drawing “Safe Online Together”",
        "Draw a picture in any medium about staying safe online. Paper drawings: take a sharp, well-lit photo "
        "of the whole picture. Do not sign the front of the drawing.",
    ),
    "truyen-tranh": (
        "Comic “Don't go online alone”",
        "A comic of 4 to 16 pages about a grooming or scam situation online and how the character finds help. "
        "Upload the pages one by one in order, or a single PDF file.",
    ),
    "am-nhac": (
        "Song “Digital Trust”",
        "Write and perform a song or a rap about staying safe online, no longer than 5 minutes. "
        "Upload an audio recording or a video of the performance.",
    ),
    "video": (
        "Short video “Not Alone”",
        "A video of 1 to 3 minutes (short film, animation, report) about recognising and avoiding traps "
        "online. Do not film other children who can be recognised without their consent.",
    ),
    "ap-phich": (
        "Awareness poster",
        "Design an A3 (portrait) poster with a short, memorable message about staying safe online.",
    ),
}

PRIZES = [(PrizeTier.FIRST, 1), (PrizeTier.SECOND, 2), (PrizeTier.THIRD, 3), (PrizeTier.COMMENDATION, 5)]

TIPS = [
    {
        "slug": "nhan-dien-du-do-tren-mang",
        "vi": {
            "title": "Nhận diện kẻ dụ dỗ trên mạng",
            "summary": "Người lạ khen ngợi quá mức, tặng quà, đòi giữ bí mật: đó là dấu hiệu cảnh báo.",
            "tips": [
                (
                    "Khen ngợi và quà tặng bất thường",
                    "Kẻ dụ dỗ thường làm quen bằng lời khen, nạp thẻ game, tặng quà để em thấy mắc nợ.",
                ),
                (
                    "Đòi giữ bí mật",
                    "Nếu ai đó dặn “đừng kể với bố mẹ”, đó là dấu hiệu nguy hiểm. Người tốt không bắt em giấu.",
                ),
                (
                    "Chuyển sang ứng dụng riêng",
                    "Họ rủ em sang ứng dụng nhắn tin khác hoặc cuộc gọi video riêng. Hãy từ chối.",
                ),
            ],
        },
        "en": {
            "title": "Recognising online grooming",
            "summary": "A stranger who flatters you, sends gifts and asks for secrecy is showing warning signs.",
            "tips": [
                (
                    "Unusual praise and gifts",
                    "Groomers often start with compliments, game credit or gifts so that you feel you owe them.",
                ),
                (
                    "Asking for secrecy",
                    "If someone says “don't tell your parents”, that is a danger sign. Good people don't ask that.",
                ),
                (
                    "Moving to a private app",
                    "They ask you to move to another messaging app or a private video call. Say no.",
                ),
            ],
        },
    },
    {
        "slug": "khong-gui-anh-rieng-tu",
        "vi": {
            "title": "Không bao giờ gửi ảnh riêng tư",
            "summary": "Ảnh đã gửi đi thì không lấy lại được, và có thể bị dùng để đe doạ, tống tiền.",
            "tips": [
                (
                    "Một khi đã gửi, em mất quyền kiểm soát",
                    "Ảnh có thể bị chụp màn hình, lưu lại, phát tán, dù ứng dụng hứa “tự xoá”.",
                ),
                (
                    "Bị đe doạ? Đừng trả tiền, đừng gửi thêm",
                    "Hãy giữ lại tin nhắn làm bằng chứng, chặn người đó và báo ngay cho người lớn tin cậy.",
                ),
            ],
        },
        "en": {
            "title": "Never send private photos",
            "summary": "A photo once sent cannot be taken back, and can be used to threaten or blackmail you.",
            "tips": [
                (
                    "Once sent, you lose control",
                    "Photos can be screenshotted, saved and shared, even if the app promises they disappear.",
                ),
                (
                    "Threatened? Don't pay, don't send more",
                    "Keep the messages as evidence, block the person and tell a trusted adult straight away.",
                ),
            ],
        },
    },
    {
        "slug": "roi-khoi-cuoc-tro-chuyen",
        "vi": {
            "title": "Rời khỏi cuộc trò chuyện khiến em khó chịu",
            "summary": "Em có quyền thoát ra bất cứ lúc nào: chặn, báo cáo và kể với người lớn.",
            "tips": [
                (
                    "Em không cần lịch sự với kẻ xấu",
                    "Khi thấy sợ, khó chịu hoặc bị ép buộc, hãy thoát ra ngay, không cần giải thích.",
                ),
                (
                    "Chặn và báo cáo",
                    "Dùng nút chặn và báo cáo của ứng dụng. Chụp màn hình trước khi chặn để làm bằng chứng.",
                ),
            ],
        },
        "en": {
            "title": "Leaving a conversation that makes you uncomfortable",
            "summary": "You may leave at any time: block, report and tell an adult.",
            "tips": [
                (
                    "You don't owe a bad person politeness",
                    "When you feel scared, uneasy or pressured, leave at once; you need not explain.",
                ),
                (
                    "Block and report",
                    "Use the app's block and report buttons. Take screenshots first, as evidence.",
                ),
            ],
        },
    },
    {
        "slug": "ke-voi-nguoi-lon-tin-cay",
        "vi": {
            "title": "Kể với cha mẹ, thầy cô hoặc công an",
            "summary": "Em không một mình. Nói ra là cách nhanh nhất để được bảo vệ.",
            "tips": [
                (
                    "Chọn một người lớn tin cậy",
                    "Cha mẹ, thầy cô chủ nhiệm, tổng phụ trách Đội hay anh chị Đoàn đều có thể giúp em.",
                ),
                (
                    "Gọi 111 hoặc 113",
                    "Tổng đài quốc gia bảo vệ trẻ em 111 miễn phí, 24/7. Khi bị đe doạ, bắt cóc, gọi Công an 113.",
                ),
                (
                    "Lừa “bắt cóc trực tuyến”",
                    "Kẻ gian giả công an, gọi video đe doạ và bắt em đến nơi lạ, tự cô lập. Công an thật không làm "
                    "việc qua video. Hãy cúp máy và báo ngay cho gia đình.",
                ),
            ],
        },
        "en": {
            "title": "Tell a parent, a teacher or the police",
            "summary": "You are not alone. Speaking up is the fastest way to be protected.",
            "tips": [
                (
                    "Choose a trusted adult",
                    "A parent, your form teacher or a Youth Union leader can all help you.",
                ),
                (
                    "Call 111 or 113",
                    "The national child helpline 111 is free, 24/7. If you are threatened, call the police on 113.",
                ),
                (
                    "The “online kidnapping” scam",
                    "Scammers pose as police on video calls and order you to go somewhere and cut yourself off. Real "
                    "police never work by video call. Hang up and tell your family at once.",
                ),
            ],
        },
    },
]

DEMO_USERS = [
    # (email, full name, role, school code or None, extra)
    (
        "bantochuc@khongmotminh.example",
        "Ban tổ chức (demo)",
        Role.ORGANISER,
        None,
        {"is_safeguarding_officer": True},
    ),
    ("truongbantochuc@khongmotminh.example", "Trưởng ban tổ chức (demo)", Role.ORGANISER, None, {}),
    ("truongbangiamkhao@khongmotminh.example", "Trưởng ban giám khảo (demo)", Role.HEAD_JUDGE, None, {}),
    ("giamkhao@khongmotminh.example", "Giám khảo (demo)", Role.JUDGE, "THPT-001", {}),
    ("giaovien@khongmotminh.example", "Giáo viên phụ trách (demo)", Role.COORDINATOR, "THCS-001", {}),
]
DEMO_ENTRANT = ("thisinh@khongmotminh.example", "Nguyễn Minh An (demo)", "THCS-001")
# A parent account as the guardian's link makes one (no school, no tie to the demo pupil).
DEMO_PARENT = ("phuhuynh@khongmotminh.example", "Phụ huynh (demo)")


def demo_logins() -> list[tuple[str, str]]:
    rows = [(label, email) for email, label, _role, _school, _extra in DEMO_USERS]
    rows.append((DEMO_ENTRANT[1], DEMO_ENTRANT[0]))
    rows.append((DEMO_PARENT[1], DEMO_PARENT[0]))
    return rows


@transaction.atomic
def load_demo() -> Campaign:
    campaign = _campaign()
    schools = {code: _school(name, level, ward, code) for name, level, ward, code in SCHOOLS}
    divisions = [_division(campaign, *row) for row in DIVISIONS]
    contests = [_contest(campaign, spec, divisions) for spec in CONTESTS]
    _users(schools)
    _pages(campaign, contests)
    _publication_workflow()
    load_demo_frames()
    _challenge()
    load_demo_quiz()
    return campaign


def _challenge() -> Challenge:
    """One open clip challenge for everyone with an account (pupils, teachers, parents): open from the
    first load for 60 days; loading again keeps it as it is."""
    now = timezone.now()
    challenge, _ = Challenge.objects.get_or_create(
        slug="ke-voi-nguoi-tin-cay",
        defaults={
            "title": "Thử thách “Không giữ bí mật xấu”",
            "title_en": "The “No bad secrets” challenge",
            "prompt": (
                "Quay một clip ngắn (tối đa 60 giây): nếu một người quen trên mạng bảo em giữ bí mật "
                "với bố mẹ, em sẽ nói gì và kể với ai? Phụ huynh và thầy cô cũng có thể trả lời: "
                "mình sẽ lắng nghe con thế nào?"
            ),
            "prompt_en": (
                "Film a short clip (up to 60 seconds): if someone you know online asks you to keep a "
                "secret from your parents, what do you say and whom do you tell? Parents and teachers "
                "can answer too: how will you listen to your child?"
            ),
            "hashtag": "#khongmotminh",
            "opens_at": now,
            "closes_at": now + timedelta(days=60),
            "max_seconds": 60,
        },
    )
    return challenge


def _campaign() -> Campaign:
    today = timezone.localdate()
    campaign, _ = Campaign.objects.get_or_create(
        slug="khong-mot-minh",
        defaults={
            "name": CAMPAIGN_NAME,
            "code": "KMM",
            "message": MESSAGE,
            "hashtags": "#khongmotminh #antoantructuyen #niemtinso",
            "starts_on": today - timedelta(days=14),
            "ends_on": today + timedelta(days=120),
            "data_retention_until": today + timedelta(days=300),
        },
    )
    return campaign


def _school(name, level, ward, code) -> School:
    school, _ = School.objects.get_or_create(code=code, defaults={"name": name, "level": level, "ward": ward})
    return school


def _division(campaign, name, low, high, levels) -> Division:
    division, _ = Division.objects.get_or_create(
        campaign=campaign,
        name=name,
        defaults={"min_age": low, "max_age": high, "school_levels": list(levels)},
    )
    if not division.name_en and name in DIVISION_NAMES_EN:
        division.name_en = DIVISION_NAMES_EN[name]
        division.save(update_fields=["name_en"])
    return division


def _contest(campaign, spec: DemoContest, divisions) -> Contest:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    contest, created = Contest.objects.get_or_create(
        campaign=campaign,
        slug=spec.slug,
        defaults={
            "kind": spec.kind,
            "code": spec.code,
            "title": spec.title,
            "rules": spec.rules,
            "accepted_media_kinds": [str(kind) for kind in spec.media],
            "min_files": spec.min_files,
            "max_files": spec.max_files,
            "max_file_bytes": spec.max_bytes,
            "max_pixels": 50_000_000,
            "min_duration_seconds": spec.min_duration,
            "max_duration_seconds": spec.max_duration,
            "min_pages": spec.min_pages,
            "max_pages": spec.max_pages,
            "min_words": spec.min_words,
            "max_words": spec.max_words,
            "team_size_max": spec.team,
            "entries_per_entrant": 1,
            "opens_at": now - timedelta(days=7),
            "closes_at": (now + timedelta(days=45)).replace(hour=16, minute=59),
        },
    )
    if created:
        contest.full_clean()
        contest.divisions.set(divisions)
    if not contest.title_en and spec.slug in CONTESTS_EN:
        contest.title_en, contest.rules_en = CONTESTS_EN[spec.slug]
        contest.save(update_fields=["title_en", "rules_en"])
    for division in divisions:
        for tier, count in PRIZES:
            Prize.objects.get_or_create(
                contest=contest, division=division, tier=tier, defaults={"count": count}
            )
    return contest


def _users(schools) -> None:
    ensure_organiser_group()
    for email, name, role, school_code, extra in DEMO_USERS:
        if not User.objects.filter(email=email).exists():
            create_staff_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=name,
                role=role,
                school=schools.get(school_code),
                **extra,
            )
    email, name, school_code = DEMO_ENTRANT
    if not User.objects.filter(email=email).exists():
        today = timezone.localdate()
        pupil = register_entrant(
            email=email,
            password=DEMO_PASSWORD,
            full_name=name,
            date_of_birth=today.replace(year=today.year - 14),
            school=schools[school_code],
            class_name="8A1",
        )
        # The demo teacher has already vouched for the demo pupil, so their dashboard shows real data.
        teacher = User.objects.filter(role=Role.COORDINATOR, school=pupil.school).first()
        if teacher is not None:
            decide_school_claim(pupil=pupil, coordinator=teacher, to_state=SchoolClaim.CONFIRMED)
    email, name = DEMO_PARENT
    if not User.objects.filter(email=email).exists():
        create_parent_account(email=email, password=DEMO_PASSWORD, full_name=name)


def _publication_workflow() -> None:
    """Results pages go live only through the head of the organising board's approval (the demo has one)."""
    from results.services.publication import HEAD_OF_BOARD_GROUP, ensure_publication_workflow

    ensure_publication_workflow()
    head = User.objects.get(email="truongbantochuc@khongmotminh.example")
    head.groups.add(Group.objects.get(name=HEAD_OF_BOARD_GROUP))


def _child(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page, locale, **fields):
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def _pages(campaign, contests) -> None:
    vi, _ = Locale.objects.get_or_create(language_code="vi")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=vi).first()
    if home is None:
        home = HomePage(
            title="Không một mình – Cùng nhau an toàn trực tuyến",
            slug="trang-chu",
            locale=vi,
            campaign=campaign,
            slogan="Em không một mình. Cùng nhau, chúng ta an toàn trên mạng.",
            message=f"<p>{MESSAGE}</p>",
            hashtags="#khongmotminh #antoantructuyen #niemtinso",
            key_dates=[
                ("key_date", {"date": contests[0].opens_at.date(), "label": "Mở nhận bài dự thi"}),
                (
                    "key_date",
                    {"date": timezone.localtime(contests[0].closes_at).date(), "label": "Hạn nộp bài"},
                ),
                ("key_date", {"date": campaign.ends_on, "label": "Công bố kết quả và trao giải"}),
            ],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="KMM"
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Không một mình"
        site.save()
        if (
            old_root.depth == 2
            and not isinstance(old_root.specific, HomePage)
            and old_root.get_children_count() == 0
        ):
            old_root.delete()
    _translate(
        home,
        en,
        title="Not Alone – Safe Online Together",
        slogan="You are not alone. Together we stay safe online.",
        message=(
            "<p>Online, bad actors may pose as friends, sweethearts or recruiters to groom, manipulate, scam or "
            "“kidnap online”. You are not alone: recognise the risks with friends, teachers and family, and speak "
            "up when something feels wrong. Tell that story in an essay, drawing, comic, song, video or poster.</p>"
        ),
        key_dates=[
            ("key_date", {"date": contests[0].opens_at.date(), "label": "Entries open"}),
            ("key_date", {"date": timezone.localtime(contests[0].closes_at).date(), "label": "Deadline"}),
            ("key_date", {"date": campaign.ends_on, "label": "Results and awards"}),
        ],
    )
    contest_index = _child(
        home,
        ContestIndexPage,
        "cuoc-thi",
        title="Các cuộc thi",
        intro="<p>Chọn thể loại em yêu thích. Mỗi cuộc thi có bảng THCS, THPT và ĐH–CĐ.</p>",
    )
    _translate(contest_index, en, title="Contests", intro="<p>Choose the category you like best.</p>")
    for contest in contests:
        page = _child(contest_index, ContestPage, contest.slug, title=contest.title, contest=contest)
        _translate(page, en, title=contest.title_en or contest.title)
    tips_index = _child(
        home,
        ArticleIndexPage,
        "cam-nang",
        title="Cẩm nang an toàn trên mạng",
        intro="<p>Những lời khuyên ngắn giúp em an toàn khi lên mạng.</p>",
    )
    _translate(
        tips_index, en, title="Online safety handbook", intro="<p>Short tips to keep you safe online.</p>"
    )
    for tip in TIPS:
        vi_text, en_text = tip["vi"], tip["en"]
        article = _child(
            tips_index,
            ArticlePage,
            tip["slug"],
            title=vi_text["title"],
            summary=vi_text["summary"],
            body=_tip_body(vi_text["tips"]),
        )
        _translate(
            article, en, title=en_text["title"], summary=en_text["summary"], body=_tip_body(en_text["tips"])
        )
    settings_row = SafetySettings.for_site(Site.objects.get(is_default_site=True))
    if not settings_row.contact_email:
        settings_row.contact_email = "lienhe@khongmotminh.example"
        settings_row.save()


def _tip_body(tips):
    return [("tip", {"heading": heading, "text": text}) for heading, text in tips]
