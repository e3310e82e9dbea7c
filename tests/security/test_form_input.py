"""Finding 1 (text input): CR/LF, NUL and bidi characters typed into every text field of every form a
person fills in (registration, entry, team, consent, coordinator, data rights, screening, safeguarding,
judging): never a 500, and nothing saved, not even half-way."""

import importlib
import io
import time
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from PIL import Image

from contest.enums import ContestKind, MediaKind, Role
from contest.services import confirm_totp_enrolment, start_totp_enrolment
from contest.views import PENDING
from helpline.services import submit_report
from judging.enums import RoundState
from judging.models import Assignment, ScoreSheet
from judging.selectors import sheet_version
from judging.services.rounds import transition_round
from judging.services.sheets import save_sheet
from privacy.models import SafeguardingFlag
from privacy.services.consent import guardian_link_token, request_guardian_consent
from submissions.enums import EntryState
from submissions.models import Entry
from submissions.services.identity import check_entry_text
from tests.factories import (
    ContestFactory,
    CoordinatorFactory,
    EntrantFactory,
    EntryFactory,
    JudgeFactory,
    OrganiserFactory,
    SchoolFactory,
)
from tests.factories.entries import add_file, draft_entry, png_bytes
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory
from tests.security.cases import Case
from tests.security.walk import our_app_configs, our_classes

pytestmark = pytest.mark.django_db

MARK = "ĐỘCHẠI"
HOSTILE = {
    "crlf": f"{MARK}\r\nBcc: x@y.example",
    "nul": f"{MARK}\x00phần sau",
    "bidi": f"{MARK}\u202eexe.gnp",
    "isolate": f"{MARK}\u2066ẩn\u2069",
}
# A multi-line field keeps line breaks, so CR/LF alone is not an attack there; it is still tried.
MULTILINE_OK = {"crlf"}


def _years_ago(years: int) -> date:
    today = date.today()
    return today.replace(year=today.year - years)


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "ve-tranh.png"
    return buffer


@pytest.fixture
def world(db):
    school = SchoolFactory(name="THCS Nguyễn Du")
    pupil = EntrantFactory(school=school, date_of_birth=_years_ago(13), full_name="Phạm Thu Hà")
    contest = ContestFactory(
        kind=ContestKind.DRAWING,
        team_size_max=3,
        accepted_media_kinds=[MediaKind.IMAGE.value, MediaKind.TEXT.value],
        max_files=3,
    )
    entry = EntryFactory(contest=contest, lead_entrant=pupil, state=EntryState.DRAFT)
    submitted = EntryFactory(contest=contest, state=EntryState.SUBMITTED, submitted_at=timezone.now())
    organiser = OrganiserFactory(is_safeguarding_officer=True)
    flag = SafeguardingFlag.objects.create(
        subject=submitted.lead_entrant,
        about=submitted,
        raised_by=organiser,
        category="other",
        summary="Mô tả",
    )
    coordinator = CoordinatorFactory(school=school)
    guardian_request = request_guardian_consent(entrant=pupil, guardian_email="me.ha@example.vn", actor=pupil)
    judges = [JudgeFactory() for _ in range(3)]
    panel = PanelFactory(judges=judges)
    round_ = RoundFactory(panel=panel, judges_per_entry=2)
    for _ in range(2):
        JudgeableEntryFactory(contest=panel.contest, division=panel.contest.divisions.first())
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    assignment = Assignment.objects.filter(round=round_, active=True).first()
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    save_sheet(
        assignment=assignment,
        actor=assignment.judge,
        scores={c.pk: "5" for c in criteria},
        base_version=sheet_version(assignment=assignment),
        submit=True,
    )
    # An entry whose title and introduction name its author, with a picture: findings for screening.
    mai = EntrantFactory(full_name="Nguyễn Thị Mai", school=SchoolFactory(name="THCS Trần Phú"))
    held = draft_entry(
        contest=contest,
        entrant=mai,
        title="Tác giả: Nguyễn Thị Mai",
        statement="Em học lớp 8A2 trường THCS Trần Phú.",
    )
    picture = add_file(entry=held, data=png_bytes(label="tranh"), name="tranh.png")
    Entry.objects.filter(pk=held.pk).update(state=EntryState.SUBMITTED, submitted_at=timezone.now())
    check_entry_text(entry=held)
    on_entry = Assignment.objects.filter(round=round_, entry=assignment.entry, active=True)
    spare_judge = next(j for j in judges if not on_entry.filter(judge=j).exists())
    officer = OrganiserFactory(is_safeguarding_officer=True, email="canbo.bvte@khongmotminh.example")
    help_report, help_code = submit_report(
        concerns=["scam"],
        description="Có người lạ nhắn tin đòi em chuyển tiền để lấy lại tài khoản game.",
        screenshots=[],
        involve=[],
        contact="",
        language="vi",
    )
    return {
        "pupil": pupil,
        "officer": officer,
        "help_report": help_report,
        "help_code": help_code,
        "held": held,
        "finding": held.identity_findings.order_by("pk").first(),
        "picture": picture,
        "spare_judge": spare_judge,
        "entry": entry,
        "submitted": submitted,
        "organiser": organiser,
        "flag": flag,
        "coordinator": coordinator,
        "round": round_,
        "assignment": assignment,
        "judge": assignment.judge,
        "head": panel.head_judge,
        "criteria": criteria,
        "sheet": ScoreSheet.objects.get(assignment=assignment),
        "contest": contest,
        "guardian_token": guardian_link_token(guardian_request),
    }


