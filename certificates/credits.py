"""The name a public verify page may show for a certificate's holder: only what the holder's public consent
allows. One small function, so it can later follow the gallery's credit rules (results/credits.py)."""

import unicodedata

from privacy.enums import ConsentPurpose
from privacy.selectors import has_public_consent
from submissions.selectors.consent import contest_closing_day


def first_name_and_initial(full_name: str) -> str:
    """“Nguyễn Thị Ngọc Huyền” → “Huyền N.”: the given name and the family name's initial."""
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return f"{words[-1]} {words[0][0].upper()}."


def public_holder_name(*, certificate) -> str:
    """Full name (as printed) with consent to show name and school; the given name and an initial with
    consent to show the work; otherwise nothing. Pupils under 16 when the contest closed need a guardian's
    consent too, as on the gallery's credits (privacy decides)."""
    holder = certificate.holder
    day = contest_closing_day(certificate.contest)
    if has_public_consent(user=holder, purpose=ConsentPurpose.DISPLAY_IDENTITY, day=day):
        return certificate.name_on_paper
    if has_public_consent(user=holder, purpose=ConsentPurpose.DISPLAY_WORK, day=day):
        return first_name_and_initial(holder.full_name)
    return ""
