"""Finding what in an entry identifies its author, before judges see it (DESIGN.md §5 "Blind").

Plain Python, no Django: `fold` makes text comparable whatever the accents, case, spacing, zero-width or
look-alike characters; `detect` finds names, schools, classes, e-mails, phones, handles and URLs in a text
and returns spans of the original text; `ocr` reads the words and their boxes out of an image with
Tesseract inside the media sandbox.
"""

from submissions.identity.detect import Finding, Person, detect_identifiers
from submissions.identity.fold import fold

__all__ = ["Finding", "Person", "detect_identifiers", "fold"]
