"""Factories for judging: rubrics with criteria, panels, rounds, and judgeable entries."""

from decimal import Decimal

import factory
from django.utils import timezone

from judging.models import Criterion, Panel, Round, Rubric
from submissions.enums import EntryState
from tests.factories import ContestFactory, EntryFactory, HeadJudgeFactory, JudgeFactory


class JudgeableEntryFactory(EntryFactory):
    """An eligible entry with every consent given: what judging may see."""

    state = EntryState.ELIGIBLE
    consent_complete = True
    submitted_at = factory.LazyFunction(timezone.now)
    version = 1


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Thang điểm {n}")

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        """By default three criteria weighted 50/30/20, scored 0–10 by 0.5; the first breaks ties."""
        if not create:
            return
        specs = extracted or [
            {"name": "Thông điệp", "weight": 50, "tie_break_priority": 1},
            {"name": "Sáng tạo", "weight": 30, "tie_break_priority": 2},
            {"name": "Kỹ thuật", "weight": 20},
        ]
        for order, spec in enumerate(specs):
            Criterion.objects.create(
                rubric=obj,
                sort_order=order,
                name=spec["name"],
                weight=Decimal(spec["weight"]),
                min_score=Decimal(spec.get("min_score", 0)),
                max_score=Decimal(spec.get("max_score", 10)),
                step=Decimal(spec.get("step", "0.5")),
                tie_break_priority=spec.get("tie_break_priority"),
                levels=spec.get("levels", "10: Xuất sắc\n5: Đạt\n0: Chưa đạt"),
            )


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hội đồng {n}")
    contest = factory.SubFactory(ContestFactory)
    division = None
    head_judge = factory.SubFactory(HeadJudgeFactory)

    @factory.post_generation
    def judges(obj, create, extracted, **kwargs):
        if not create:
            return
        members = extracted if extracted is not None else [JudgeFactory() for _ in range(3)]
        obj.judges.set([*members, obj.head_judge] if obj.head_judge and kwargs.get("with_head") else members)
        obj.save()  # a ParentalManyToManyField is written when the cluster is saved


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    name = factory.Sequence(lambda n: f"Vòng sơ khảo {n}")
    panel = factory.SubFactory(PanelFactory)
    rubric = factory.SubFactory(RubricFactory)
    judges_per_entry = 3
