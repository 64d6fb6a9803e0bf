"""Admin for the practices' snippets: taxonomies, countries, organisations
and Erasmus+ projects, grouped in one "Repository" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices.models import (
    Country,
    ErasmusProject,
    Organisation,
    PracticeType,
    Profession,
    TargetGroup,
    Theme,
)
from practices.roles import (
    TAXONOMY_MODELS,
    LocaleScopedPermissionPolicy,
    ScopedDeleteView,
    ScopedEditView,
    ScopedIndexView,
)

# Translators may change only the taxonomy rows in their language (practices.roles).
for _model in TAXONOMY_MODELS:
    register_permission_policy(_model, LocaleScopedPermissionPolicy(_model))


class TaxonomyViewSet(SnippetViewSet):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView


class ThemeViewSet(TaxonomyViewSet):
    model = Theme
    icon = "tag"


class TargetGroupViewSet(TaxonomyViewSet):
    model = TargetGroup
    icon = "group"


class ProfessionViewSet(TaxonomyViewSet):
    model = Profession
    icon = "user"


class PracticeTypeViewSet(TaxonomyViewSet):
    model = PracticeType
    icon = "list-ul"


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "code"]
    ordering = ["code"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "home"
    list_display = ["name", "type", "country", "city", "needs_checking"]
    list_filter = ["type", "needs_checking"]
    search_fields = ["name", "city"]


class ErasmusProjectViewSet(SnippetViewSet):
    model = ErasmusProject
    icon = "folder-open-inverse"
    list_display = ["title", "acronym", "reference", "call_year"]
    list_filter = ["key_action", "call_year"]
    search_fields = ["title", "acronym", "reference"]


class RepositoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Repository")
    menu_icon = "folder-inverse"
    menu_order = 200
    items = (
        ThemeViewSet,
        TargetGroupViewSet,
        ProfessionViewSet,
        PracticeTypeViewSet,
        CountryViewSet,
        OrganisationViewSet,
        ErasmusProjectViewSet,
    )


register_snippet(RepositoryViewSetGroup)
from practices import (  # noqa: E402,F401
    alias_conversion,  # "Convert to alias page": who may, and what is lost
    superuser_guard,  # noqa: E402,F401  (only a superuser makes one)
    translation_editor,  # the translation editor: the original changed, suggestions
    translation_hooks,
    translation_permissions,
)


# The flat listing of practices, with their completeness (practices.admin_views).
@hooks.register("register_admin_viewset")
def register_practice_listing():
    from practices.admin_views import practice_listing_viewset

    return practice_listing_viewset


# The dashboard lists the practices due for a review to those who can edit pages.
@hooks.register("construct_homepage_panels")
def add_stale_practices_panel(request, panels):
    from practices.admin_views import StalePracticesPanel, can_edit_pages

    if can_edit_pages(request.user):
        panels.append(StalePracticesPanel(request.user))


# Proposals from the public form, read-only in the admin (practices.proposals.admin).
from practices.proposals.admin import register_proposal_admin  # noqa: E402

register_proposal_admin()


# The translators' workspace (practices.translator_dashboard): their work on
# the dashboard, "Translate into <language>", their language's practices in
# the summary.
@hooks.register("register_admin_urls")
def register_translation_work_urls():
    from practices.translator_dashboard import admin_urls

    return admin_urls()


@hooks.register("construct_homepage_panels")
def add_translation_work_panels(request, panels):
    from practices.translator_dashboard import construct_panels

    construct_panels(request, panels)


@hooks.register("construct_homepage_summary_items", order=100)
def show_translators_their_practices(request, items):
    from practices.translator_dashboard import construct_summary_items

    construct_summary_items(request, items)
