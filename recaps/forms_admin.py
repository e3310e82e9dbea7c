"""The recap's settings form in the Wagtail admin (typed text: title and end card; guarded by
CleanTextAdminModelForm, checked by tests/security/test_text_input.py)."""

from contest.forms_base import CleanTextAdminModelForm
from recaps.models import Recap


class RecapAdminForm(CleanTextAdminModelForm):
    class Meta:
        model = Recap
        fields = ["challenge", "title", "end_text", "shape", "clip_choice", "newest_count", "logo", "music",
                  "crossfade"]  # fmt: skip
