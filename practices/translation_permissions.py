"""Translators act only in their languages in wagtail-localize's views too.

wagtail-localize checks model-wide permissions where the translator roles
(practices.roles) are limited to a language: its string translation API and
PO/machine translation/stop views accept any user who may change the snippet
model, "Translate" any user with `wagtail_localize.submit_translation`, and
"Sync translated pages" publishes every translation. The views below are
served at wagtail-localize's URLs, registered before them (order=-1), check
that the user may act on every target of the action, then hand over to
wagtail-localize's own view:

- a translation's target page: Wagtail's page permissions (edit, or publish
  for a publishing sync); a new page translation: add permission on the
  page that will be its parent in that language's tree;
- a translation's target snippet: the row's permission policy (for the
  taxonomies, LocaleScopedPermissionPolicy); a new snippet translation: the
  policy's "change" permission on a row in that language.

A denied single-target request gets Wagtail's usual answer (PermissionDenied;
a 403 for the JSON API); a "Translate" or "Sync" form naming a language the
user may not act on is refused as a whole, with a message, changing nothing.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from wagtail import hooks
from wagtail.models import DraftStateMixin, Page
from wagtail.permissions import policy_registry
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation, submit_translations, update_translations


# Permission checks ---------------------------------------------------------
def user_can_edit_instance(user, instance):
    """May `user` change `instance`, the target of a translation?"""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    return policy_registry.get(instance).user_has_permission_for_instance(user, "change", instance)


def user_can_publish_instance(user, instance):
    """May `user` publish `instance` (save it, for a snippet without drafts)?"""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    action = "publish" if isinstance(instance, DraftStateMixin) else "change"
    return policy_registry.get(instance).user_has_permission_for_instance(user, action, instance)


def _translated_parent(page, locale):
    """The page under which a translation of `page` into `locale` goes."""
    for ancestor in reversed(list(page.get_ancestors())):
        if ancestor.is_root():
            return ancestor
        translated = ancestor.get_translation_or_none(locale)
        if translated is not None:
            return translated


def user_can_translate_into(user, instance, locale):
    """May `user` create (or, replacing an alias, change) the translation of
    `instance` into `locale`?

    A new page translation goes under the page's translated parent: whoever
    may add pages there (translators of that language, editors) or edit
    pages there (reviewers, who request translations without creating
    practices) may create it."""
    if isinstance(instance, Page):
        existing = instance.get_translation_or_none(locale)
        if existing is not None:
            return user_can_edit_instance(user, existing)
        parent = _translated_parent(instance, locale)
        permissions = parent.permissions_for_user(user)
        return permissions.can_add_subpage() or permissions.can_edit()
    row = type(instance)(locale=locale)
    return policy_registry.get(instance).user_has_permission_for_instance(user, "change", row)


def _languages(locales):
    return get_text_list([locale.get_display_name() for locale in locales], _("and"))


# The translation editor's views --------------------------------------------
def _check_translation(view, *, api=False):
    """`view`, refused unless the user may change the translation's target."""

    def checked(request, translation_id, *args, **kwargs):
        translation = get_object_or_404(Translation, id=translation_id)
        if not user_can_edit_instance(request.user, translation.get_target_instance()):
            if api:
                return JsonResponse({"detail": str(ApiPermissionDenied.default_detail)}, status=403)
            raise PermissionDenied
        return view(request, translation_id, *args, **kwargs)

    # The API views check the CSRF token themselves (DRF's SessionAuthentication).
    return csrf_exempt(checked) if api else checked


