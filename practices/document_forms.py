"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): a document must
be what its extension says, checked on the file's own bytes."""

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
