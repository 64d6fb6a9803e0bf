"""Routing to a child page in one query.

Wagtail's `Page.route` finds a child as a base `Page`, then loads its
specific model: two queries per level of the URL. Our trees allow a single
child type under each page (`subpage_types`), so a page asks that model for
the child directly, with its locale, in one query, and falls back to the
generic route for anything else.
"""


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
        child = model.objects.child_of(self).select_related("locale").filter(slug=slug).first()
        if child is None:
            # A child of another type (moved or created by a script, around
            # `subpage_types`) is still served, the generic way.
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, remaining)
