"""Admin hooks of the site's base app: only a superuser makes a superuser."""

from wagtail import hooks

from home.superuser_guard import refuse_creating_a_superuser, refuse_editing_or_granting_a_superuser

hooks.register("before_create_user", refuse_creating_a_superuser)
hooks.register("before_edit_user", refuse_editing_or_granting_a_superuser)
