"""The quiz's models: the question bank (bank.py), quizzes and pupils' attempts (attempts.py) and the live
sessions played in class (live.py)."""

from quiz.models.attempts import Attempt, AttemptAnswer, Quiz, QuizPlayer
from quiz.models.bank import Choice, Question, QuestionTag
from quiz.models.live import *  # noqa: F403  (live session models, filled on the quizlive branch)

__all__ = ["Attempt", "AttemptAnswer", "Choice", "Question", "QuestionTag", "Quiz", "QuizPlayer"]
