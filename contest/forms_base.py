"""The base of every form of ours: text fields refuse control and bidi characters (contest.validators).
Public forms derive from CleanTextForm / CleanTextModelForm, admin forms from CleanTextAdminModelForm /
CleanTextPageForm; tests/security/test_text_input.py fails when a form of our apps does not."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from contest.validators import CleanTextValidator


def is_single_line(field: forms.Field) -> bool:
    widget = field.widget
    return isinstance(widget, forms.widgets.Input) and widget.input_type != "hidden"


def guard_text_field(field: forms.Field) -> None:
    """Adds the clean-text validator to a text field once; other fields are left alone."""
    if not isinstance(field, forms.CharField):
        return
    if any(isinstance(v, CleanTextValidator) for v in field.validators):
        return
    field.validators.append(CleanTextValidator(multiline=not is_single_line(field)))


class CleanTextMixin:
    """Guards every text field at validation time, so fields added in a subclass's __init__ (a criterion per
    score, a formset's own fields) are covered too."""

    def full_clean(self):
        for field in self.fields.values():
            guard_text_field(field)
        for formset in getattr(self, "formsets", {}).values():
            for form in formset.forms:
                for field in form.fields.values():
                    guard_text_field(field)
        super().full_clean()


class CleanTextForm(CleanTextMixin, forms.Form):
    pass


class CleanTextModelForm(CleanTextMixin, forms.ModelForm):
    pass


class CleanTextAdminModelForm(CleanTextMixin, WagtailAdminModelForm):
    pass


class CleanTextPageForm(CleanTextMixin, WagtailAdminPageForm):
    pass
