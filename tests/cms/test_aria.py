"""Every aria-describedby on the registration and entry pages points to an element that exists."""

import re

import pytest
from django.urls import reverse

from tests.factories import DivisionFactory, EntrantFactory
from tests.factories.entries import draft_entry, essay_contest

pytestmark = pytest.mark.django_db


def dangling_describedby(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    wanted = [ref for refs in re.findall(r'aria-describedby="([^"]*)"', html) for ref in refs.split()]
    return [ref for ref in wanted if ref not in ids]


def test_register_describedby_points_to_existing_ids(client):
    DivisionFactory(min_age=12, max_age=24)
    html = client.get(reverse("accounts:register")).content.decode()
    assert 'aria-describedby="id_date_of_birth_helptext"' in html
    assert dangling_describedby(html) == []
    invalid = client.post(reverse("accounts:register"), {"date_of_birth": "31/02/2011"}).content.decode()
    assert "id_date_of_birth_error" in invalid
    assert dangling_describedby(invalid) == []


def test_essay_entry_describedby_points_to_existing_ids(client):
    entrant = EntrantFactory()
    entry = draft_entry(contest=essay_contest(), entrant=entrant)
    client.force_login(entrant)
    html = client.get(reverse("submissions:edit", args=[entry.pk])).content.decode()
    assert 'aria-describedby="id_text_helptext"' in html
    assert dangling_describedby(html) == []
