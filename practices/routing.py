"""Routing to a child page in one query, and view restrictions in one more."""

from wagtail.models import Page, PageViewRestriction


class TypedChildRoutingMixin:
    """For a Page whose `subpage_types` name one model: route to it directly."""

    def child_page_model(self):
        (model,) = self.specific_class.allowed_subpage_models()
        return model

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        model = self.child_page_model()
        related = getattr(model, "route_select_related", ("locale",))
        # Slugs are unique among siblings: no ordering to compile or sort.
        children = (
            model.objects.filter(path__startswith=self.path, depth=self.depth + 1, slug=slug)
            .select_related(*related)
            .order_by()[:1]
        )
        child = next(iter(children), None)
        if child is None:
            # A child of another type (moved or created by a script, around
            # `subpage_types`) is still served, the generic way.
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, remaining)


def _known_ancestry_has_no_alias(page):
    """True when `page` and every ancestor down from the top level (the
    site's home pages, depth 2) are loaded on it and none is an alias. The
    tree's root (depth 1) is never an alias."""
    while page is not None:
        if page.alias_of_id is not None:
            return False
        if page.depth <= 2:
            return True
        page = getattr(page, "_cached_parent_obj", None)
    return False


class RoutedViewRestrictionsMixin:
    """`get_view_restrictions` in one query for a page reached by routing."""

    def get_view_restrictions(self):
        if not _known_ancestry_has_no_alias(self):
            return super().get_view_restrictions()
        steplen = Page.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        return PageViewRestriction.objects.filter(page__path__in=paths)
