"""A PO upload in the translation editor, checked before wagtail-localize
imports it: a wrong file is refused with a message naming the problem, a valid
one goes on to wagtail-localize's view without its fuzzy entries."""

import contextlib
import os
import re
import tempfile
import uuid

import polib
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail_localize.models import StringSegment, Translation
from wagtail_localize.strings import StringValue, validate_translation_links
from wagtail_localize.views import edit_translation

from practices.localize.language_checks import user_can_edit_instance
from practices.localize.suggestions import without_fuzzy_entries

TRANSLATION_ID_HEADER = "X-WagtailLocalize-TranslationID"
# A practice's PO file is tens of kilobytes; anything far larger is not one.
MAX_PO_BYTES = 2 * 1024 * 1024


class RefusedUpload(Exception):
    """The uploaded file cannot be imported into this translation."""


def _describe(translation):
    return _("“%(object)s” in %(locale)s") % {
        "object": translation.source.object_repr,
        "locale": translation.target_locale.get_display_name(),
    }


# The lines of a PO file, strictly: polib accepts a keyword without its
# quotes (`msgstr Aide` reads as "id"), a string cut short by a truncated
# file (`msgstr "Aide à dom`), and unknown escapes.
_PO_STRING = r'"(?:[^"\\]|\\(?:["\\abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]+))*"'
_PO_LINE = re.compile(
    rf"[ \t]*(?:#.*|(?:msgctxt|msgid|msgstr)[ \t]+{_PO_STRING}[ \t]*|{_PO_STRING}[ \t]*|)"
)


def _syntax_error_line(text):
    """The number of the first line that is not PO syntax, or None."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.fullmatch(line):
            return number
    return None


def _syntax_error(line):
    return RefusedUpload(
        _("This file is not a valid PO file: syntax error at line %(line)s.") % {"line": line}
    )


def _parse_po(content):
    if not content.strip():
        raise RefusedUpload(_("This file is not a valid PO file: it is empty."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RefusedUpload(
            _("This file is not a valid PO file: it is not text encoded in UTF-8.")
        ) from e
    line = _syntax_error_line(text)
    if line is not None:
        raise _syntax_error(line)
    # polib.pofile takes a file name or the file's contents: never hand it
    # uploaded contents, which could name a file on the server.
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as f:
        f.write(content)
    try:
        po = polib.pofile(f.name)
    except (UnicodeDecodeError, LookupError) as e:
        # LookupError: a Content-Type header naming a charset Python does not know.
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
    if po.encoding.lower().replace("-", "") != "utf8":
        # Read as the header says, not as the UTF-8 it is.
        raise RefusedUpload(_("This file is not a valid PO file: it is not text encoded in UTF-8."))
    return po


def _translation_with_uuid(value):
    try:
        value = uuid.UUID(value)
    except ValueError:
        return None
    return Translation.objects.filter(uuid=value).select_related("source", "target_locale").first()


def check_po_upload(translation, uploaded):
    """Raise RefusedUpload unless `uploaded` is a PO file of `translation`;
    return it, parsed."""
    if uploaded is None:
        raise RefusedUpload(_("Choose a PO file to upload."))
    if uploaded.size > MAX_PO_BYTES:
        raise RefusedUpload(
            _(
                "This file is too large (%(size)s) to be the PO file of one page; "
                "the limit is %(limit)s."
            )
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(MAX_PO_BYTES)}
        )
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
    check_entries(translation, po)
    return po


def _refuse_entry(entry, problem):
    raise RefusedUpload(
        _("Line %(line)s of this PO file: %(problem)s Nothing was imported.")
        % {"line": entry.linenum, "problem": problem}
    )


def check_entries(translation, po):
    """Refuse entries given twice, translations carrying markup their
    segment may not hold, and a file none of whose translations belong to
    this translation's texts."""
    sources = {
        (segment.context.path, segment.string.data): segment.string.data
        for segment in StringSegment.objects.filter(source=translation.source).select_related(
            "context", "string"
        )
    }
    seen, translated, known = set(), 0, 0
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            _refuse_entry(
                entry,
                _("the text “%(text)s” appears twice.") % {"text": entry.msgid[:100]},
            )
        seen.add(key)
        if not entry.msgstr:
            continue
        translated += 1
        if key not in sources:
            continue
        known += 1
        try:
            StringValue.from_translated_html(entry.msgstr)
            validate_translation_links(sources[key], entry.msgstr)
        except ValueError as error:
            _refuse_entry(entry, _("the translation is refused: %(error)s.") % {"error": error})
    if translated and not known:
        raise RefusedUpload(
            _(
                "None of the translations in this PO file are texts of %(this)s. "
                "Nothing was imported."
            )
            % {"this": _describe(translation)}
        )


@require_POST
def upload_pofile(request, translation_id):
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), id=translation_id
    )
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    try:
        po = check_po_upload(translation, request.FILES.get("file"))
    except RefusedUpload as refusal:
        messages.error(request, str(refusal))
        next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
        return redirect(next_url)
    # wagtail-localize imports every entry's msgstr, fuzzy ones too: hand it
    # the file without the suggestions nobody confirmed.
    if any("fuzzy" in entry.flags for entry in po):
        uploaded = request.FILES["file"]
        request.FILES["file"] = SimpleUploadedFile(
            uploaded.name,
            str(without_fuzzy_entries(po)).encode("utf-8"),
            content_type=uploaded.content_type,
        )
    return edit_translation.upload_pofile(request, translation_id)


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
