"""How complete a practice is: which of its optional parts are filled, for the
admin's listing of practices (the required parts are checked on submission by
practices.forms)."""

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

# The optional parts of a practice, in the order of the admin form.
PARTS = {
    "image": _("image"),
    "indicators": _("indicators"),
    "resources": _("resources needed"),
    "difficulties": _("difficulties and lessons learned"),
    "attachments": _("attachments"),
    "organisations": _("organisations"),
    "project": _("Erasmus+ project"),
    "target_groups": _("target groups"),
    "professions": _("professions"),
    "practice_types": _("practice types"),
    "years": _("years"),
    "region": _("region or city"),
    "contact": _("contact agreed to be shown"),
}

RELATIONS = ("organisations", "target_groups", "professions", "practice_types")
STREAMS = ("indicators", "attachments")


def annotation_name(part):
    return f"has_{part}"


def annotate_completeness(queryset):
    """`queryset` of practices with a boolean `has_<part>` for each relation
    and StreamField, so that `completeness` needs no query per practice."""
    model = queryset.model
    annotations = {}
    for name in RELATIONS:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        annotations[annotation_name(name)] = Exists(
            through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")})
        )
    for name in STREAMS:
        # A StreamField is a JSON list: filled when it has a first item.
        annotations[annotation_name(name)] = ExpressionWrapper(
            Q(**{f"{name}__0__isnull": False}), output_field=BooleanField()
        )
    return queryset.annotate(**annotations)


def has_text(html):
    return bool(strip_tags(html or "").strip())


def _filled(page, part):
    annotated = getattr(page, annotation_name(part), None)
    if annotated is not None:
        return bool(annotated)
    if part in RELATIONS:
        return getattr(page, part).exists()
    if part in STREAMS:
        return len(getattr(page, part)) > 0
    if part == "image":
        return page.image_id is not None
    if part == "project":
        return page.project_id is not None
    if part in ("resources", "difficulties"):
        return has_text(getattr(page, part))
    if part == "years":
        return bool(page.start_year or page.end_year)
    if part == "region":
        return bool(page.region.strip())
    if part == "contact":
        return page.public_contact is not None
    raise ValueError(part)


@dataclass(frozen=True)
class Completeness:
    filled: tuple
    missing: tuple

    @property
    def total(self):
        return len(self.filled) + len(self.missing)

    @property
    def count(self):
        return len(self.filled)

    @property
    def missing_labels(self):
        return [PARTS[part] for part in self.missing]

    @property
    def missing_text(self):
        """The missing parts as one line, items joined as in the form's message."""
        separator = pgettext("between the items of a list of missing parts", "; ")
        return separator.join(str(label) for label in self.missing_labels)

    @property
    def percent(self):
        return round(100 * self.count / self.total)


def completeness(page):
    """Which optional parts of `page` are filled and which are missing."""
    filled, missing = [], []
    for part in PARTS:
        (filled if _filled(page, part) else missing).append(part)
    return Completeness(filled=tuple(filled), missing=tuple(missing))
