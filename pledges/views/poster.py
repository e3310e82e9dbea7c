"""A school's pledge poster (PDF, A3) for its coordinator and organisers; anyone else gets a 404."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from contest.models import School
from pledges import rules, selectors
from pledges.models import Commitment
from pledges.poster import PosterHead, draw_poster


@login_required
@require_GET
def school_poster(request, school_id: int):
    school = get_object_or_404(School, pk=school_id)
    if not rules.can_print_poster(request.user, school):
        raise Http404
    head = PosterHead(
        title=_("Bức tường An toàn số"),
        school=school.name,
        count_line=_("%(n)s chữ ký cam kết an toàn trên mạng")
        % {"n": f"{selectors.school_total(school=school):,}".replace(",", ".")},
        commitments=[
            c.localized_text for c in Commitment.objects.filter(is_active=True).order_by("sort_order", "pk")
        ],
        footer=_("#khongmotminh · In ngày %(day)s") % {"day": timezone.localdate().strftime("%d/%m/%Y")},
        continued=_("tiếp theo"),
    )
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    draw_poster(
        out,
        head=head,
        lines=selectors.poster_lines(school=school),
        empty=_("Chưa có chữ ký nào được hiển thị."),
    )
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=f"buc-tuong-{school.code}.pdf", content_type="application/pdf"
    )
