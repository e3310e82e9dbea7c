import pytest
from django.urls import reverse

from judging.enums import AssignmentEnd, RoundState
from judging.models import Assignment, ConflictOfInterest, JudgeDeclaration
from judging.services.declarations import declare_affiliations, fold
from judging.services.rounds import transition_round
from submissions.models import TeamMember
from tests.factories import JudgeFactory, OrganiserFactory, SchoolFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("NGUYỄN  Thị-Mai", "nguyen thi mai"),
        ("Đặng Văn Đức", "dang van duc"),
        ("trần  ngọc\u00a0ánh.", "tran ngoc anh"),
    ],
)
def test_fold_ignores_accents_case_spacing_and_punctuation(raw, folded):
    assert fold(raw) == folded


def test_declared_names_and_schools_become_private_conflicts_and_reassign():
    judges = [JudgeFactory() for _ in range(3)]
    panel = PanelFactory(judges=judges)
    listed = SchoolFactory(name="THPT Lê Quý Đôn")
    niece = JudgeableEntryFactory(contest=panel.contest, lead_entrant__full_name="Nguyễn Thị Mai")
    typed = JudgeableEntryFactory(
        contest=panel.contest, lead_entrant__school=None, lead_entrant__school_other="thpt le quy don"
    )
    team = JudgeableEntryFactory(contest=panel.contest)
    TeamMember.objects.create(entry=team, name="Trần Ngọc Ánh")
    unrelated = JudgeableEntryFactory(contest=panel.contest, lead_entrant__full_name="Mai Văn Xuân")
    round_ = RoundFactory(panel=panel, judges_per_entry=3)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=OrganiserFactory())
    judge = judges[0]
    assert Assignment.objects.filter(round=round_, judge=judge, active=True).count() == 4

    declare_affiliations(
        judge=judge,
        schools=[],
        other_schools="THPT LE QUY DON\n",
        people="nguyen thi  MAI\ntran ngoc anh",
    )
    assert set(
        ConflictOfInterest.objects.filter(judge=judge, entry__isnull=False).values_list("entry_id", flat=True)
    ) == {niece.pk, typed.pk, team.pk}
    assert ConflictOfInterest.objects.filter(judge=judge, school=listed, declared_by_judge=True).exists()
    active = set(
        Assignment.objects.filter(round=round_, judge=judge, active=True).values_list("entry_id", flat=True)
    )
    assert active == {unrelated.pk}
    ended = Assignment.objects.get(round=round_, judge=judge, entry=niece)
    assert ended.ended_reason == AssignmentEnd.CONFLICT
    # Declaring again keeps what was declared before and adds nothing twice.
    declare_affiliations(judge=judge, schools=[listed], other_schools="", people="Nguyễn Thị Mai")
    assert ConflictOfInterest.objects.filter(judge=judge).count() == 4


def test_judge_declares_before_seeing_any_entry(client):
    judge = JudgeFactory(declared=False)
    panel = PanelFactory(judges=[judge])
    JudgeableEntryFactory(contest=panel.contest)
    round_ = RoundFactory(panel=panel, judges_per_entry=1)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=OrganiserFactory())
    assignment = Assignment.objects.get(round=round_, judge=judge)
    client.force_login(judge)
    for url in (
        reverse("judging:home"),
        reverse("judging:queue", args=[round_.pk]),
        reverse("judging:score", args=[assignment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].endswith(reverse("judging:declare").split("/", 2)[-1])
    refused = client.post(reverse("judging:declare"), {"people": "Lê Văn Tám"})
    assert refused.status_code == 400
    assert not JudgeDeclaration.objects.filter(judge=judge).exists()
    done = client.post(reverse("judging:declare"), {"people": "", "confirmed": "on"})
    assert done.status_code == 302
    assert client.get(reverse("judging:score", args=[assignment.pk])).status_code == 200
