"""Hostile-text cases of the results app's forms kept beside its tests."""

# The organiser's publication request has only a date and time to choose.
NO_TYPED_TEXT = {"PublishResultsForm"}


def cases() -> dict:
    return {}
