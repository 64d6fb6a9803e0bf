"""The "Propose a practice" form: the structured fields of a practice as
plain text, checkboxes for the classifications in the visitor's language,
the proposer, attachments checked by content, and a honeypot."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from practices.classification import sorted_by_name
from practices.forms import REQUIRED_MESSAGES
from practices.models import TAXONOMIES, Country, PracticePage
from practices.terms import localize_terms

from .files import ALLOWED_EXTENSIONS, content_matches_extension
from .organisations import MAX_NAME_LENGTH, MAX_ORGANISATIONS, named_organisations

# The honeypot's name: a field a person never sees and a robot fills in.
HONEYPOT = "website"
SECTIONS = ("context", "method_text", "outcomes", "transferability")
MAX_SECTION_LENGTH = 20_000


def _label(name):
    return capfirst(PracticePage._meta.get_field(name).verbose_name)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; returns a list (empty when none)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        error_messages={"required": _("Give the practice a title.")},
    )
    summary = forms.CharField(
        label=_label("summary"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PracticePage._meta.get_field("summary").help_text,
    )
    context = forms.CharField(label=_label("context"), max_length=MAX_SECTION_LENGTH)
    method_text = forms.CharField(label=_label("method_text"), max_length=MAX_SECTION_LENGTH)
    outcomes = forms.CharField(label=_label("outcomes"), max_length=MAX_SECTION_LENGTH)
    transferability = forms.CharField(
        label=_label("transferability"), max_length=MAX_SECTION_LENGTH
    )
    themes = forms.ModelMultipleChoiceField(
        label=_label("themes"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    countries = forms.ModelMultipleChoiceField(
        label=_label("countries"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_label("target_groups"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    professions = forms.ModelMultipleChoiceField(
        label=_label("professions"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    practice_types = forms.ModelMultipleChoiceField(
        label=_label("practice_types"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.CharField(
        label=_label("region"),
        max_length=200,
        required=False,
        help_text=PracticePage._meta.get_field("region").help_text,
    )
    start_year = forms.IntegerField(
        label=_label("start_year"),
        required=False,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    end_year = forms.IntegerField(
        label=_label("end_year"),
        required=False,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    organisations = forms.CharField(
        label=_("Organisations"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The organisations that run the practice, one per line."),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Give your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("An editor may write to you about the proposal."),
        error_messages={"required": _("Give your e-mail address.")},
    )
    contact_consent = forms.BooleanField(
        label=_("Show my name and e-mail on the practice page as its contact"),
        required=False,
    )
    attachments = MultipleFileField(label=_("Documents"), required=False)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        locale = locale or Locale.get_active()
        default_locale = Locale.get_default()
        for taxonomy in TAXONOMIES:
            field = self.fields[taxonomy.field]
            field.queryset = taxonomy.model.objects.filter(locale=default_locale)
            rows = list(field.queryset)
            terms = localize_terms(rows, locale)
            # The value is the default-locale row's pk, the name the visitor's language's.
            row_of = {id(term): row for row, term in zip(rows, terms, strict=True)}
            field.choices = [(row_of[id(term)].pk, term.name) for term in sorted_by_name(terms)]
        countries = self.fields["countries"]
        countries.queryset = Country.objects.all()
        countries.choices = [(c.pk, c.name) for c in sorted_by_name(countries.queryset)]
        for name, message in REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        for name in SECTIONS:
            self.fields[name].widget = forms.Textarea(attrs={"rows": 6})
            self.fields[name].help_text = PracticePage._meta.get_field(name).help_text
        self.fields["attachments"].help_text = ngettext(
            "Up to %(count)s file (PDF, office document, JPEG, PNG or WebP image), "
            "%(size)s each and %(total)s in all.",
            "Up to %(count)s files (PDF, office documents, JPEG, PNG or WebP images), "
            "%(size)s each and %(total)s in all.",
            settings.PROPOSALS_MAX_FILES,
        ) % {
            "count": settings.PROPOSALS_MAX_FILES,
            "size": filesizeformat(settings.PROPOSALS_MAX_FILE_SIZE),
            "total": filesizeformat(settings.PROPOSALS_MAX_TOTAL_SIZE),
        }
        self.fields["attachments"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in ALLOWED_EXTENSIONS
        )

    @property
    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT, "").strip())

    @property
    def chosen_file_names(self):
        """The names of the files the visitor sent (to ask them to choose again)."""
        return [f.name for f in self.files.getlist("attachments")] if self.files else []

    def error_links(self):
        """(anchor, label, message) of every error, for the summary above the form.
        A group of checkboxes is reached through its first box."""
        links = []
        for field in self:
            anchor = f"{field.auto_id}_0" if field.use_fieldset else field.auto_id
            links.extend((anchor, field.label, error) for error in field.errors)
        return links

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if len(files) > settings.PROPOSALS_MAX_FILES:
            raise forms.ValidationError(
                ngettext(
                    "Send at most %(count)s file.",
                    "Send at most %(count)s files.",
                    settings.PROPOSALS_MAX_FILES,
                )
                % {"count": settings.PROPOSALS_MAX_FILES}
            )
        errors = []
        for upload in files:
            if upload.size > settings.PROPOSALS_MAX_FILE_SIZE:
                errors.append(
                    _("“%(name)s” is too large (%(size)s): the limit is %(limit)s per file.")
                    % {
                        "name": upload.name,
                        "size": filesizeformat(upload.size),
                        "limit": filesizeformat(settings.PROPOSALS_MAX_FILE_SIZE),
                    }
                )
            elif not content_matches_extension(upload):
                errors.append(
                    _(
                        "“%(name)s” is not a PDF, an office document or a JPEG, PNG or WebP "
                        "image, or its content does not match its extension."
                    )
                    % {"name": upload.name}
                )
        total = sum(upload.size for upload in files)
        if not errors and total > settings.PROPOSALS_MAX_TOTAL_SIZE:
            errors.append(
                _("The files add up to %(size)s: the limit is %(limit)s in all.")
                % {
                    "size": filesizeformat(total),
                    "limit": filesizeformat(settings.PROPOSALS_MAX_TOTAL_SIZE),
                }
            )
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean_organisations(self):
        text = self.cleaned_data["organisations"]
        names = named_organisations(text)
        if len(names) > MAX_ORGANISATIONS:
            raise forms.ValidationError(
                _("Name at most %(count)s organisations, one per line.")
                % {"count": MAX_ORGANISATIONS}
            )
        too_long = [name for name in names if len(name) > MAX_NAME_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("An organisation's name has at most %(limit)s characters: “%(name)s…”.")
                % {"limit": MAX_NAME_LENGTH, "name": too_long[0][:40]}
            )
        return text

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_year"), cleaned_data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot be before the start year."))
        return cleaned_data
