"""Hooks of the site's base app: only a superuser makes a superuser; restricted
pages stay out of the page cache."""

from wagtail import hooks

from home.page_cache import refuse_restricted_page
from home.superuser_guard import refuse_creating_a_superuser, refuse_editing_or_granting_a_superuser

hooks.register("before_create_user", refuse_creating_a_superuser)
hooks.register("before_edit_user", refuse_editing_or_granting_a_superuser)
# A page behind a view restriction is never kept in the page cache.
hooks.register("before_serve_page", refuse_restricted_page)
