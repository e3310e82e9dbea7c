"""The live mode is found from the quiz page (joining, for everyone; hosting, for teachers and organisers)
and from a teacher's own page (a coordinator's account page leads to the school's dashboard)."""

import pytest
from django.urls import reverse

from tests.factories import CoordinatorFactory, EntrantFactory

pytestmark = pytest.mark.django_db


def test_everyone_finds_where_to_type_the_code_and_only_teachers_where_to_host(client):
    join, host = reverse("quizlive:join"), reverse("quizlive:host_index")
    page = client.get(reverse("quiz:index")).content.decode()
    assert f'href="{join}"' in page
    assert f'href="{host}"' not in page
    client.force_login(EntrantFactory())
    page = client.get(reverse("quiz:index")).content.decode()
    assert f'href="{join}"' in page
    assert f'href="{host}"' not in page
    assert client.get(join).status_code == 200


def test_a_teacher_finds_hosting_on_the_quiz_page_and_the_account_page(client):
    client.force_login(CoordinatorFactory())
    host = reverse("quizlive:host_index")
    assert f'href="{host}"' in client.get(reverse("quiz:index")).content.decode()
    assert f'href="{host}"' in client.get(reverse("accounts:dashboard"), follow=True).content.decode()
    assert client.get(host).status_code == 200
