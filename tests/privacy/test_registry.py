"""The registry of personal data: every installed model that refers to a person is declared, and data
export, deletion and retention walk the registry."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from privacy.models import GuardianConsentRequest
from privacy.registry import Registry, registry


def _person_models() -> set:
    """The user model, the guardian model and every model registered as holding personal data."""
    return {get_user_model(), GuardianConsentRequest, *registry.kinds}


def _points_at(model, targets) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields(include_hidden=True)
        if isinstance(field, (models.ForeignKey, models.OneToOneField))
        and field.concrete
        and field.model is model  # a field inherited from a parent (a Wagtail page's owner) is the parent's
        and field.related_model in targets
    ]


def undeclared_models() -> list[str]:
    targets = _person_models()
    return sorted(
        f"{model._meta.label} ({', '.join(fields)})"
        for model in apps.get_models(include_auto_created=True)
        if (fields := _points_at(model, targets)) and not registry.is_declared(model)
    )


def test_every_model_referring_to_a_person_is_declared():
    assert undeclared_models() == []


def test_registry_test_catches_a_new_model(monkeypatch):
    """The walk above would fail for a model that points at the user and is not declared."""
    from submissions.models import TeamMember

    monkeypatch.setattr(registry, "kinds", {m: k for m, k in registry.kinds.items() if m is not TeamMember})
    assert any(label.startswith("submissions.TeamMember") for label in undeclared_models())


def test_every_exemption_has_a_reason():
    assert all(reason.strip() for reason in registry.exempt.values())


def test_registered_kinds_say_how_long_they_are_kept():
    assert all(str(kind.keep).strip() for kind in registry.kinds.values())


def test_account_is_erased_last():
    order = [kind.model for kind in registry.in_erase_order()]
    assert order[-1] is get_user_model()


def test_registering_twice_is_refused():
    fresh = Registry()
    fresh.register(GuardianConsentRequest, key="x", keep="1 ngày")
    with pytest.raises(ValueError, match="already"):
        fresh.declare_exempt(GuardianConsentRequest, reason="không")


@pytest.mark.django_db
def test_export_and_delete_walk_the_registry(monkeypatch):
    """A model a future app registers (a quiz answer, a pledge) is exported and erased with the rest."""
    import io
    import json
    import zipfile

    from django.contrib.sessions.models import Session

    from privacy.registry import PersonalDataKind
    from privacy.services.data_rights import delete_personal_data, export_personal_data
    from tests.factories import EntrantFactory

    erased = []
    kinds = dict(registry.kinds)
    kinds[Session] = PersonalDataKind(
        model=Session,
        key="cam_ket",
        keep="Đến hết chiến dịch.",
        export=lambda *, user: [{"loi_cam_ket": "Em sẽ không gặp người lạ quen trên mạng."}],
        erase=lambda *, user, actor, reason: erased.append(user.pk) or 1,
        order=50,
    )
    monkeypatch.setattr(registry, "kinds", kinds)
    entrant = EntrantFactory(full_name="Hoàng Thị Cam Kết")
    data = json.loads(zipfile.ZipFile(io.BytesIO(export_personal_data(user=entrant))).read("data.json"))
    assert data["cam_ket"] == [{"loi_cam_ket": "Em sẽ không gặp người lạ quen trên mạng."}]
    assert data["account"]["full_name"] == "Hoàng Thị Cam Kết"
    summary = delete_personal_data(user=entrant)
    assert erased == [entrant.pk]
    assert summary["cam_ket"] == 1


def test_privacy_imports_nothing_from_the_apps_above_it():
    """Privacy sits below submissions and judging (DESIGN.md §2): the arrows point one way."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "privacy"
    above = ("submissions", "judging", "cms")
    offending = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            offending += [f"{path.name}: {n}" for n in names if n.split(".")[0] in above]
    assert offending == []
