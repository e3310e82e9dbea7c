"""The registry of personal data. Every app declares each model that refers to a person: how to export
it, how to erase it and how long it is kept, or why it is exempt. Data export, deletion and the retention
job walk this registry, so a data request reaches everything an app stores about a person, including apps
added later. Apps register from a `personal_data.py` module imported in their AppConfig.ready().

Apps above privacy also plug in what privacy must not know itself:
- participations: where a person takes part (an entry, later a quiz...), with the day that decides
  whether a guardian is needed; consent pages and summaries are built from them;
- consent listeners: called inside the transaction after a person's consent changed;
- retention rules: which people are due for deletion and which are still held.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class PersonalDataKind:
    model: type[Model]
    key: str  # the name of its section in the export
    keep: Any  # how long it is kept, in words shown to organisers (lazily translated)
    export: Callable[..., Any] | None = None  # export(user=) -> JSON-ready data
    files: Callable[..., Iterable[tuple[str, str]]] | None = (
        None  # files(user=) -> (private key, name in ZIP)
    )
    erase: Callable[..., int] | None = None  # erase(user=, actor=, reason=) -> rows changed
    order: int = 100  # erase order: lower first (the account itself goes last)

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


@dataclass(frozen=True)
class Participation:
    """One place a person takes part, as privacy needs to see it."""

    label: str  # e.g. "KMM-001 – Viết về an toàn trên mạng"
    title: str  # e.g. the contest's title
    day: date  # the day age is judged on (a contest's closing day)
    people: tuple  # every person who must consent for it
    key: str = ""  # a stable identifier for pages and tests (an entry code)


@dataclass(frozen=True)
class RetentionRule:
    due: Callable[[date], QuerySet]  # user pks whose data this app no longer needs
    held: Callable[[date], QuerySet]  # user pks this app must still keep


@dataclass
class Registry:
    kinds: dict[type[Model], PersonalDataKind] = field(default_factory=dict)
    exempt: dict[type[Model], str] = field(default_factory=dict)
    participation_sources: list[Callable[..., list[Participation]]] = field(default_factory=list)
    consent_listeners: list[Callable[..., Any]] = field(default_factory=list)
    retention_rules: list[RetentionRule] = field(default_factory=list)

    def register(self, model, *, key: str, keep: str, export=None, files=None, erase=None, order=100):
        if model in self.kinds or model in self.exempt:
            raise ValueError(f"{model._meta.label} is already in the personal data registry")
        kind = PersonalDataKind(model, key, keep, export, files, erase, order)
        self.kinds[model] = kind
        return kind

    def declare_exempt(self, model, *, reason: str) -> None:
        if model in self.kinds or model in self.exempt:
            raise ValueError(f"{model._meta.label} is already in the personal data registry")
        if not reason.strip():
            raise ValueError("an exemption needs a reason")
        self.exempt[model] = reason

    def is_declared(self, model) -> bool:
        return model in self.kinds or model in self.exempt

    def in_erase_order(self) -> list[PersonalDataKind]:
        return sorted(self.kinds.values(), key=lambda kind: kind.order)

    def participations(self, *, user) -> list[Participation]:
        return [p for source in self.participation_sources for p in source(user=user)]

    def consent_changed(self, *, user) -> None:
        for listener in self.consent_listeners:
            listener(user=user)


registry = Registry()
register = registry.register
declare_exempt = registry.declare_exempt


def register_participation_source(source: Callable[..., list[Participation]]) -> None:
    registry.participation_sources.append(source)


def register_consent_listener(listener: Callable[..., Any]) -> None:
    registry.consent_listeners.append(listener)


def register_retention_rule(*, due, held) -> None:
    registry.retention_rules.append(RetentionRule(due=due, held=held))
