"""Domain errors shared by every app: views turn them into a message and a 4xx status."""


class DomainError(Exception):
    """A request the domain refuses; `message` is shown to the user (already translated)."""

    status_code = 400

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvalidTransition(DomainError):
    status_code = 409


class NotAllowed(DomainError):
    status_code = 403
