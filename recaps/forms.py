"""Validation of what organisers set for a recap and of the clips they pick."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm


class RecapClipsForm(CleanTextForm):
    """A checkbox and a place number per public clip: `use_<id>` and `place_<id>`. No typed text."""

    def __init__(self, *args, clip_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.clip_ids = list(clip_ids)
        for pk in self.clip_ids:
            self.fields[f"use_{pk}"] = forms.BooleanField(
                required=False, label=_("Dùng clip #%(n)s") % {"n": pk}
            )
            self.fields[f"place_{pk}"] = forms.IntegerField(
                required=False, min_value=1, max_value=9999, label=_("Thứ tự của clip #%(n)s") % {"n": pk}
            )

    def chosen_in_order(self) -> list[int]:
        """Chosen clips by their number; unnumbered ones after, in the order shown; ties keep that order."""
        chosen = [
            (self.cleaned_data.get(f"place_{pk}") or 10_000, index, pk)
            for index, pk in enumerate(self.clip_ids)
            if self.cleaned_data.get(f"use_{pk}")
        ]
        return [pk for _, _, pk in sorted(chosen)]
