"""Finds what a test must cover by walking the code base, so a new form, viewset or export cannot be missed:
the apps of this project (those whose code lives in this checkout), their modules, their admin viewsets."""

import importlib
import inspect
import pkgutil
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR).resolve()


def our_app_configs() -> list:
    """Every installed app whose code is in this checkout (contest, submissions, judging, cms, and any app
    added later), not Django's, Wagtail's or a library's."""
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(ROOT) and ".venv" not in path.parts:
            found.append(config)
    return found


def our_modules() -> list:
    modules = []
    for config in our_app_configs():
        package = importlib.import_module(config.name)
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{config.name}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            modules.append(importlib.import_module(info.name))
    return modules


def our_classes(base: type) -> list[type]:
    """Subclasses of `base` defined in our apps' modules, each once."""
    names = {c.name for c in our_app_configs()}
    seen = {}
    for module in our_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__.split(".")[0] in names:
                seen[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [seen[key] for key in sorted(seen)]


def our_snippet_viewsets() -> list:
    """The admin viewset of every snippet model of our apps."""
    from wagtail.snippets.models import get_snippet_models

    names = {c.label for c in our_app_configs()}
    return [m.snippet_viewset for m in get_snippet_models() if m._meta.app_label in names]


def our_admin_form_classes() -> dict[str, type]:
    """The form class Wagtail builds for every page, snippet and setting model of our apps."""
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.contrib.settings.views import get_setting_edit_handler
    from wagtail.models import Page

    names = {c.label for c in our_app_configs()}
    forms = {}
    for viewset in our_snippet_viewsets():
        forms[f"snippet {viewset.model.__name__}"] = viewset.get_form_class()
    for model in apps.get_models():
        if model._meta.app_label in names and issubclass(model, Page) and model is not Page:
            forms[f"page {model.__name__}"] = model.get_edit_handler().get_form_class()
    for model in settings_registry:
        if model._meta.app_label in names:
            forms[f"setting {model.__name__}"] = get_setting_edit_handler(model).get_form_class()
    return forms


def our_url_views() -> list[tuple[str, object]]:
    """(URL name with namespace, view function or class) for every named URL served by our apps' code."""
    from django.urls import URLPattern, URLResolver, get_resolver

    ours = {m.__name__ for m in our_modules()}

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from walk(pattern, namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                callback = pattern.callback
                view = inspect.unwrap(getattr(callback, "view_class", callback))
                if getattr(view, "__module__", None) in ours:
                    yield f"{prefix}{pattern.name}", view

    return list(walk(get_resolver(), ""))
