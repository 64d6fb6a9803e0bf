"""No admin form field may hide a property of the edit form that the admin's JavaScript needs.

A field renders `<input name="x">`, and the form element then answers
`form.x` with that input instead of its own property (HTMLFormElement
overrides built-ins with its named elements). A practice field named
`method` made Wagtail 8's autosave call `fetch(form.action, {method:
form.method})` with an element: every edit showed "A network error
occurred" and "Autosave is paused".

What is checked against what:

- The project's own fields of every page model (those not on Wagtail's
  `Page`) against the whole list below (HTMLFormElement's properties and
  methods, and the one-word properties and methods it inherits from
  HTMLElement, Element, Node and EventTarget): no JavaScript, ours or
  Wagtail's, should ever find an input where it expects the form's property.
- Wagtail's own page fields (`title`, `slug`, `seo_title`…) are Wagtail's
  to name: `<input name="title">` does hide `form.title`, but nothing reads
  it. They are checked against what Wagtail 8.0.1's admin JavaScript reads
  on a form (wagtailadmin/js/core.js): autosave reads `method`, `action`
  and `elements` (and writes `action`); the submit controller calls
  `requestSubmit`/`submit`; the loading button reads `checkValidity` and
  `noValidate`.
- Snippet forms: Wagtail autosaves only models with revisions
  (RevisionMixin); their fields are checked against the whole list. The
  others (none of ours has revisions) against what Wagtail reads: the
  organisation's `name` hides `form.name`, which Wagtail's JavaScript does
  not read; this test fails if Organisation ever gets revisions, and its
  field must then be renamed.
"""

import pytest
from django.conf import settings
from wagtail.admin.panels import get_edit_handler
from wagtail.models import Page, RevisionMixin, get_page_models
from wagtail.snippets.models import get_snippet_models

PROJECT_APPS = {"practices", "home", "search"}

HTML_FORM_ELEMENT = {
    # HTMLFormElement
    "acceptCharset", "action", "autocomplete", "elements", "encoding", "enctype", "length",
    "method", "name", "noValidate", "rel", "relList", "target", "checkValidity",
    "reportValidity", "requestSubmit", "reset", "submit",
    # inherited one-word names (HTMLElement, Element, Node, EventTarget)
    "id", "title", "lang", "dir", "hidden", "inert", "style", "dataset", "slot", "part",
    "role", "nonce", "autofocus", "draggable", "translate", "popover", "spellcheck",
    "attributes", "children", "contains", "closest", "matches", "append", "prepend",
    "remove", "before", "after", "focus", "blur", "click", "prefix", "animate",
}  # fmt: skip
READ_BY_WAGTAIL = {
    "method", "action", "elements", "requestSubmit", "submit", "checkValidity", "noValidate",
}  # fmt: skip
WAGTAIL_PAGE_FIELDS = {field.name for field in Page._meta.get_fields()}


def project_models(models):
    return sorted(
        (model for model in models if model._meta.app_label in PROJECT_APPS),
        key=lambda model: model._meta.label,
    )


def form_fields(model):
    return set(get_edit_handler(model).get_form_class().base_fields)


@pytest.mark.parametrize("model", project_models(get_page_models()), ids=str)
def test_page_form_fields_leave_the_form_properties_alone(model):
    fields = form_fields(model)
    own = fields - WAGTAIL_PAGE_FIELDS

    assert own & HTML_FORM_ELEMENT == set(), model
    assert fields & WAGTAIL_PAGE_FIELDS & READ_BY_WAGTAIL == set(), model


@pytest.mark.parametrize("model", project_models(get_snippet_models()), ids=str)
def test_snippet_form_fields_leave_the_form_properties_alone(model):
    autosaved = issubclass(model, RevisionMixin) and getattr(
        settings, "WAGTAIL_AUTOSAVE_INTERVAL", 500
    )
    forbidden = HTML_FORM_ELEMENT if autosaved else READ_BY_WAGTAIL

    assert form_fields(model) & forbidden == set(), model


def test_the_practice_form_was_checked():
    from practices.models import Organisation, PracticePage

    assert "method_text" in form_fields(PracticePage)
    assert PracticePage in project_models(get_page_models())
    assert "name" in form_fields(Organisation)
    assert not issubclass(Organisation, RevisionMixin)
