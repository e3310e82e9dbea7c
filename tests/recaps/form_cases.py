"""Hostile-text cases of the recaps app (tests/security/test_form_input.py reads this module).

The recap's typed text (title, end card) is in RecapAdminForm, a Wagtail admin model form checked by
tests/security/test_text_input.py; the clip picker takes only checkboxes and numbers (bad numbers are
tried in tests/challenges/test_recap_admin.py)."""

NO_TYPED_TEXT = {"RecapClipsForm"}


def cases() -> dict:
    return {}
