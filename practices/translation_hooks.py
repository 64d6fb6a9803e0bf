"""Admin hooks around wagtail-localize's translation workflow.

Uploading a PO file in the translation editor: wagtail-localize's view
refuses a file it cannot parse or one exported for another translation, but
fails with a server error on an empty file or a PO file without its
translation ID, and its messages do not say which translation the file
belongs to. The view below checks the upload first and refuses a wrong file
with a message naming the problem, changing nothing; a valid file goes on to
wagtail-localize's own view. It is served at wagtail-localize's URL, so the
editor's "Upload PO file" form (which reverses "wagtail_localize:upload_pofile")
reaches it first.
"""

import contextlib
import os
import re
import tempfile
import uuid

import polib
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation

from practices.translation_permissions import user_can_edit_instance

TRANSLATION_ID_HEADER = "X-WagtailLocalize-TranslationID"


class RefusedUpload(Exception):
    """The uploaded file cannot be imported into this translation."""


def _describe(translation):
    return _("“%(object)s” in %(locale)s") % {
        "object": translation.source.object_repr,
        "locale": translation.target_locale.get_display_name(),
    }


def _parse_po(content):
    if not content.strip():
        raise RefusedUpload(_("This file is not a valid PO file: it is empty."))
    # polib.pofile takes a file name or the file's contents: never hand it
    # uploaded contents, which could name a file on the server.
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as f:
        f.write(content)
    try:
        return polib.pofile(f.name)
    except UnicodeDecodeError as e:
        raise RefusedUpload(
            _("This file is not a valid PO file: it is not text encoded in UTF-8.")
        ) from e
    except (OSError, ValueError) as e:
        # polib reports syntax errors as OSError "Syntax error in po file … (line N)".
        line = re.search(r"\(line (\d+)\)", str(e))
        if line:
            message = _("This file is not a valid PO file: syntax error at line %(line)s.") % {
                "line": line.group(1)
            }
        else:
            message = _("This file is not a valid PO file.")
        raise RefusedUpload(message) from e
    finally:
        with contextlib.suppress(OSError):
            os.unlink(f.name)


def _translation_with_uuid(value):
    try:
        value = uuid.UUID(value)
    except ValueError:
        return None
    return Translation.objects.filter(uuid=value).select_related("source", "target_locale").first()


def check_po_upload(translation, uploaded):
    """Raise RefusedUpload unless `uploaded` is a PO file of `translation`."""
    if uploaded is None:
        raise RefusedUpload(_("Choose a PO file to upload."))
    po = _parse_po(uploaded.read())
    uploaded.seek(0)
    translation_id = po.metadata.get(TRANSLATION_ID_HEADER, "")
    if not translation_id.strip():
        raise RefusedUpload(
            _(
                "This PO file does not say which translation it belongs to (it has no %(header)s "
                "header). Upload the PO file downloaded from this translation."
            )
            % {"header": TRANSLATION_ID_HEADER}
        )
    if translation_id != str(translation.uuid):
        other = _translation_with_uuid(translation_id)
        raise RefusedUpload(
            _(
                "This PO file belongs to another translation (%(other)s), not to %(this)s. "
                "Nothing was imported."
            )
            % {
                "other": _describe(other) if other else translation_id[:100],
                "this": _describe(translation),
            }
        )


@require_POST
def upload_pofile(request, translation_id):
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), id=translation_id
    )
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    try:
        check_po_upload(translation, request.FILES.get("file"))
    except RefusedUpload as refusal:
        messages.error(request, str(refusal))
        next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
        return redirect(next_url)
    return edit_translation.upload_pofile(request, translation_id)


@hooks.register("register_admin_urls", order=-1)
def register_admin_urls():
    # The same path as wagtail-localize's "wagtail_localize:upload_pofile",
    # registered before it (order=-1), so that this view answers it.
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            upload_pofile,
            name="practices_upload_pofile",
        )
    ]
