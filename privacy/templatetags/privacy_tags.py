"""`{% guardian_confirmation pupil %}`: the block a coordinator's pupil page includes to see what looks
wrong about a pupil's guardian and to confirm the guardian's consent for the school."""

from django import template

from privacy.enums import ConsentGiver
from privacy.forms import SchoolConfirmationForm
from privacy.models import Consent
from privacy.rules import can_confirm_guardian_consent
from privacy.selectors import guardian_flags, school_confirmation_required

register = template.Library()


@register.inclusion_tag("privacy/_guardian_confirmation.html", takes_context=True)
def guardian_confirmation(context, pupil):
    request = context["request"]
    guardian_consents = list(
        Consent.objects.filter(
            subject=pupil, giver=ConsentGiver.GUARDIAN, withdrawn_at__isnull=True
        ).order_by("purpose")
    )
    return {
        "pupil": pupil,
        "allowed": can_confirm_guardian_consent(request.user, pupil),
        "flags": guardian_flags(pupils=[pupil]).get(pupil.pk, []),
        "guardian_consents": guardian_consents,
        "unconfirmed": [c for c in guardian_consents if c.school_confirmed_at is None],
        "required": school_confirmation_required(),
        "form": SchoolConfirmationForm(),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
