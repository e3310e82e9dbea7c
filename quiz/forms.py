"""The pupil's forms: how to play (ranked or practice), an answer (a question id and choice ids, nothing typed),
and whether the leaderboards show their name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm, CleanTextModelForm
from quiz.enums import AttemptMode
from quiz.models import QuizPlayer


class StartAttemptForm(CleanTextForm):
    mode = forms.ChoiceField(choices=AttemptMode.choices, widget=forms.HiddenInput)


class IdListField(forms.Field):
    """Several positive ids from checkboxes or radio buttons named alike."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Lựa chọn không hợp lệ.")}

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        ids = []
        for item in value:
            if not str(item).isdigit() or len(str(item)) > 18:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(int(item))
        return ids


class AnswerForm(CleanTextForm):
    question = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    choice = IdListField(required=True, error_messages={"required": _("Hãy chọn một đáp án.")})


class PlayerSettingsForm(CleanTextModelForm):
    class Meta:
        model = QuizPlayer
        fields = ["show_name"]
        help_texts = {
            "show_name": _(
                "Nếu bật, bảng xếp hạng hiện tên và chữ cái đầu của họ (ví dụ “Hạnh T.”) thay cho biệt danh. "
                "Học sinh dưới 16 tuổi cần thêm sự đồng ý công khai tên của cha mẹ."
            )
        }