def _scores(w) -> dict:
    return {f"c_{c.pk}": "6" for c in w["criteria"]}


def _pending_sign_in(client, world):
    """The organiser gave the right password: the session waits for the second step."""
    session = client.session
    session[PENDING] = {"user": world["organiser"].pk, "next": "/", "at": int(time.time())}
    session.save()


def _pending_sign_in_with_authenticator(client, world):
    """As above, for an organiser who already scanned the authenticator."""
    organiser = world["organiser"]
    device = start_totp_enrolment(user=organiser)
    assert confirm_totp_enrolment(user=organiser, token=f"{totp(device.bin_key):06d}")
    _pending_sign_in(client, world)


def _cases() -> dict[str, Case]:
    from contest.forms import QueuedPasswordResetForm, RegistrationForm, TokenForm
    from helpline import forms as hf
    from judging import forms as jf
    from privacy import forms as pf
    from submissions import forms as sf

    return {
        "help report": Case(
            hf.ReportForm,
            "anonymous",
            lambda w: reverse("helpline:start"),
            lambda w: {
                "concerns": ["scam"],
                "description": "Có người lạ nhắn tin đòi em chuyển tiền.",
                "contact": "Zalo của em",
            },
            ["description", "contact"],
            multiline={"description"},
            before_each=cache.clear,
        ),
        "help code": Case(
            hf.CodeForm,
            "anonymous",
            lambda w: reverse("helpline:check"),
            lambda w: {"code": w["help_code"]},
            ["code"],
            before_each=cache.clear,
            refused=frozenset({400, 404}),
        ),
        "help follow-up": Case(
            hf.FollowUpForm,
            "anonymous",
            lambda w: reverse("helpline:follow_up"),
            lambda w: {"code": w["help_code"], "text": "Hôm nay họ lại nhắn cho em."},
            ["code", "text"],
            multiline={"text"},
            before_each=cache.clear,
            refused=frozenset({400, 404}),
        ),
        "officer reply": Case(
            hf.MessageForm,
            "officer",
            lambda w: reverse("helpline:officer_action", args=[w["help_report"].pk, "reply"]),
            lambda w: {"text": "Em đừng trả lời người đó nhé, cô sẽ gọi lại cho em."},
            ["text"],
            multiline={"text"},
        ),
        "registration": Case(
            RegistrationForm,
            "anonymous",
            lambda w: reverse("accounts:register"),
            lambda w: {
                "full_name": "Trần Thị Bình",
                "email": "binh.moi@example.vn",
                "date_of_birth": _years_ago(14).strftime("%d/%m/%Y"),
                "school": "",
                "school_other": "THCS Lê Lợi",
                "class_name": "8A2",
                "password1": "Mot-mat-khau-dai-2026",
                "password2": "Mot-mat-khau-dai-2026",
            },
            ["full_name", "school_other", "class_name", "password1"],
        ),
        "password reset": Case(
            QueuedPasswordResetForm,
            "anonymous",
            lambda w: reverse("accounts:password_reset"),
            lambda w: {"email": w["organiser"].email},
            ["email"],
        ),
        "two-step sign-in": Case(
            TokenForm,
            "anonymous",
            lambda w: reverse("accounts:two_factor"),
            lambda w: {"token": "123456"},
            ["token"],
            prepare=_pending_sign_in_with_authenticator,
        ),
        "two-step enrolment": Case(
            TokenForm,
            "anonymous",
            lambda w: reverse("accounts:two_factor_setup"),
            lambda w: {"token": "123456"},
            ["token"],
            prepare=_pending_sign_in,
        ),
        "entry": Case(
            sf.EntryForm,
            "pupil",
            lambda w: reverse("submissions:edit", args=[w["entry"].pk]),
            lambda w: {"title": "Đừng đi một mình", "statement": "Ý tưởng của em.", "text": "Bài viết."},
            ["title", "statement", "text"],
            multiline={"statement", "text"},
        ),
        "entry autosave": Case(
            sf.EntryForm,
            "pupil",
            lambda w: reverse("submissions:autosave", args=[w["entry"].pk]),
            lambda w: {"title": "Đừng đi một mình", "statement": "Ý tưởng của em.", "text": "Bài viết."},
            ["title", "statement", "text"],
            multiline={"statement", "text"},
        ),
        "team": Case(
            sf.TeamMemberForm,
            "pupil",
            lambda w: reverse("submissions:team", args=[w["entry"].pk]),
            lambda w: {
                "team-TOTAL_FORMS": "1",
                "team-INITIAL_FORMS": "0",
                "team-0-name": "Lê Văn Nam",
                "team-0-email": "nam@example.vn",
            },
            ["team-0-name"],
        ),
        "withdraw": Case(
            sf.WithdrawForm,
            "pupil",
            lambda w: reverse("submissions:withdraw", args=[w["entry"].pk]),
            lambda w: {"reason": "Em đổi ý.", "confirm": "on"},
            ["reason"],
        ),
        "upload start": Case(
            sf.UploadStartForm,
            "pupil",
            lambda w: reverse("submissions:upload_start", args=[w["entry"].pk]),
            lambda w: {
                "name": "tranh-ve.png",
                "size": "1000",
                "client_key": "8a4c2f7e-3b1d-4e5f-9a6b-7c8d9e0f1a2b",
            },
            ["name", "role"],
        ),
        "guardian invitation": Case(
            pf.GuardianInviteForm,
            "pupil",
            lambda w: reverse("privacy:invite_guardian"),
            lambda w: {"guardian_email": "me@example.vn", "guardian_name": "Phạm Thị Mai"},
            ["guardian_name"],
        ),
        "delete my data": Case(
            pf.DeleteMyDataForm,
            "pupil",
            lambda w: reverse("privacy:my_data_delete"),
            lambda w: {"confirm": "XOÁ"},
            ["confirm"],
        ),
        "guardian code for a download": Case(
            pf.GuardianCodeForm,
            "anonymous",
            lambda w: reverse("privacy:guardian_data", args=[w["guardian_token"]]),
            lambda w: {"action": "download", "code": "123456"},
            ["code"],
        ),
        "guardian code for a deletion": Case(
            pf.GuardianDeleteForm,
            "anonymous",
            lambda w: reverse("privacy:guardian_data", args=[w["guardian_token"]]),
            lambda w: {"action": "delete", "code": "123456", "confirm": "XOÁ"},
            ["code", "confirm"],
        ),
        "coordinator invitation": Case(
            pf.GuardianInviteForm,
            "coordinator",
            lambda w: reverse("consent:coordinator_invite", args=[w["pupil"].pk]),
            lambda w: {"guardian_email": "me@example.vn", "guardian_name": "Phạm Thị Mai"},
            ["guardian_name"],
        ),
        "paper consent": Case(
            pf.PaperConsentForm,
            "coordinator",
            lambda w: reverse("consent:coordinator_paper", args=[w["pupil"].pk]),
            lambda w: {"guardian_name": "Phạm Thị Mai", "participation": "on", "scan": _png()},
            ["guardian_name"],
        ),
        "submit on behalf": Case(
            sf.OnBehalfEntryForm,
            "coordinator",
            lambda w: reverse("consent:coordinator_submit", args=[w["pupil"].pk]),
            lambda w: {
                "contest": w["contest"].pk,
                "title": "Tranh của Hà",
                "statement": "Em vẽ bạn bè.",
                "file": _png(),
            },
            ["title", "statement"],
            multiline={"statement"},
        ),
        "screening": Case(
            sf.ScreeningDecisionForm,
            "organiser",
            lambda w: reverse("screening_entry", args=[w["submitted"].pk]),
            lambda w: {"decision": "returned", "reason": "Thiếu lời giới thiệu."},
            ["reason"],
            multiline={"reason"},
        ),
        "judges' copy": Case(
            sf.JudgeCopyForm,
            "organiser",
            lambda w: reverse("screening_judge_copy", args=[w["held"].pk]),
            lambda w: {
                "title": "Bức tranh về tình bạn",
                "statement": "Em học ở một trường trung học cơ sở.",
                "text": "",
            },
            ["title", "statement", "text"],
            multiline={"statement", "text"},
        ),
        "identity return": Case(
            sf.IdentityReturnForm,
            "organiser",
            lambda w: reverse("screening_identity_return", args=[w["held"].pk]),
            lambda w: {"reason": "Lời giới thiệu có tên trường của em. Em bỏ đi rồi nộp lại nhé."},
            ["reason"],
            multiline={"reason"},
        ),
        "dismiss finding": Case(
            sf.DismissFindingForm,
            "organiser",
            lambda w: reverse("screening_dismiss", args=[w["finding"].pk]),
            lambda w: {"note": "Trùng tên với nhân vật trong truyện."},
            ["note"],
        ),
        "blur region": Case(
            sf.BlurRegionForm,
            "organiser",
            lambda w: reverse("screening_blur", args=[w["held"].pk]),
            lambda w: {"asset": w["picture"].pk, "rendition": "", "x": "60", "y": "80", "w": "30", "h": "15"},
            ["rendition"],
        ),
        "raise flag": Case(
            pf.RaiseFlagForm,
            "organiser",
            lambda w: reverse("screening_raise_flag", args=[w["submitted"].pk]),
            lambda w: {"category": "other", "summary": "Bài có chi tiết đáng lo."},
            ["summary"],
            multiline={"summary"},
        ),
        "flag note": Case(
            pf.FlagNoteForm,
            "organiser",
            lambda w: reverse("safeguarding_flag", args=[w["flag"].pk]),
            lambda w: {"text": "Đã gọi cho nhà trường.", "status": w["flag"].status},
            ["text"],
            multiline={"text"},
        ),
        "score sheet": Case(
            jf.ScoreSheetForm,
            "judge",
            lambda w: reverse("judging:score", args=[w["assignment"].pk]),
            lambda w: {
                **_scores(w),
                "comment_organisers": "Tốt.",
                "comment_entrant": "Em làm tốt.",
                "action": "save",
            },
            ["comment_organisers", "comment_entrant", "c_*"],
            multiline={"comment_organisers", "comment_entrant"},
        ),
        "score autosave": Case(
            jf.ScoreSheetForm,
            "judge",
            lambda w: reverse("judging:autosave", args=[w["assignment"].pk]),
            lambda w: {**_scores(w), "comment_organisers": "Tốt.", "comment_entrant": "Em làm tốt."},
            ["comment_organisers", "comment_entrant", "c_*"],
            multiline={"comment_organisers", "comment_entrant"},
        ),
        "conflict": Case(
            jf.ConflictForm,
            "judge",
            lambda w: reverse("judging:declare_conflict", args=[w["assignment"].pk]),
            lambda w: {"reason": "Em họ của tôi."},
            ["reason"],
        ),
        "declaration": Case(
            jf.DeclarationForm,
            "judge",
            lambda w: reverse("judging:declare"),
            lambda w: {
                "other_schools": "THCS Lê Lợi\nTHPT Chu Văn An",
                "people": "Nguyễn Văn An\nTrần Thị Lan",
                "confirmed": "on",
            },
            ["other_schools", "people"],
            multiline={"other_schools", "people"},
        ),
        "reassign": Case(
            jf.ReassignForm,
            "organiser",
            lambda w: reverse("judging:reassign", args=[w["round"].pk]),
            lambda w: {
                "entry_code": w["assignment"].entry.code,
                "from_judge": w["judge"].pk,
                "to_judge": w["spare_judge"].pk,
            },
            ["entry_code"],
        ),
        "round transition": Case(
            jf.ReasonForm,
            "head",
            lambda w: reverse("judging:transition", args=[w["round"].pk]),
            lambda w: {"to_state": RoundState.CLOSED, "reason": "Hết hạn chấm."},
            ["reason", "to_state"],
        ),
        "tie break": Case(
            jf.TieBreakForm,
            "head",
            lambda w: reverse("judging:tie_break", args=[w["round"].pk]),
            lambda w: {"codes": "KMM-TST-0001, KMM-TST-0002", "reason": "Ý tưởng mới hơn."},
            ["codes", "reason"],
        ),
        "add judge": Case(
            jf.AddJudgeForm,
            "head",
            lambda w: reverse("judging:add_judge", args=[w["round"].pk]),
            lambda w: {"entry_code": w["assignment"].entry.code, "judge": w["judge"].pk},
            ["entry_code"],
        ),
        "amend sheet": Case(
            jf.AmendSheetForm,
            "organiser",
            lambda w: reverse("judging:amend_sheet", args=[w["sheet"].pk]),
            lambda w: {
                **_scores(w),
                "comment_organisers": "Sửa.",
                "comment_entrant": "",
                "reason": "Nhập nhầm.",
            },
            ["reason", "comment_organisers", "c_*"],
            multiline={"comment_organisers"},
        ),
    }


