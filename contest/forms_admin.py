"""Admin forms: list-valued JSON fields shown as checkboxes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.enums import MediaKind, SchoolLevel
from contest.forms_base import CleanTextAdminModelForm, CleanTextForm


class ContestAdminForm(CleanTextAdminModelForm):
    accepted_media_kinds = forms.MultipleChoiceField(
        label=_("Loại tệp được nhận"), choices=MediaKind.choices, widget=forms.CheckboxSelectMultiple
    )


class DivisionAdminForm(CleanTextAdminModelForm):
    school_levels = forms.MultipleChoiceField(
        label=_("Cấp học"), choices=SchoolLevel.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class TypedSchoolMergeForm(CleanTextForm):
    """Merges the pupils who typed one school name into a listed school."""

    typed_name = forms.CharField(widget=forms.HiddenInput, max_length=200)
    school = forms.ModelChoiceField(label=_("Gộp vào trường"), queryset=None)

    def __init__(self, *args, **kwargs):
        from contest.models import School

        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.order_by("name")
