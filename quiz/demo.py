"""Demo questions for `manage.py seed_demo` (cms/demo.py): twenty questions on the campaign's themes (grooming,
manipulation, scams, "online kidnapping") with explanations, and one open quiz. Idempotent: questions are
found by their key, so loading again updates them instead of adding copies."""

from datetime import timedelta

from django.utils import timezone

from quiz.enums import Difficulty, QuestionKind
from quiz.models import QuestionTag, Quiz
from quiz.services.bank import QuestionData, apply_import

SCAM, GROOMING, KIDNAP, MANIPULATION = "lừa đảo", "dụ dỗ", "bắt cóc online", "thao túng"
S, M, TF = QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE
E, V, K = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD


def _tf(right: bool) -> list[tuple[str, bool]]:
    return [("Đúng", right), ("Sai", not right)]


# (key, kind, text, choices, explanation, tags, difficulty)
QUESTIONS = [
    (
        "demo-01",
        S,
        "Một người lạ trên mạng khen em xinh, hay tặng quà trong game rồi xin ảnh riêng tư. Em nên làm gì?",
        [
            ("Gửi ảnh vì người đó tốt với mình", False),
            ("Không gửi, chặn và kể với người lớn tin cậy", True),
            ("Gửi ảnh che mặt cho an toàn", False),
            ("Hẹn gặp để hỏi cho rõ", False),
        ],
        "Khen ngợi, tặng quà rồi xin ảnh riêng tư là cách kẻ xấu “làm quen để dụ dỗ”. Đừng gửi, hãy chặn và kể "
        "với bố mẹ hoặc thầy cô. Gọi 111 nếu em thấy sợ.",
        [GROOMING],
        E,
    ),
    (
        "demo-02",
        TF,
        "Nếu một người trên mạng bảo em giữ bí mật với bố mẹ, đó là dấu hiệu nguy hiểm.",
        _tf(True),
        "Người tốt không bắt trẻ giữ bí mật với bố mẹ. Yêu cầu giữ bí mật là dấu hiệu cảnh báo của dụ dỗ trực tuyến.",
        [GROOMING],
        E,
    ),
    (
        "demo-03",
        S,
        "“Bắt cóc online” là gì?",
        [
            ("Bị bắt đi bằng xe khi đang chơi game", False),
            (
                "Bị kẻ gian thao túng qua mạng để tự cô lập, rời nhà hoặc chuyển tiền, rồi kẻ gian đòi tiền chuộc gia đình",
                True,
            ),
            ("Bị khoá tài khoản mạng xã hội", False),
        ],
        "Kẻ gian gọi video giả danh công an, doạ nạn nhân liên quan vụ án, bắt thuê phòng ở một mình và cắt liên lạc "
        "với gia đình, rồi gọi cho bố mẹ đòi tiền chuộc.",
        [KIDNAP],
        V,
    ),
    (
        "demo-04",
        TF,
        "Công an có thể làm việc, lấy lời khai với em qua cuộc gọi video trên Zalo hoặc Messenger.",
        _tf(False),
        "Công an không làm việc qua cuộc gọi video, không yêu cầu chuyển tiền hay giữ bí mật với gia đình. "
        "Hãy cúp máy và báo bố mẹ ngay.",
        [KIDNAP, SCAM],
        E,
    ),
    (
        "demo-05",
        M,
        "Những dấu hiệu nào cho thấy một cuộc gọi có thể là “bắt cóc online”?",
        [
            ("Người gọi xưng là công an và nói em liên quan đến vụ án", True),
            ("Yêu cầu em không được kể với ai, kể cả bố mẹ", True),
            ("Bảo em thuê phòng khách sạn ở một mình để “phục vụ điều tra”", True),
            ("Cô giáo chủ nhiệm gọi nhắc lịch họp phụ huynh", False),
        ],
        "Giả danh cơ quan chức năng, đòi giữ bí mật và bắt em ở một mình là ba dấu hiệu điển hình.",
        [KIDNAP],
        V,
    ),
    (
        "demo-06",
        S,
        "Em nhận tin nhắn “Bạn trúng thưởng iPhone, bấm vào link và nhập mã OTP để nhận quà”. Em làm gì?",
        [
            ("Bấm link và nhập OTP ngay kẻo hết hạn", False),
            ("Không bấm link, không đưa OTP, báo người lớn", True),
            ("Gửi link cho bạn bè cùng nhận", False),
        ],
        "Mã OTP là chìa khoá tài khoản của em. Không ai tặng quà mà cần OTP: đó là lừa đảo.",
        [SCAM],
        E,
    ),
    (
        "demo-07",
        TF,
        "Chia sẻ mã OTP cho người xưng là nhân viên ngân hàng là an toàn.",
        _tf(False),
        "Ngân hàng không bao giờ hỏi mã OTP. Ai hỏi OTP là kẻ lừa đảo.",
        [SCAM],
        E,
    ),
    (
        "demo-08",
        S,
        "Một tài khoản lạ nhắn: “Chị có việc nhẹ lương cao, chỉ cần chuyển trước 500.000 đ để nhận nhiệm vụ”. Đây là?",
        [
            ("Cơ hội kiếm tiền tốt", False),
            ("Lừa đảo “việc nhẹ lương cao”", True),
            ("Khuyến mãi của cửa hàng", False),
        ],
        "Công việc thật không bắt em nộp tiền trước. Kẻ gian cho thắng nhỏ lúc đầu rồi chiếm khoản lớn.",
        [SCAM],
        E,
    ),
    (
        "demo-09",
        M,
        "Khi bị ai đó đe doạ tung ảnh riêng tư của em, em nên làm gì?",
        [
            ("Giữ lại bằng chứng (chụp màn hình)", True),
            ("Kể ngay với người lớn tin cậy hoặc gọi 111", True),
            ("Chuyển tiền để họ xoá ảnh", False),
            ("Gửi thêm ảnh để họ không đăng", False),
        ],
        "Chuyển tiền hay gửi thêm ảnh không làm kẻ xấu dừng lại. Hãy lưu bằng chứng, báo người lớn và cơ quan chức năng. "
        "Em không có lỗi.",
        [MANIPULATION, GROOMING],
        V,
    ),
    (
        "demo-10",
        TF,
        "Nếu em lỡ gửi ảnh cho người xấu, đó hoàn toàn là lỗi của em nên không nên kể với ai.",
        _tf(False),
        "Lỗi là của kẻ xấu. Kể với người lớn sớm giúp em được bảo vệ tốt hơn.",
        [MANIPULATION],
        E,
    ),
    (
        "demo-11",
        S,
        "Kẻ thao túng trên mạng thường làm gì để tách em khỏi gia đình?",
        [
            ("Khuyên em nói chuyện nhiều hơn với bố mẹ", False),
            ("Nói rằng chỉ có họ hiểu em, còn bố mẹ không thương em", True),
            ("Rủ em học nhóm với bạn cùng lớp", False),
        ],
        "Cô lập nạn nhân khỏi người thân là bước quen thuộc của thao túng: khi em chỉ còn tin họ, họ dễ điều khiển em.",
        [MANIPULATION],
        V,
    ),
    (
        "demo-12",
        S,
        "Cách tạo mật khẩu an toàn nhất là?",
        [
            ("Ngày sinh của em", False),
            ("Một câu dài dễ nhớ với người khác khó đoán, mỗi tài khoản một mật khẩu", True),
            ("123456 cho dễ nhớ", False),
        ],
        "Mật khẩu dài, khác nhau cho mỗi tài khoản, và bật xác thực hai bước để an toàn hơn.",
        [SCAM],
        E,
    ),
    (
        "demo-13",
        M,
        "Thông tin nào KHÔNG nên đăng công khai trên mạng?",
        [
            ("Địa chỉ nhà", True),
            ("Trường và lớp đang học kèm giờ tan học", True),
            ("Số điện thoại", True),
            ("Bức tranh em vẽ về an toàn giao thông", False),
        ],
        "Địa chỉ, trường lớp, giờ giấc và số điện thoại giúp người lạ tìm ra em ngoài đời.",
        [GROOMING],
        V,
    ),
    (
        "demo-14",
        TF,
        "Người bạn quen qua game rủ em gặp riêng, em nên đi một mình để giữ bí mật.",
        _tf(False),
        "Không gặp người chỉ quen qua mạng một mình. Nếu cần gặp, hãy có bố mẹ đi cùng và gặp nơi đông người.",
        [GROOMING, KIDNAP],
        E,
    ),
    (
        "demo-15",
        S,
        "Kẻ gian giả giọng, giả hình người thân bằng công nghệ (deepfake) gọi vay tiền gấp. Em nên?",
        [
            ("Chuyển ngay vì là người thân", False),
            ("Gọi lại vào số quen thuộc của người thân để kiểm tra trước", True),
            ("Cho họ mật khẩu ngân hàng", False),
        ],
        "Video và giọng nói có thể bị làm giả. Luôn kiểm tra bằng một kênh khác mà em đã biết.",
        [SCAM, MANIPULATION],
        K,
    ),
    (
        "demo-16",
        S,
        "Số điện thoại của Tổng đài quốc gia bảo vệ trẻ em là?",
        [("111", True), ("113", False), ("115", False), ("1900 1234", False)],
        "111 miễn phí, hoạt động 24/7. 113 là Công an, 115 là cấp cứu.",
        [GROOMING, KIDNAP],
        E,
    ),
    (
        "demo-17",
        M,
        "Em thấy bạn cùng lớp bị nhắn tin đe doạ trên mạng. Em có thể làm gì?",
        [
            ("Hỏi han, ở bên bạn", True),
            ("Khuyên bạn kể với thầy cô hoặc bố mẹ", True),
            ("Chia sẻ tin nhắn đó lên nhóm lớp cho vui", False),
        ],
        "Không một mình: ở bên bạn và cùng tìm người lớn giúp đỡ. Không lan truyền nội dung làm tổn thương bạn.",
        [MANIPULATION],
        V,
    ),
    (
        "demo-18",
        TF,
        "Tài khoản có dấu tích xanh thì chắc chắn không lừa đảo.",
        _tf(False),
        "Kẻ gian có thể mua hoặc chiếm tài khoản có dấu tích. Hãy cảnh giác với mọi yêu cầu chuyển tiền hoặc thông tin cá nhân.",
        [SCAM],
        V,
    ),
    (
        "demo-19",
        S,
        "Một người xưng là “quản lý người mẫu nhí” xin em gửi ảnh mặc đồ bơi để “casting”. Đây là?",
        [
            ("Cơ hội nổi tiếng", False),
            ("Dấu hiệu dụ dỗ, cần báo bố mẹ", True),
            ("Thủ tục bình thường", False),
        ],
        "Casting thật làm việc với bố mẹ, không xin ảnh nhạy cảm của trẻ qua tin nhắn.",
        [GROOMING, SCAM],
        V,
    ),
    (
        "demo-20",
        M,
        "Khi bị một người lạ doạ “nếu không làm theo sẽ hại gia đình em”, em nên?",
        [
            ("Ngắt liên lạc", True),
            ("Kể ngay với bố mẹ, thầy cô", True),
            ("Gọi 113 hoặc 111", True),
            ("Làm theo và giấu mọi người", False),
        ],
        "Lời doạ là để em sợ và giấu. Kể ra là cách an toàn nhất: người lớn và công an sẽ bảo vệ em và gia đình.",
        [KIDNAP, MANIPULATION],
        K,
    ),
]


def load_demo_quiz() -> Quiz:
    apply_import(
        questions=[
            QuestionData(
                key=key,
                kind=kind,
                text=text,
                choices=choices,
                explanation=explanation,
                tags=sorted(tags),
                difficulty=difficulty,
                is_active=True,
            )
            for key, kind, text, choices, explanation, tags, difficulty in QUESTIONS
        ]
    )
    quiz, created = Quiz.objects.get_or_create(
        slug="an-toan-tren-mang",
        defaults={
            "title": "Đố vui: Không một mình trên mạng",
            "description": "10 câu hỏi nhanh về dụ dỗ, thao túng, lừa đảo và “bắt cóc online”.",
            "question_count": 10,
            "seconds_per_question": 20,
            "opens_at": timezone.now() - timedelta(hours=1),
            "closes_at": timezone.now() + timedelta(days=60),
        },
    )
    if created:
        quiz.tags.set(QuestionTag.objects.filter(name__in=[SCAM, GROOMING, KIDNAP, MANIPULATION]))
    return quiz
