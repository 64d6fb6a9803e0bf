"""The practices app's admin: its snippets in one "Repository" menu, the
Practices listing, and every admin hook of the app (translation tools,
dashboard panels, permission policies)."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices.editorial.practice_listing import (
    StalePracticesPanel,
    can_edit_pages,
    practice_listing_viewset,
)
from practices.editorial.proposals.admin import register_proposal_admin
from practices.editorial.translator_groups import (
    TAXONOMY_MODELS,
    LocaleScopedPermissionPolicy,
    ScopedDeleteView,
    ScopedEditView,
    ScopedIndexView,
)
from practices.localize import alias_conversion, dashboard, editor, language_checks, po_upload
from practices.models import (
    Country,
    ErasmusProject,
    Organisation,
    PracticeType,
    Profession,
    TargetGroup,
    Theme,
)

# Translators may change only the taxonomy rows in their language (practices.editorial.translator_groups).
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

# Proposals from the public form, read-only in the admin.
register_proposal_admin()


@hooks.register("register_admin_viewset")
def register_practice_listing():
    return practice_listing_viewset


@hooks.register("insert_editor_js")
def wait_for_autosave_before_submitting():
    # Wagtail 8.0.1 lets a Save draft or Publish cross an autosave on its way:
    # on a new page, the publish reaches the create view after the autosave has
    # created the page and is refused (its slug taken). The script holds the
    # submission until the autosave has answered (it says how, and why).
    return format_html('<script src="{}"></script>', static("practices/js/editor-autosave.js"))


@hooks.register("construct_homepage_panels")
def add_stale_practices_panel(request, panels):
    if can_edit_pages(request.user):
        panels.append(StalePracticesPanel(request.user))


# wagtail-localize, hardened: views served at its own URLs, registered before
# it (order=-1), and checks around its translation editor.
hooks.register("construct_page_action_menu", alias_conversion.hide_convert_to_alias)
hooks.register("register_admin_urls", alias_conversion.register_admin_urls, order=-1)
hooks.register("before_edit_page", editor.tell_that_the_original_changed, order=-1)
hooks.register("before_edit_page", editor.refuse_publishing_untranslated_text, order=-1)
hooks.register("before_bulk_action", editor.refuse_bulk_publishing_untranslated_text)
hooks.register("register_admin_urls", po_upload.register_admin_urls, order=-1)
hooks.register("register_admin_urls", language_checks.register_admin_urls, order=-1)

# The translators' workspace: their work on the dashboard, "Translate into
# <language>", their language's practices in the summary.
hooks.register("register_admin_urls", dashboard.admin_urls)
hooks.register("construct_homepage_panels", dashboard.construct_panels)
hooks.register("construct_homepage_summary_items", dashboard.construct_summary_items, order=100)
