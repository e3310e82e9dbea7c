"""Validators every text field of our forms shares (see contest.forms_base.CleanTextMixin)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

LINE_BREAKS = frozenset("\n\r")
MULTILINE_ALLOWED = frozenset("\n\r\t")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_control(char: str) -> bool:
    """C0 and C1 control characters (NUL and DEL included)."""
    return unicodedata.category(char) == "Cc"


@deconstructible
class CleanTextValidator:
    """Refuses NUL, C0/C1 control characters and bidi overrides and isolates, which hide or reorder text
    (a "Bcc:" smuggled into a name, a file name that reads backwards). A multi-line field keeps line breaks
    and tabs; a single-line field (a name, a title) refuses CR and LF as well."""

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        allowed = MULTILINE_ALLOWED if self.multiline else frozenset()
        for char in value:
            if char in allowed:
                continue
            if char in LINE_BREAKS:
                raise ValidationError(
                    _("Ô này chỉ ghi trên một dòng: hãy bỏ dấu xuống dòng rồi gửi lại."), code="line_break"
                )
            if is_control(char) or char in BIDI_CONTROLS:
                raise ValidationError(
                    _(
                        "Nội dung có ký tự điều khiển hoặc ký tự đảo chiều chữ (không nhìn thấy được). "
                        "Hãy gõ lại nội dung, đừng dán từ nơi khác, rồi gửi lại."
                    ),
                    code="hidden_character",
                )

    def __eq__(self, other) -> bool:
        return isinstance(other, CleanTextValidator) and other.multiline == self.multiline
