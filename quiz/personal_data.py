"""What the quiz stores about people, declared to the privacy registry: each account's attempts (with their
answers) and their leaderboard name choice. The question bank and quizzes are organisers' content."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import declare_exempt, register
from privacy.services.data_rights import iso
from quiz.models import Attempt, AttemptAnswer, Choice, Question, QuestionTag, Quiz, QuizPlayer


def export_attempts(*, user) -> list[dict]:
    attempts = Attempt.objects.filter(user=user).select_related("quiz", "school").prefetch_related("answers")
    return [
        {
            "quiz": attempt.quiz.title,
            "mode": attempt.mode,
            "day": attempt.local_day.isoformat(),
            "school": attempt.school.name if attempt.school else "",
            "started_at": iso(attempt.started_at),
            "finished_at": iso(attempt.finished_at),
            "score": attempt.score,
            "correct": attempt.correct_count,
            "answers": [
                {
                    "position": answer.position,
                    "question": answer.question_id,
                    "choices": answer.selected_choice_ids,
                    "correct": answer.is_correct,
                    "timed_out": answer.timed_out,
                    "elapsed_ms": answer.elapsed_ms,
                    "points": answer.points,
                }
                for answer in attempt.answers.all()
            ],
        }
        for attempt in attempts
    ]


def erase_attempts(*, user, actor, reason) -> int:
    deleted, _by_model = Attempt.objects.filter(user=user).delete()
    return deleted


def export_player(*, user) -> dict:
    player = QuizPlayer.objects.filter(user=user).first()
    return {"show_name": bool(player and player.show_name)}


def erase_player(*, user, actor, reason) -> int:
    deleted, _by_model = QuizPlayer.objects.filter(user=user).delete()
    return deleted


register(
    Attempt,
    key="quiz_attempts",
    keep=_("Đến khi xoá tài khoản; bảng xếp hạng chỉ hiện biệt danh hoặc tên như người chơi đã chọn."),
    export=export_attempts,
    erase=erase_attempts,
    order=13,
)
register(
    QuizPlayer,
    key="quiz_player",
    keep=_("Đến khi xoá tài khoản."),
    export=export_player,
    erase=erase_player,
    order=14,
)
declare_exempt(AttemptAnswer, reason="answers of one attempt; deleted with it (CASCADE), exported with it")
declare_exempt(Question, reason=_("Câu hỏi do ban tổ chức soạn, không chứa dữ liệu cá nhân."))
declare_exempt(Choice, reason=_("Lựa chọn của câu hỏi do ban tổ chức soạn."))
declare_exempt(QuestionTag, reason=_("Chủ đề câu hỏi."))
declare_exempt(Quiz, reason=_("Bộ đố vui do ban tổ chức tạo."))
