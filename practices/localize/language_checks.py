"""Translators act only in their languages in wagtail-localize's views too:
views served at its URLs check every target of an action before handing over to
its own view. `UpdateTranslationsView` adds the choice of languages to "Sync
translated pages"."""

import contextlib

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail.permissions import policy_registry
from wagtail_localize.models import Translation, get_edit_url
from wagtail_localize.views import edit_translation, submit_translations, update_translations

from practices.localize import suggestions
from practices.localize.notices import notify_translation_created


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


def _refuse(request, message):
    """Back to the form with `message`, nothing changed."""
    messages.error(request, message)
    return redirect(request.get_full_path())


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


def download_pofile(request, translation_id):
    """wagtail-localize's PO file, with changed texts' previous translations
    as fuzzy entries (practices.localize.suggestions)."""
    translation = get_object_or_404(Translation, id=translation_id)
    response = HttpResponse(
        str(suggestions.export_po(translation)),
        content_type="text/x-gettext-translation",
    )
    name = f"{slugify(translation.source.object_repr)}-{translation.target_locale.language_code}"
    response["Content-Disposition"] = f"attachment; filename={name}.po"
    return response


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
                return _refuse(
                    request,
                    _(
                        "You do not have permission to translate into %(languages)s. "
                        "Nothing was submitted for translation."
                    )
                    % {"languages": _languages(refused)},
                )
        return super().post(request, **kwargs)

    def form_valid(self, form):
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
class SyncTranslationsForm(update_translations.UpdateTranslationsForm):
    """wagtail-localize's form, with the languages to bring the changes into."""

    def __init__(self, *args, locales, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locales"] = forms.ModelMultipleChoiceField(
            label=_("Languages"),
            queryset=locales,
            initial=[locale.pk for locale in offered],
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "The translations to bring the changes into. The new texts appear in the "
                "translation editor of every language; only the languages chosen here are "
                "published or machine translated."
            ),
            error_messages={"required": _("Choose at least one language.")},
        )
        self.fields["locales"].widget.choices = [
            (locale.pk, locale.get_display_name()) for locale in offered
        ]
        self.order_fields(["locales"])


