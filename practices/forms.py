"""Admin form for practice pages: validation messages an editor understands."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.admin.forms import WagtailAdminPageForm

from practices.models.taxonomy import TAXONOMIES

REQUIRED_MESSAGES = {
    "summary": _("Write a short summary: it is shown in search results and on cards."),
    "context": _("Describe the context: the situation and needs addressed, and for whom."),
    "method_text": _("Describe the method: what was done, step by step."),
    "outcomes": _("Describe the outcomes: the results and the evidence for them."),
    "transferability": _(
        "Describe the transferability: preconditions and what another country must adapt."
    ),
    "themes": _("Choose at least one theme."),
    "countries": _("Choose at least one country."),
}

# What a practice needs before it is submitted for review or published, each
# named on its own as an item of a list after a colon: no "and" to place, so the
# join reads the same in every language.
REQUIRED_PARTS = {
    "summary": _("a summary"),
    "context": _("the context"),
    "method_text": _("the method"),
    "outcomes": _("the outcomes"),
    "transferability": _("the transferability"),
    "themes": _("at least one theme"),
    "countries": _("at least one country"),
}

# Many-to-many fields that Wagtail's FieldPanel keeps required on "Save draft"
# (it defers only text fields and nullable ones); a draft may lack them.
DEFERRED_RELATIONS = ("themes", "countries")


def missing_parts_message(parts):
    """The one message listing every missing part of a practice.

    Plain text: Wagtail's error banner (wagtail.admin.messages.validation_error)
    escapes the form's errors, so a list in HTML would show its tags.
    """
    separator = pgettext("between the items of a list of missing parts", "; ")
    return _("This practice cannot be submitted or published yet. Missing: %(parts)s.") % {
        "parts": separator.join(str(part) for part in parts)
    }


class PracticePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        for name in ("countries", *(taxonomy.field for taxonomy in TAXONOMIES)):
            if name in self.fields:
                # Alphabetical in the editor's language (country names are translated).
                choices = sorted(self.fields[name].choices, key=lambda c: str(c[1]).casefold())
                self.fields[name].widget = forms.CheckboxSelectMultiple(choices=choices)

    def defer_required_fields(self):
        already_deferred = self.is_deferred_validation
        super().defer_required_fields()
        if already_deferred:
            return
        for name in DEFERRED_RELATIONS:
            field = self.fields.get(name)
            if field is not None and field.required:
                field.required = False
                self.deferred_required_fields.append(name)

    def missing_required_parts(self):
        """The names of the required parts left empty, in the order of the form."""
        return [
            label
            for name, label in REQUIRED_PARTS.items()
            if name in self.fields and self.has_error(name, code="required")
        ]

    def full_clean(self):
        super().full_clean()
        # The admin's error banner lists the errors in their order: the
        # message naming the missing parts comes first.
        errors = self._errors
        if errors and NON_FIELD_ERRORS in errors:
            for name in [name for name in errors if name != NON_FIELD_ERRORS]:
                errors[name] = errors.pop(name)

    def clean(self):
        cleaned_data = super().clean()
        # On "Save draft" Wagtail defers the required fields; on submit,
        # publish and workflow actions they are checked, and one message at
        # the top names everything still missing.
        if not self.is_deferred_validation:
            missing = self.missing_required_parts()
            if missing:
                self.add_error(None, missing_parts_message(missing))
        start, end = cleaned_data.get("start_year"), cleaned_data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot be before the start year."))
        if cleaned_data.get("contact_consent") and not (
            cleaned_data.get("contact_name") or cleaned_data.get("contact_email")
        ):
            self.add_error(
                "contact_consent", _("Give a contact name or e-mail, or untick the consent.")
            )
        return cleaned_data
