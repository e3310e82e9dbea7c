"""URL path converters of the submissions app."""

from submissions.media.render import RENDITION_NAME_PATTERN


class RenditionNameConverter:
    """Exactly the names the media pipeline gives renditions (`image_480.jpg`, `page_003.webp`, ...),
    plus `original`; anything else is not a rendition and answers 404."""

    regex = RENDITION_NAME_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
