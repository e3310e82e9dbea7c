"""The certificates box on a pupil's entry page and the link on the coordinator's dashboard."""

from django import template

from certificates import rules
from certificates.enums import CertificateState
from certificates.selectors import certificates_of

register = template.Library()


@register.inclusion_tag("certificates/includes/entry_certificates.html", takes_context=True)
def entry_certificates(context, entry):
    """The signed-in pupil's own valid certificates for this entry; nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not rules.can_have_certificates(user):
        return {"certificates": []}
    return {
        "certificates": list(certificates_of(user=user).filter(entry=entry, state=CertificateState.ISSUED))
    }


@register.inclusion_tag("certificates/includes/school_link.html", takes_context=True)
def school_certificates_link(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"shown": user is not None and rules.can_download_school_certificates(user)}
