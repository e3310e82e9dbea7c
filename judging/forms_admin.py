"""Admin forms that keep organisers' edits consistent with the judging rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest.enums import Role
from contest.forms_base import CleanTextAdminModelForm, CleanTextForm
from judging.enums import RoundState
from judging.models import WEIGHT_TOTAL, Panel


class RubricAdminForm(CleanTextAdminModelForm):
    """Refuses criteria whose weights do not add up to 100, and any change to a rubric already in use."""

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.rounds.exclude(state=RoundState.SETUP).exists():
            raise forms.ValidationError(_("Thang điểm đang được dùng trong một vòng đã mở: không thể sửa."))
        formset = self.formsets.get("criteria")
        if formset is not None and formset.is_valid():
            weights = [
                f.cleaned_data.get("weight") or Decimal(0)
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            total = sum(weights, Decimal(0))
            if weights and total != WEIGHT_TOTAL:
                raise forms.ValidationError(
                    _("Tổng trọng số các tiêu chí là %(total)s%%, phải bằng 100%%. Thang điểm chưa được lưu.")
                    % {"total": format(total.normalize(), "f")}
                )
        return data


class RoundAdminForm(CleanTextAdminModelForm):
    """Once a round is open, its panel, rubric and assignment settings stay as they were."""

    FROZEN = ("panel", "contest", "division", "rubric", "previous_round", "judges_per_entry", "max_load")

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.state != RoundState.SETUP:
            changed = [name for name in self.FROZEN if name in self.changed_data]
            if changed:
                raise forms.ValidationError(
                    _("Vòng chấm đã mở: không thể đổi hội đồng, thang điểm hay cách phân công.")
                )
        previous = data.get("previous_round")
        panel = data.get("panel")
        contest = data.get("contest") or (panel.contest if panel else None)
        if previous and contest and previous.judged_contest.pk != contest.pk:
            self.add_error("previous_round", _("Vòng trước phải thuộc cùng cuộc thi."))
        return data


class InviteJudgeForm(CleanTextForm):
    """One judge or head judge to invite by e-mail, optionally straight into a panel."""

    email = forms.EmailField(label=gettext_lazy("E-mail"))
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150)
    role = forms.ChoiceField(
        label=gettext_lazy("Vai trò"),
        choices=[(Role.JUDGE.value, Role.JUDGE.label), (Role.HEAD_JUDGE.value, Role.HEAD_JUDGE.label)],
        initial=Role.JUDGE,
    )
    panel = forms.ModelChoiceField(
        label=gettext_lazy("Thêm vào hội đồng (không bắt buộc)"),
        queryset=Panel.objects.order_by("name"),
        required=False,
    )


class ConflictAdminForm(CleanTextAdminModelForm):
    """Declaring a conflict for an entry: organisers find the entry by its code or by the entrant's or a
    team member's name, typed with or without accents."""

    entrant = forms.CharField(
        label=gettext_lazy("Thí sinh (họ tên) hoặc mã bài"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("Gõ họ tên thí sinh, có dấu hay không dấu đều được, hoặc mã bài."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "entry" in self.fields:
            self.fields["entry"].required = False
            if self.instance.entry_id:
                self.fields["entrant"].initial = self.instance.entry.code

    def clean(self):
        from judging.selectors import entries_matching

        data = super().clean()
        query = (data.get("entrant") or "").strip()
        if query and not data.get("entry"):
            found = entries_matching(query=query, limit=11)
            if not found:
                self.add_error("entrant", _("Không tìm thấy thí sinh hay mã bài nào khớp."))
            elif len(found) > 1:
                listing = "; ".join(f"{e.code} – {e.lead_entrant.full_name}" for e in found[:10])
                self.add_error(
                    "entrant", _("Có nhiều bài khớp, hãy nhập mã bài: %(list)s") % {"list": listing}
                )
            else:
                data["entry"] = found[0]
                self.instance.entry = found[0]
        return data
