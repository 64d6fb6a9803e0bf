"""The admin's flat listing of practices, with a completeness indicator and
the date each practice was last reviewed."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BaseColumn, Column
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.viewsets.pages import PageListingViewSet

from practices.completeness import annotate_completeness, completeness
from practices.models import PracticePage


class CompletenessColumn(BaseColumn):
    """A meter with its figure in words ("9 of 13") and the missing parts
    listed for screen readers and in a tooltip: colour is never the only sign."""

    cell_template_name = "practices/admin/completeness_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["completeness"] = completeness(instance)
        return context


class PracticeIndexView(PageListingViewSet.index_view_class):
    # The language has its own column.
    show_locale_labels = False

    def get_base_queryset(self):
        return annotate_completeness(super().get_base_queryset())


class PracticeListingViewSet(PageListingViewSet):
    model = PracticePage
    index_view_class = PracticeIndexView
    icon = "doc-full-inverse"
    menu_label = _("Practices")
    menu_order = 150
    add_to_admin_menu = True
    name = "practices"

    @cached_property
    def columns(self):
        return [
            BulkActionsColumn("bulk_actions"),
            PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
            Column(
                "locale",
                label=_("Language"),
                accessor=lambda page: page.locale.get_display_name(),
                width="12%",
            ),
            PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
            CompletenessColumn("completeness", label=_("Completeness"), width="18%"),
            Column(
                "last_reviewed", label=_("Last reviewed"), sort_key="last_reviewed", width="14%"
            ),
        ]


practice_listing_viewset = PracticeListingViewSet()