def _app_case_modules() -> list:
    """tests/<app>/form_cases.py of every app that keeps its cases beside its own tests."""
    root = Path(__file__).resolve().parents[1]
    return [
        importlib.import_module(f"tests.{path.parent.name}.form_cases")
        for path in sorted(root.glob("*/form_cases.py"))
    ]


CASES = _cases()
for _module in _app_case_modules():
    CASES |= _module.cases()
# Forms with no text a person types (a checkbox, a choice, a number, a file) or reached only by code.
NO_TYPED_TEXT = {"StartEntryForm", "UploadCompleteForm", "PresignForm", "MoveAssetForm", "AssetUploadForm"}
NO_TYPED_TEXT |= {"AssignForm", "CloseForm", "UrgencyForm"}  # the help officers' choices
NO_TYPED_TEXT |= {
    "PurposesForm",
    "AdvanceForm",
    "ReasonForm",
    "EmailAuthenticationForm",
    "SchoolConfirmationForm",
    "InvitationAnswerForm",
    "OnBehalfContestForm",
    "SchoolClaimForm",
}
for _module in _app_case_modules():
    NO_TYPED_TEXT |= getattr(_module, "NO_TYPED_TEXT", set())


def test_every_form_with_text_is_tried():
    tried = {case.form.__name__ for case in CASES.values()}
    for cls in our_classes(forms.BaseForm):
        if cls.__module__.endswith("forms_admin") or cls.__module__.endswith("forms_base"):
            continue  # admin forms: tests/security/test_text_input.py checks each one is guarded
        if cls.__name__ in NO_TYPED_TEXT or not issubclass(cls, forms.Form):
            continue
        assert cls.__name__ in tried, f"{cls.__module__}.{cls.__name__} is not tried with hostile text here"


