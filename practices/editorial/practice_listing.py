"""The admin's flat listing of practices, with a completeness indicator and
the date each practice was last reviewed, and the dashboard panel of the
practices due for a review."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BaseColumn, Column
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy

from practices.editorial.completeness import annotate_completeness, completeness
from practices.editorial.freshness import review_interval_days, stale_practices
from practices.localize.dashboard import PracticeChooseParentView
from practices.models import PracticePage

page_permission_policy = PagePermissionPolicy()


class CompletenessColumn(BaseColumn):
    """A meter with its figure in words ("9 of 13") and the missing parts
    listed for screen readers and in a tooltip: colour is never the only sign."""

    cell_template_name = "practices/admin/completeness_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["completeness"] = completeness(instance)
        return context


class LanguageColumn(BaseColumn):
    """The page's language, named in that language (and marked so)."""

    cell_template_name = "practices/admin/language_cell.html"


class PracticeTitleColumn(PageTitleColumn):
    """The title, linked to the edit view, without Wagtail's per-row menu of
    actions (wagtail-localize's entries in it cost two queries a row)."""

    cell_template_name = "practices/admin/practice_title_cell.html"


class PracticeIndexView(PageListingViewSet.index_view_class):
    # The language has its own column.
    show_locale_labels = False

    def get_base_queryset(self):
        return annotate_completeness(super().get_base_queryset())

    def get_add_url(self):
        # Wagtail adds the listing's locale (the default language, unless one
        # is chosen): without a choice, "Add" opens the user's working language.
        url = super().get_add_url()
        if url and not self.request.GET.get("locale"):
            return reverse(self.add_url_name)
        return url


class PracticeListingViewSet(PageListingViewSet):
    model = PracticePage
    index_view_class = PracticeIndexView
    # "Add practice" opens the user's working language (practices.localize.dashboard).
    choose_parent_view_class = PracticeChooseParentView
    icon = "doc-full-inverse"
    menu_label = _("Practices")
    menu_order = 150
    add_to_admin_menu = True
    name = "practices"

    @cached_property
    def columns(self):
        return [
            BulkActionsColumn("bulk_actions"),
            PracticeTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
            LanguageColumn("locale", label=_("Language"), width="12%"),
            PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
            CompletenessColumn("completeness", label=_("Completeness"), width="18%"),
            Column(
                "last_reviewed", label=_("Last reviewed"), sort_key="last_reviewed", width="14%"
            ),
        ]


practice_listing_viewset = PracticeListingViewSet()


class StalePracticesPanel(Component):
    """Dashboard panel: the published practices longest without a review."""

    name = "stale_practices"
    template_name = "practices/admin/stale_practices_panel.html"
    order = 250
    shown = 10

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        practices = stale_practices()
        page_ids = [page.pk for item in practices for page in item.pages]
        editable = set(
            page_permission_policy.instances_user_has_permission_for(self.user, "change")
            .filter(pk__in=page_ids)
            .values_list("pk", flat=True)
        )
        rows = []
        for item in practices:
            target = next((page for page in item.pages if page.pk in editable), None)
            if target is not None:
                rows.append({"practice": item, "edit_page": target})
        context.update(
            rows=rows[: self.shown],
            count=len(rows),
            interval=review_interval_days(),
            listing_url=reverse(f"{practice_listing_viewset.name}:index")
            + "?ordering=last_reviewed",
        )
        return context


def can_edit_pages(user):
    return page_permission_policy.user_has_permission(user, "change")
