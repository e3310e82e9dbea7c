"""Small helpers for the Content-Security-Policy settings (kept out of settings.py so tests reuse them)."""

S3_DIRECTIVES = ("img-src", "media-src", "connect-src")


def with_origins(policy: dict, origins: list[str], directives=S3_DIRECTIVES) -> dict:
    """The policy with extra origins allowed for the given directives, e.g. the bucket browsers upload to
    straight through presigned URLs and show signed links from."""
    extended = dict(policy)
    for directive in directives:
        extended[directive] = [*policy[directive], *(o for o in origins if o not in policy[directive])]
    return extended