# Created the first time any page is rendered, whatever the form did.
CREATED_ON_READ = {"cms.SafetySettings", "privacy.PrivacySettings"}


def _snapshot() -> dict:
    """Row counts and rows of every model of ours, and whether the marker is stored anywhere: a refused
    form may neither add a row nor change one (a finding dismissed with the note dropped)."""
    labels = {c.label for c in our_app_configs()}
    counts, rows, marked = {}, {}, []
    for model in apps.get_models():
        if model._meta.app_label not in labels or model._meta.label in CREATED_ON_READ:
            continue
        counts[model._meta.label] = model.objects.count()
        rows[model._meta.label] = list(model.objects.order_by("pk").values_list())
        for f in model._meta.get_fields():
            text = isinstance(f, (models.CharField, models.TextField)) and f.concrete
            if text and model.objects.filter(**{f"{f.name}__contains": MARK}).exists():
                marked.append(f"{model._meta.label}.{f.name}")
    return {"counts": counts, "rows": rows, "marked": marked}


def _login(client, world, role):
    if role != "anonymous":
        client.force_login(world[role])


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_text_in_every_field_is_refused_and_nothing_saved(client, world, name):
    case = CASES[name]
    case.setup(world)
    _login(client, world, case.role)
    case.prepare(client, world)
    fields = []
    for f in case.fields:
        fields += [f"c_{c.pk}" for c in world["criteria"]] if f == "c_*" else [f]
    before = _snapshot()
    assert before["marked"] == []
    for field_name in fields:
        for kind, value in HOSTILE.items():
            if kind in MULTILINE_OK and field_name in case.multiline:
                continue  # line breaks are allowed there
            data = case.data(world)
            data[field_name] = value
            case.before_each()
            response = client.post(case.url(world), data)
            assert response.status_code < 500, (field_name, kind)
            after = _snapshot()
            changed = {
                k: (v, after["counts"][k]) for k, v in before["counts"].items() if after["counts"][k] != v
            }
            assert changed == {}, (name, field_name, kind)
            updated = [k for k, v in before["rows"].items() if after["rows"][k] != v]
            assert updated == [], (name, field_name, kind)
            assert after["marked"] == [], (name, field_name, kind)
            assert response.status_code in case.refused, (field_name, kind)


def test_registration_with_header_in_name_is_400_and_no_account(client, world):
    from contest.models import User

    data = CASES["registration"].data(world)
    data["full_name"] = "Em Be\r\nBcc: x@y"
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 400
    assert "một dòng" in response.content.decode()
    assert not User.objects.filter(email="binh.moi@example.vn").exists()
    assert not User.objects.filter(role=Role.ENTRANT, full_name__startswith="Em Be").exists()


@pytest.mark.parametrize("name", ["two-step sign-in", "two-step enrolment"])
def test_two_step_code_with_control_characters_is_400_and_sign_in_still_pending(client, world, name):
    case = CASES[name]
    case.prepare(client, world)
    response = client.post(case.url(world), {"token": HOSTILE["nul"]})
    assert response.status_code == 400
    assert response.context["form"].errors["token"]
    assert client.session[PENDING]["user"] == world["organiser"].pk
    assert "_auth_user_id" not in client.session
