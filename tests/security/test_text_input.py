"""Finding 1: control characters, CR/LF and bidi overrides in text fields. Every form of our apps must
guard its text fields (contest.forms_base.CleanTextMixin); the walk below finds them all."""

import pytest
from django import forms

from contest.forms_base import CleanTextMixin
from contest.validators import CleanTextValidator
from tests.security.walk import our_admin_form_classes, our_classes

FORM_CLASSES = our_classes(forms.BaseForm)
ADMIN_FORM_CLASSES = our_admin_form_classes()


def test_walk_finds_the_forms_we_know():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {
        "RegistrationForm",
        "EntryForm",
        "TeamMemberForm",
        "GuardianInviteForm",
        "ScoreSheetForm",
    } <= names
    assert {"snippet Contest", "snippet ScoreSheet", "page ArticlePage", "setting SafetySettings"} <= set(
        ADMIN_FORM_CLASSES
    )


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_form_of_our_apps_guards_text(form_class):
    assert issubclass(form_class, CleanTextMixin), (
        f"{form_class.__qualname__} must derive from contest.forms_base.CleanTextForm (or CleanTextMixin)"
    )


@pytest.mark.parametrize("name", sorted(ADMIN_FORM_CLASSES))
def test_admin_form_of_our_models_guards_text(name):
    assert issubclass(ADMIN_FORM_CLASSES[name], CleanTextMixin), f"the admin form of {name} is not guarded"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ADMIN_FORM_CLASSES))
def test_admin_form_text_fields_get_the_validator(name):
    form_class = ADMIN_FORM_CLASSES[name]
    form = form_class(for_user=None)
    form.full_clean()  # unbound: validates nothing, but guards the fields as a bound form would
    text_fields = [f for f in form.fields.values() if isinstance(f, forms.CharField)]
    assert all(any(isinstance(v, CleanTextValidator) for v in f.validators) for f in text_fields)


@pytest.mark.parametrize(
    "value",
    [
        "Em Be\r\nBcc: x@y",
        "Nguyễn\nThị An",
        "Trần\x00Bình",
        "Lê\u202eáo\u202c",
        "Phạm\u2066Hoa\u2069",
        "Hồ\x1bCường",
        "Đỗ\x85Minh",
        "Võ\tLan",
    ],
)
def test_single_line_field_refuses_hidden_characters(value):
    class NameForm(CleanTextMixin, forms.Form):
        name = forms.CharField()

    form = NameForm(data={"name": value})
    assert not form.is_valid()
    assert form.errors["name"]


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("Đoạn một.\r\nĐoạn hai.\n\tThụt đầu dòng.", True),
        ("Mình tên là Hà, 14 tuổi – “không một mình”!", True),
        ("Đoạn một.\x00", False),
        ("Chữ \u202eđảo ngược", False),
        ("Chữ \u2067cô lập", False),
        ("Chuông\x07", False),
    ],
)
def test_multiline_field_keeps_line_breaks_refuses_the_rest(value, valid):
    class EssayForm(CleanTextMixin, forms.Form):
        text = forms.CharField(widget=forms.Textarea)

    assert EssayForm(data={"text": value}).is_valid() is valid


def test_fields_added_after_init_are_guarded_too():
    from judging.forms import ScoreSheetForm

    class Criterion:
        pk = 7
        name = "Ý tưởng"

    form = ScoreSheetForm(
        data={"c_7": "8\r\nX-Hdr: 1", "comment_entrant": "Tốt\u202e", "version": "0"}, criteria=[Criterion()]
    )
    assert not form.is_valid()
    assert set(form.errors) == {"c_7", "comment_entrant"}
