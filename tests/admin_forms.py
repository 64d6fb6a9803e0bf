"""The POST data of Wagtail's add and edit forms of a practice, as the admin
submits them (shared by the admin, role and permission tests)."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

# What Draftail submits for an empty editor: its serialiser returns null.
EMPTY_RICH_TEXT = "null"

NEW_PRACTICE = {
    "title": "Neighbourhood care teams",
    "slug": "neighbourhood-care-teams",
    "summary": "Small teams of carers organise home support with the neighbours.",
    "context": rich_text("<p>Older people living alone in rural villages.</p>"),
    "method_text": rich_text("<p>Teams of twelve carers plan visits together.</p>"),
    "outcomes": rich_text("<p>Fewer emergency admissions.</p>"),
    "indicators": streamfield(
        [("indicator", {"label": "Households supported", "value": "1 200", "unit": "a year"})]
    ),
    "transferability": rich_text("<p>Needs a municipal partner willing to pool budgets.</p>"),
    "resources": EMPTY_RICH_TEXT,
    "difficulties": EMPTY_RICH_TEXT,
    "region": "Loire-Atlantique",
    "start_year": "2018",
    "status": "ongoing",
    "licence": "cc-by-4.0",
    "last_reviewed": "2026-01-15",
}


def values_of(page):
    """The form values of an existing practice."""

    def html(value):
        return rich_text(value) if value else EMPTY_RICH_TEXT

    return {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        **{name: html(getattr(page, name)) for name in ("context", "method_text", "outcomes")},
        "indicators": streamfield([]),
        "transferability": html(page.transferability),
        "resources": html(page.resources),
        "difficulties": html(page.difficulties),
        "region": page.region,
        "start_year": str(page.start_year or ""),
        "status": page.status,
        "licence": page.licence,
        "last_reviewed": page.last_reviewed.isoformat(),
    }


def practice_form_data(page=None, *, themes=None, countries=None, **overrides):
    """POST data publishing `page` (or a new sample practice) with `overrides`.

    `themes` and `countries` are lists of ids; by default those of `page`.
    """
    data = {
        "image": "",
        "attachments": streamfield([]),
        "tags": "",
        "end_year": "",
        "contact_name": "",
        "contact_role": "",
        "contact_email": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        "action-publish": "action-publish",
        **(values_of(page) if page is not None else NEW_PRACTICE),
        **overrides,
    }
    data = nested_form_data(data)
    # Multi-valued fields: nested_form_data would flatten lists into "themes-0" keys.
    if themes is None and page is not None:
        themes = page.themes.values_list("pk", flat=True)
    if countries is None and page is not None:
        countries = page.countries.values_list("pk", flat=True)
    data["themes"] = [str(pk) for pk in themes or []]
    data["countries"] = [str(pk) for pk in countries or []]
    return data
