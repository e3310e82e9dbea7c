"""Factories for the domain models; they build valid objects with the fewest arguments."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from contest.enums import ContestKind, MediaKind, PrizeTier, Role, SchoolClaim, SchoolLevel
from contest.models import Campaign, Contest, Division, Prize, School, User
from submissions.models import Entry

PASSWORD = "Mat-khau-th3-nghiem!"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"THCS Số {n}")
    level = SchoolLevel.THCS
    ward = "Phường Bến Thành"
    code = factory.Sequence(lambda n: f"SCH-{n:04d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@khongmotminh.example")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    role = Role.ENTRANT
    date_of_birth = factory.LazyFunction(
        lambda: timezone.localdate().replace(year=timezone.localdate().year - 14)
    )
    school = factory.SubFactory(SchoolFactory)
    # Most tests need a pupil the school already vouches for; claims are tested on their own.
    school_status = SchoolClaim.CONFIRMED
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EntrantFactory(UserFactory):
    role = Role.ENTRANT


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR


def _declare_nothing(obj, create, extracted, **kwargs):
    """Judges have declared their affiliations (none) unless made with declared=False."""
    if create and extracted is not False:
        from judging.models import JudgeDeclaration

        JudgeDeclaration.objects.get_or_create(judge=obj)


class JudgeFactory(UserFactory):
    role = Role.JUDGE
    date_of_birth = date(1985, 5, 1)
    declared = factory.PostGeneration(_declare_nothing)


class HeadJudgeFactory(UserFactory):
    role = Role.HEAD_JUDGE
    date_of_birth = date(1975, 5, 1)
    declared = factory.PostGeneration(_declare_nothing)


class OrganiserFactory(UserFactory):
    role = Role.ORGANISER
    is_staff = True
    school = None
    date_of_birth = None

    @factory.post_generation
    def organiser_group(obj, create, extracted, **kwargs):
        if create:
            from contest.services import ensure_organiser_group

            obj.groups.add(ensure_organiser_group())


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("slug",)

    name = "Không một mình – Cùng nhau an toàn trực tuyến"
    slug = "khong-mot-minh"
    code = "KMM"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=100))


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Bảng {n}")
    min_age = 11
    max_age = 15
    school_levels = factory.LazyFunction(lambda: [SchoolLevel.THCS.value])


def _contest_code(n: int) -> str:
    """C and three base-36 digits: 46,656 codes before one repeats (the suite makes well over 1,000 contests;
    decimal digits cut to four characters repeated from the thousandth on)."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "C" + "".join(digits[(n // 36**power) % 36] for power in (2, 1, 0))


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    kind = ContestKind.VIDEO
    title = factory.Sequence(lambda n: f"Cuộc thi {n}")
    slug = factory.Sequence(lambda n: f"cuoc-thi-{n}")
    code = factory.Sequence(lambda n: _contest_code(n))
    rules = "Thể lệ thử nghiệm."
    accepted_media_kinds = factory.LazyFunction(lambda: [MediaKind.VIDEO.value])
    min_files = 1
    max_files = 1
    max_file_bytes = 50 * 1024 * 1024
    max_duration_seconds = 300
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    @factory.post_generation
    def divisions(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is not None:
            obj.divisions.set(extracted)
        else:
            obj.divisions.set([DivisionFactory(campaign=obj.campaign)])


class PrizeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prize

    contest = factory.SubFactory(ContestFactory)
    division = factory.LazyAttribute(lambda o: o.contest.divisions.first())
    tier = PrizeTier.FIRST
    count = 1


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    contest = factory.SubFactory(ContestFactory)
    division = factory.LazyAttribute(lambda o: o.contest.divisions.first())
    lead_entrant = factory.SubFactory(EntrantFactory)
    code = factory.Sequence(lambda n: f"KMM-TST-{n:04d}")
    title = factory.Sequence(lambda n: f"Tác phẩm {n}")
