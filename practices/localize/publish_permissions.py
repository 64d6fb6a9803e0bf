"""Translators publish translations only: a practice that is not a translation
needs "publish" from another group, so a translator's own practice goes through
review."""

from django.contrib.auth.models import Group
from wagtail.models import PagePermissionTester
from wagtail_localize.models import TranslationSource

from practices.editorial.translator_groups import translator_groups


def is_translation(page):
    """Was `page` made by wagtail-localize from an original in another language?"""
    return (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .exclude(locale_id=page.locale_id)
        .exists()
    )


def _translator_group_ids(user):
    if not hasattr(user, "_translator_group_ids"):
        user._translator_group_ids = frozenset(
            Group.objects.filter(name__in=translator_groups()).values_list("pk", flat=True)
        )
    return user._translator_group_ids


class OriginalsPermissionMixin:
    """A PagePermissionTester that knows where the user's "publish" comes from."""

    def publishes_originals(self):
        """May the user publish a page here that is not a translation?"""
        if self.user.is_superuser:
            return True
        translator_ids = _translator_group_ids(self.user)
        return any(
            perm.permission.codename == "publish_page"
            and perm.group_id not in translator_ids
            and self.page.path.startswith(perm.page.path)
            for perm in self.permission_policy.get_cached_permissions_for_user(self.user)
        )


class PracticePermissionTester(OriginalsPermissionMixin, PagePermissionTester):
    """A practice: "publish" through a translator group covers translations only."""

    def can_publish(self):
        if not super().can_publish():
            return False
        if not hasattr(self, "_can_publish"):
            self._can_publish = self.publishes_originals() or is_translation(self.page)
        return self._can_publish


class PracticeIndexPermissionTester(OriginalsPermissionMixin, PagePermissionTester):
    """A practice index: a new practice created under it is never a translation
    (wagtail-localize creates translations without this view)."""

    def can_publish_subpage(self):
        return super().can_publish_subpage() and self.publishes_originals()
