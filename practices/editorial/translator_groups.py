"""Translator roles: one "Translators — <language>" group per content language
other than the default, limited to that language, and the snippet permission
policy and views that narrow the taxonomies to its rows."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views

from practices.editorial.group_sync import page_permissions, permissions, sync_group
from practices.models.taxonomy import TAXONOMY_MODELS

GROUP_PREFIX = "Translators — "
# Model-wide permissions of every translator group, as "app_label.codename".
GROUP_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "wagtail_localize.submit_translation",
    *(f"practices.change_{model._meta.model_name}" for model in TAXONOMY_MODELS),
)
# Page permissions on the home page of the group's language tree.
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


# The language of each translator group -------------------------------------
def default_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def group_name(language_code):
    """ "Translators — French": the English name of the language."""
    return GROUP_PREFIX + get_language_info(language_code)["name"]


def translator_groups():
    """{group name: language code} for every content language but the default."""
    default = default_language()
    return {
        group_name(code): code
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != default
    }


def translator_languages(user):
    """The language codes of the translator groups `user` belongs to (cached on the user)."""
    if not hasattr(user, "_translator_languages"):
        groups = translator_groups()
        names = user.groups.filter(name__in=groups).values_list("name", flat=True)
        user._translator_languages = frozenset(groups[name] for name in names)
    return user._translator_languages


def translator_locale_ids(user):
    """The ids of the locales of translator_languages(user) (cached on the user)."""
    if not hasattr(user, "_translator_locale_ids"):
        user._translator_locale_ids = frozenset(
            Locale.objects.filter(language_code__in=translator_languages(user)).values_list(
                "pk", flat=True
            )
        )
    return user._translator_locale_ids


# Language-limited snippet permissions --------------------------------------
class LocaleScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to their languages for translators.

    A user who holds a permission only through "Translators — X" groups may
    use it on the rows in the languages X. A user who holds it otherwise
    (directly, through another group such as the editors', or as a
    superuser) may use it on every row.
    """

    def _holds_outside_translator_groups(self, user, action):
        cache = user.__dict__.setdefault("_unscoped_permissions", {})
        key = (self.model._meta.label, action)
        if key not in cache:
            other_groups = user.groups.exclude(name__in=translator_groups())
            cache[key] = Permission.objects.filter(
                Q(user=user) | Q(group__in=other_groups),
                content_type=self._content_type,
                codename=self._get_permission_codename(action),
            ).exists()
        return cache[key]

    def _scope(self, user, action):
        """None when `user` may `action` on every row, else the ids of the allowed locales."""
        if user.is_superuser or self._holds_outside_translator_groups(user, action):
            return None
        return translator_locale_ids(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        scope = self._scope(user, action)
        return scope is None or instance.locale_id in scope

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        if not allowed:
            return manager.none()
        scopes = [self._scope(user, action) for action in allowed]
        if any(scope is None for scope in scopes):
            return manager.all()
        return manager.filter(locale_id__in=set().union(*scopes))

    def users_with_any_permission_for_instance(self, actions, instance):
        permissions = self._get_permission_objects_for_actions(actions)
        translator_names = list(translator_groups())
        own_group = group_name(instance.locale.language_code)
        groups = Group.objects.filter(permissions__in=permissions).filter(
            ~Q(name__in=translator_names) | Q(name=own_group)
        )
        return (
            self.users_with_any_permission(actions)
            .filter(
                Q(is_superuser=True) | Q(user_permissions__in=permissions) | Q(groups__in=groups)
            )
            .distinct()
        )


class InstancePermissionMixin:
    """Check `permission_required` on the row itself, not only on its model
    (Wagtail's generic edit and delete views check the model only)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission_for_instance(self.permission_required, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedIndexView(snippet_views.IndexView):
    """The listing links to the edit view only for the rows the user may change."""

    def get_edit_url(self, instance):
        if self.user_has_permission_for_instance("change", instance):
            return super().get_edit_url(instance)


class ScopedEditView(InstancePermissionMixin, snippet_views.EditView):
    pass


class ScopedDeleteView(InstancePermissionMixin, snippet_views.DeleteView):
    pass


# setup_roles ---------------------------------------------------------------
def _home_page(language_code):
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return None
    # The root of the language's tree: its home page.
    return Page.objects.filter(locale=locale, depth=2).first()


def setup_translator_roles(report):
    """Create and update the translator groups, noting changes in `report`."""
    wanted_permissions = set(permissions(GROUP_PERMISSIONS).values())
    pages = page_permissions(PAGE_PERMISSIONS)
    groups = translator_groups()
    for name, code in groups.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            report.changes.append(f"Created the group {name!r}.")
        home = _home_page(code)
        if home is None:
            report.warnings.append(
                f"no {code!r} home page yet: {name!r} gets its page permissions when "
                "setup_roles runs again after it is created (make demo runs load_demo first)."
            )
        wanted_pages = {(home.pk, perm.pk) for perm in pages.values()} if home else set()
        sync_group(group, wanted_permissions, wanted_pages, report)

    # Groups of languages that are no longer configured lose their permissions.
    stale = Group.objects.filter(name__startswith=GROUP_PREFIX).exclude(name__in=groups)
    for group in stale:
        report.warnings.append(
            f"{group.name!r} matches no configured content language: permissions removed."
        )
        sync_group(group, set(), set(), report)
