"""Factories for consents, guardian links and safeguarding flags (the privacy app)."""

from datetime import timedelta

import factory
from django.utils import timezone

from privacy.enums import ConsentGiver, ConsentMethod, ConsentPurpose, SafeguardingCategory
from privacy.models import Consent, GuardianConsentRequest, SafeguardingFlag
from tests.factories import EntrantFactory, EntryFactory, OrganiserFactory


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    subject = factory.SubFactory(EntrantFactory)
    purpose = ConsentPurpose.PARTICIPATION
    giver = ConsentGiver.ENTRANT
    method = ConsentMethod.ACCOUNT
    text_version = "2025.1"
    text_shown = "Đồng ý cho em tham gia cuộc thi."
    given_at = factory.LazyFunction(timezone.now)


class GuardianRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuardianConsentRequest

    entrant = factory.SubFactory(EntrantFactory)
    guardian_email = factory.Sequence(lambda n: f"phuhuynh{n}@example.vn")
    guardian_name = "Trần Thị Mẹ"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class SafeguardingFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingFlag

    about = factory.SubFactory(EntryFactory)
    subject = factory.LazyAttribute(lambda flag: flag.about.lead_entrant)
    category = SafeguardingCategory.SELF_HARM
    summary = "Bài viết có đoạn nói về tự gây hại."
    raised_by = factory.SubFactory(OrganiserFactory)


def give_full_consent(user, purposes=(ConsentPurpose.PARTICIPATION,), guardian=True):
    """Own (and guardian) consent rows straight in the table, for tests that start from a consented pupil."""
    for purpose in purposes:
        ConsentFactory(subject=user, purpose=purpose, giver=ConsentGiver.ENTRANT)
        if guardian:
            ConsentFactory(
                subject=user, purpose=purpose, giver=ConsentGiver.GUARDIAN, method=ConsentMethod.GUARDIAN_LINK
            )
