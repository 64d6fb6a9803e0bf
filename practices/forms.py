"""Admin form for practice pages: validation messages an editor understands."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

REQUIRED_MESSAGES = {
    "summary": _("Write a short summary: it is shown in search results and on cards."),
    "context": _("Describe the context: the situation and needs addressed, and for whom."),
    "method": _("Describe the method: what was done, step by step."),
    "outcomes": _("Describe the outcomes: the results and the evidence for them."),
    "transferability": _(
        "Describe the transferability: preconditions and what another country must adapt."
    ),
    "themes": _("Choose at least one theme."),
    "countries": _("Choose at least one country."),
}


class PracticePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        for name in ("themes", "countries", "target_groups", "professions", "practice_types"):
            if name in self.fields:
                # Alphabetical in the editor's language (country names are translated).
                choices = sorted(self.fields[name].choices, key=lambda c: str(c[1]).casefold())
                self.fields[name].widget = forms.CheckboxSelectMultiple(choices=choices)

    def clean(self):
        cleaned_data = super().clean()
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