def incomplete_segments(translation):
    """How many texts of `translation`'s source have no translation yet."""
    total, translated = translation.get_progress()
    return total - translated


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """Sync translated pages, per language, for whoever may change the translations.

    A user acts on the languages whose translation they may change (a
    translator on theirs, an editor or administrator on every one); "Publish
    immediately" publishes only the chosen translations that are complete
    after the sync: the others are synced without publishing, and the user is
    told which and why, so that no untranslated text goes live.
    """

    def dispatch(self, request, *args, **kwargs):
        # wagtail-localize asks for the model-wide `submit_translation`; here,
        # permission on at least one of the translations.
        self.object = self.get_object()
        self.translations = list(
            self.object.translations.filter(enabled=True).select_related("target_locale")
        )
        self.allowed_locales = [
            translation.target_locale
            for translation in self.translations
            if self._may(user_can_edit_instance, translation)
        ]
        if not self.allowed_locales:
            raise PermissionDenied
        self.components = update_translations.TranslationComponentManager.from_request(
            request, source_object_instance=self.object
        )
        return super(update_translations.UpdateTranslationsView, self).dispatch(
            request, *args, **kwargs
        )

    def _source_instance(self):
        if not hasattr(self, "_source"):
            self._source = self.object.get_source_instance()
        return self._source

    def _may(self, check, translation):
        try:
            return check(self.request.user, translation.get_target_instance())
        except ObjectDoesNotExist:  # publishing creates it
            return user_can_translate_into(
                self.request.user, self._source_instance(), translation.target_locale
            )

    def get_form(self):
        locales = Locale.objects.filter(
            pk__in=[translation.target_locale_id for translation in self.translations]
        )
        data = self.request.POST if self.request.method == "POST" else None
        return SyncTranslationsForm(data, locales=locales, offered=self.allowed_locales)

    def _chosen(self, form):
        chosen = {locale.pk for locale in form.cleaned_data["locales"]}
        return [t for t in self.translations if t.target_locale_id in chosen]

    def get_default_success_url(self):
        source = self._source_instance()
        if user_can_edit_instance(self.request.user, source):
            return super().get_default_success_url()
        # A translator, who cannot open the original's tree: back to the
        # translation editor of their language.
        for translation in self.translations:
            if translation.target_locale in self.allowed_locales:
                try:
                    return get_edit_url(translation.get_target_instance())
                except ObjectDoesNotExist:
                    continue
        return reverse("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        context = super(update_translations.UpdateTranslationsView, self).get_context_data(**kwargs)
        offered = []
        for translation in self.translations:
            if translation.target_locale not in self.allowed_locales:
                continue
            try:
                target = translation.get_target_instance()
            except ObjectDoesNotExist:
                offered.append({"title": "", "locale": translation.target_locale})
                continue
            offered.append(
                {
                    "title": str(target),
                    "locale": translation.target_locale,
                    "edit_url": self.get_edit_url(target),
                }
            )
        context.update(
            {
                "translations": offered,
                "last_sync_date": self.object.last_updated_at,
                "form": kwargs.get("form") or self.get_form(),
                "next_url": self.get_success_url(),
                "back_url": self.get_success_url() or self.get_default_success_url(),
                "components": self.components,
                "wagtail_version": update_translations.get_main_version(),
            }
        )
        return context

    def post(self, request, **kwargs):
        form = self.get_form()
        if not (form.is_valid() and self.components.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, **kwargs))
        chosen = self._chosen(form)
        refused = [t.target_locale for t in chosen if not self._may(user_can_edit_instance, t)]
        if refused:
            return _refuse(
                request,
                _(
                    "You do not have permission to sync the translations into %(languages)s. "
                    "Nothing was updated."
                )
                % {"languages": _languages(refused)},
            )
        if form.cleaned_data["publish_translations"]:
            refused = [
                t.target_locale for t in chosen if not self._may(user_can_publish_instance, t)
            ]
            if refused:
                return _refuse(
                    request,
                    _(
                        "You do not have permission to publish the translations into "
                        "%(languages)s. Nothing was updated: sync without publishing, "
                        "or ask an editor."
                    )
                    % {"languages": _languages(refused)},
                )
        return self.form_valid(form)

    @transaction.atomic
    def form_valid(self, form):
        chosen = self._chosen(form)
        self.object.update_from_db()
        if form.cleaned_data.get("use_machine_translation"):
            machine_translator = update_translations.get_machine_translator()
            for translation in chosen:
                update_translations.apply_machine_translation(
                    translation.id, self.request.user, machine_translator
                )
        held = []
        for translation in chosen:
            if form.cleaned_data["publish_translations"]:
                missing = incomplete_segments(translation)
                if not missing:
                    with contextlib.suppress(ValidationError):
                        translation.save_target(user=self.request.user, publish=True)
                    continue
                held.append((translation.target_locale, missing))
            # Synced without publishing: the translation's page keeps its
            # live text (wagtail-localize's own "sync" without publishing).
            with contextlib.suppress(ValidationError):
                self.object.update_target_view_restrictions(translation.target_locale)
        self.components.save(self.object, sources_and_translations={self.object: chosen})
        messages.success(self.request, self.get_success_message())
        if held:
            messages.warning(
                self.request,
                _(
                    "Not published in %(languages)s: %(details)s. The changes were brought "
                    "in without publishing; translate the new texts in the translation "
                    "editor, then publish."
                )
                % {
                    "languages": _languages([locale for locale, _missing in held]),
                    "details": get_text_list(
                        [
                            ngettext(
                                "%(language)s has %(count)d text not translated yet",
                                "%(language)s has %(count)d texts not translated yet",
                                missing,
                            )
                            % {"language": locale.get_display_name(), "count": missing}
                            for locale, missing in held
                        ],
                        _("and"),
                    ),
                },
            )
        return redirect(self.get_success_url() or self.get_default_success_url())


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
            _check_translation(download_pofile),
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
