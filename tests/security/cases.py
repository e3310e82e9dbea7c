"""One form tried with hostile text (tests/security/test_form_input.py). The cases of apps added later live
beside their tests, in tests/<app>/form_cases.py: a `cases()` returning {name: Case}, and optionally a set
`NO_TYPED_TEXT` of their forms that take no typed text."""

from dataclasses import dataclass, field


@dataclass
class Case:
    form: type
    role: str
    url: object
    data: object
    fields: list[str]
    multiline: set[str] = field(default_factory=set)
    files: object = None
    # Called with (client, world) before anything is posted: what the page needs in the session.
    prepare: object = lambda client, world: None
    # Called before each post (the help pages' rate limits would otherwise answer the later tries).
    before_each: object = lambda: None
    # How the view refuses: a form error (400) or a redirect with a message; the help code check answers
    # 404 to any code it does not know, so that a wrong code teaches nothing.
    refused: frozenset = frozenset({400, 302})
    # Called with (world) before signing in: adds what the case needs (its own objects, its own people:
    # `role` may name a key this adds) to the shared world.
    setup: object = lambda world: None
