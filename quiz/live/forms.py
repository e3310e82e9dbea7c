"""The live mode's forms: the join code a pupil types, the host's choice of quiz and move, a phone's answer
(a question index and choice ids, nothing typed)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm
from quiz.forms import IdListField
from quiz.live.enums import CODE_DIGITS, LivePhase
from quiz.models import Quiz


class JoinForm(CleanTextForm):
    code = forms.CharField(
        label=_("Mã tham gia"),
        max_length=12,
        help_text=_("6 chữ số trên màn hình của thầy cô."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "autofocus": True,
                "class": "live-code-input",
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(_("Mã tham gia gồm đúng 6 chữ số."))
        return code


class StartLiveForm(CleanTextForm):
    quiz = forms.ModelChoiceField(queryset=Quiz.objects.filter(is_active=True), label=_("Bộ đố vui"))


class MoveForm(CleanTextForm):
    to = forms.ChoiceField(
        choices=[(p, p) for p in (LivePhase.QUESTION, LivePhase.REVEAL, LivePhase.FINISHED)]
    )


class LiveAnswerForm(CleanTextForm):
    position = forms.IntegerField(min_value=0, max_value=1000)
    choice = IdListField()