# "Translate" ---------------------------------------------------------------
class LocaleCheckedSubmitMixin:
    def get_form(self):
        form = super().get_form()
        if self.request.method != "POST":
            # Offer only the languages the user may translate into.
            field = form.fields["locales"]
            allowed = [
                locale.pk
                for locale in field.queryset
                if user_can_translate_into(self.request.user, self.object, locale)
            ]
            field.queryset = field.queryset.filter(pk__in=allowed)
        return form

    def post(self, request, **kwargs):
        form = self.get_form()
        if form.is_valid():
            refused = [
                locale
                for locale in form.cleaned_data["locales"]
                if not user_can_translate_into(request.user, self.object, locale)
            ]
            if refused:
                messages.error(
                    request,
                    _(
                        "You do not have permission to translate into %(languages)s. "
                        "Nothing was submitted for translation."
                    )
                    % {"languages": _languages(refused)},
                )
                return redirect(request.get_full_path())
        return super().post(request, **kwargs)

    def form_valid(self, form):
        from practices.translation_notices import notify_translation_created

        response = super().form_valid(form)
        # The translators of each language are told (after the commit).
        notify_translation_created(self.object, form.cleaned_data["locales"], self.request.user)
        return response


class SubmitPageTranslationView(
    LocaleCheckedSubmitMixin, submit_translations.SubmitPageTranslationView
):
    pass


class SubmitSnippetTranslationView(
    LocaleCheckedSubmitMixin, submit_translations.SubmitSnippetTranslationView
):
    pass


# "Sync translated pages" ---------------------------------------------------
class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """Publishing (or machine translating) the translations needs permission on each of them."""

    def _refused_locales(self, check):
        refused = []
        source_instance = None
        for translation in self.object.translations.filter(enabled=True).select_related(
            "target_locale"
        ):
            locale = translation.target_locale
            try:
                allowed = check(self.request.user, translation.get_target_instance())
            except ObjectDoesNotExist:  # publishing creates it
                source_instance = source_instance or self.object.get_source_instance()
                allowed = user_can_translate_into(self.request.user, source_instance, locale)
            if not allowed:
                refused.append(locale)
        return refused

    def post(self, request, **kwargs):
        form = self.get_form()
        if form.is_valid():
            refused = []
            if form.cleaned_data.get("use_machine_translation"):
                refused = self._refused_locales(user_can_edit_instance)
            if form.cleaned_data["publish_translations"]:
                refused = self._refused_locales(user_can_publish_instance)
            if refused:
                messages.error(
                    request,
                    _(
                        "You do not have permission to publish the translations into "
                        "%(languages)s. Nothing was updated: sync without publishing, "
                        "or ask an editor."
                    )
                    % {"languages": _languages(refused)},
                )
                return redirect(request.get_full_path())
        return super().post(request, **kwargs)


@hooks.register("register_admin_urls", order=-1)
def register_admin_urls():
    # wagtail-localize's paths (under "localize/"), registered before its own
    # (order=-1), so that these views answer them.
    prefix = "localize/"
    return [
        path(
            prefix + "submit/page/<int:page_id>/",
            SubmitPageTranslationView.as_view(),
            name="practices_submit_page_translation",
        ),
        path(
            prefix + "submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            SubmitSnippetTranslationView.as_view(),
            name="practices_submit_snippet_translation",
        ),
        path(
            prefix + "update/<int:translation_source_id>/",
            UpdateTranslationsView.as_view(),
            name="practices_update_translations",
        ),
        path(
            prefix + "translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
            _check_translation(edit_translation.edit_string_translation, api=True),
            name="practices_edit_string_translation",
        ),
        path(
            prefix + "translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
            _check_translation(edit_translation.edit_override, api=True),
            name="practices_edit_override",
        ),
        path(
            prefix + "translate/<int:translation_id>/pofile/download/",
            _check_translation(edit_translation.download_pofile),
            name="practices_download_pofile",
        ),
        path(
            prefix + "translate/<int:translation_id>/machine_translate/",
            _check_translation(edit_translation.machine_translate),
            name="practices_machine_translate",
        ),
        path(
            prefix + "translate/<int:translation_id>/disable/",
            _check_translation(edit_translation.stop_translation),
            name="practices_stop_translation",
        ),
    ]
