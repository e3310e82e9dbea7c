"""The entrant's preview files: the renditions judges will see, served to the entrant and their team."""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from submissions.enums import AssetState
from submissions.models import MediaAsset
from submissions.rules import can_preview_entry
from submissions.selectors.preview import preview_servable
from submissions.streaming import ranged_response


@login_required
@require_GET
def preview_file(request, asset_id: int, index: int):
    asset = get_object_or_404(MediaAsset.objects.select_related("entry"), pk=asset_id, state=AssetState.READY)
    if not can_preview_entry(request.user, asset.entry):
        raise Http404
    renditions = asset.renditions or []
    if not 0 <= index < len(renditions) or not preview_servable(renditions[index]):
        raise Http404
    rendition = renditions[index]
    storage = storages["private"]
    if not storage.exists(rendition["key"]):
        raise Http404
    filename = f"{asset.entry.code}-{asset.position}-{rendition['name']}"
    return ranged_response(
        request, storage=storage, key=rendition["key"], mime=rendition["mime"], filename=filename
    )
