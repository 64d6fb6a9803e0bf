"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): a document
must be what its extension says.

Wagtail checks only the extension (WAGTAILDOCS_EXTENSIONS), so an HTML page
renamed report.pdf would be accepted. Each accepted extension is checked on
the file's own bytes, with the checks of the public proposal form
(practices/editorial/proposals/files.py) and, for the text formats it does not take,
an RTF signature and "no NUL byte" for plain text and CSV. Documents are
also served so that they cannot run (settings: WAGTAILDOCS_*), so this is a
second line: editors learn at once that a file is not what it claims.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from practices.editorial.proposals.files import CHECKS, extension


def _text(data):
    return b"\0" not in data


DOCUMENT_CHECKS = {
    **CHECKS,
    "rtf": lambda data: data.startswith(b"{\\rtf"),
    "txt": _text,
    "csv": _text,
}


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            # An extension without a check is refused by the model's own
            # extension validator (WAGTAILDOCS_EXTENSIONS), with its message.
            check = DOCUMENT_CHECKS.get(extension(upload.name))
            if check is not None:
                upload.seek(0)
                data = upload.read()
                upload.seek(0)
                if not check(data):
                    raise forms.ValidationError(
                        _("The content of “%(name)s” does not match its extension."),
                        code="content_mismatch",
                        params={"name": upload.name},
                    )
        return upload
