"""The translators' workspace: what there is to do in their language on the
dashboard, a "see all" listing per kind of work, the one-click "Translate
into <language>", and "Add practice" opening the right language's tree."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.choose_parent import ChooseParentView
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page
from wagtail_localize.operations import translate_object

from practices.editorial.translator_groups import translator_groups, translator_locale_ids
from practices.localize.language_checks import user_can_translate_into
from practices.localize.notices import notify_translation_created
from practices.localize.work import (
    IN_PROGRESS,
    ORIGINAL_CHANGED,
    SECTIONS,
    TO_TRANSLATE,
    translation_work,
    untranslated_practices,
)
from practices.models import PracticeIndexPage, PracticePage

SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"
# Rows of each kind of work on the dashboard; the rest is behind "see all".
SHOWN = 5
PER_PAGE = 25

SECTION_HEADINGS = {
    TO_TRANSLATE: gettext_lazy("Practices to translate"),
    IN_PROGRESS: gettext_lazy("Translations in progress"),
    ORIGINAL_CHANGED: gettext_lazy("Originals that changed"),
}


def language_name(locale):
    """The locale's language, named in the admin's language ("Italian", "italiano")."""
    return get_language_info(locale.language_code)["name_translated"]


def translator_locales(user):
    """The locales of the translator groups of `user`, in a stable order."""
    return list(Locale.objects.filter(pk__in=translator_locale_ids(user)).order_by("language_code"))


def working_locale(user):
    """The language a user works in: a translator's language, else the
    user's admin language when it is a content language, else the default."""
    locales = translator_locales(user)
    if locales:
        return locales[0]
    try:
        code = get_supported_content_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return Locale.get_default()
    return Locale.objects.filter(language_code=code).first() or Locale.get_default()


def sync_url(translation):
    """wagtail-localize's "Sync translated pages" for the translation's source, back to the dashboard."""
    url = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    return url + "?" + urlencode({"next": reverse("wagtailadmin_home")})


def _rows(section, items):
    if section == TO_TRANSLATE:
        return [{"page": page} for page in items]
    rows = []
    for item in items:
        total, done = item.progress()
        rows.append(
            {
                "work": item,
                "total": total,
                "done": done,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[item.target.pk]),
                "sync_url": sync_url(item.translation) if section == ORIGINAL_CHANGED else None,
            }
        )
    return rows


def _count(items):
    return items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)


def section_context(locale, section, items, limit):
    count = _count(items)
    return {
        "name": section,
        "heading": SECTION_HEADINGS[section],
        "count": count,
        "rows": _rows(section, items[:limit]),
        "see_all_url": reverse("practices_translation_work", args=[locale.language_code, section])
        if count > limit
        else None,
    }


class TranslationWorkPanel(Component):
    """Dashboard panel: a translator's work in one language."""

    template_name = "practices/admin/translation_work_panel.html"
    order = 50  # before Wagtail's own panels

    def __init__(self, user, locale):
        self.user = user
        self.locale = locale
        self.name = f"translation_work_{locale.language_code}"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        work = translation_work(self.locale)
        sections = [
            section_context(self.locale, section, work[section], SHOWN) for section in SECTIONS
        ]
        context.update(
            locale=self.locale,
            language=language_name(self.locale),
            sections=sections,
            empty=not any(section["count"] for section in sections),
            csrf_token=parent_context.get("csrf_token"),
            request=parent_context.get("request"),
        )
        return context


class TranslationWorkView(WagtailAdminTemplateMixin, TemplateView):
    """Every item of one kind of work in one language, paginated."""

    template_name = "practices/admin/translation_work_list.html"
    header_icon = "wagtail-localize-language"

    def dispatch(self, request, language_code, section):
        if section not in SECTIONS:
            raise Http404
        self.locale = get_object_or_404(Locale, language_code=language_code)
        if self.locale.pk not in translator_locale_ids(request.user):
            raise PermissionDenied
        self.section = section
        return super().dispatch(request)

    def get_page_title(self):
        return f"{SECTION_HEADINGS[self.section]} ({language_name(self.locale)})"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Dashboard")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = translation_work(self.locale)[self.section]
        page = Paginator(items, PER_PAGE).get_page(self.request.GET.get("p"))
        section = section_context(self.locale, self.section, items, 0)
        section.update(rows=_rows(self.section, page.object_list), see_all_url=None)
        context.update(
            locale=self.locale,
            language=language_name(self.locale),
            section=section,
            page_obj=page,
        )
        return context


@require_POST
def start_translation(request):
    """ "Translate into <language>": create the translation of a practice
    through wagtail-localize (as its "Translate" view does) and open it in
    the translation editor."""
    if not request.user.has_perm(SUBMIT_TRANSLATION):
        raise PermissionDenied
    page_id = request.POST.get("page", "")
    page = Page.objects.filter(pk=int(page_id)).first() if page_id.isdigit() else None
    locale = Locale.objects.filter(language_code=request.POST.get("locale", "")).first()
    if page is None or locale is None or page.is_root() or page.locale_id == locale.pk:
        return HttpResponseBadRequest(
            _("This page cannot be translated into this language: reload the dashboard.")
        )
    page = page.specific
    existing = page.get_translation_or_none(locale)
    if existing is not None and existing.alias_of_id is None:
        messages.info(
            request,
            _("“%(title)s” is already being translated into %(language)s.")
            % {"title": page.title, "language": language_name(locale)},
        )
        return redirect("wagtailadmin_pages:edit", existing.pk)
    if not user_can_translate_into(request.user, page, locale):
        raise PermissionDenied
    translate_object(page, [locale], user=request.user)
    translated = page.get_translation(locale)
    notify_translation_created(page, [locale], request.user)
    messages.success(
        request,
        _("The translation of “%(title)s” into %(language)s is created: translate it below.")
        % {"title": page.title, "language": language_name(locale)},
    )
    return redirect("wagtailadmin_pages:edit", translated.pk)


class TranslatorPracticesSummaryItem(SummaryItem):
    """Instead of Wagtail's page count of the translator's tree: the
    practices in their language, and how many wait for a translation."""

    order = 100
    template_name = "practices/admin/translator_summary_item.html"

    def __init__(self, request, locale):
        super().__init__(request)
        self.locale = locale

    def get_context_data(self, parent_context):
        index = PracticeIndexPage.objects.filter(locale=self.locale).first()
        return {
            "language": language_name(self.locale),
            "count": PracticePage.objects.filter(locale=self.locale).count(),
            "to_translate": untranslated_practices(self.locale).count(),
            "explore_url": reverse("wagtailadmin_explore", args=[index.pk]) if index else None,
        }


def construct_summary_items(request, items):
    """Translators see their language's practices instead of Wagtail's page count."""
    locales = translator_locales(request.user)
    if not locales or request.user.is_superuser:
        return
    items[:] = [item for item in items if type(item).__name__ != "PagesSummaryItem"]
    for locale in locales:
        items.insert(0, TranslatorPracticesSummaryItem(request, locale))


def only_translator(user):
    """A translator with no other role (editorial groups, superuser)."""
    return (
        not user.is_superuser
        and bool(translator_locale_ids(user))
        and not user.groups.exclude(name__in=translator_groups()).exists()
    )


def construct_panels(request, panels):
    """Translators' work first; the practices due for a content review
    (practices.editorial.practice_listing.StalePracticesPanel) are not theirs to review."""
    locales = translator_locales(request.user)
    if locales and only_translator(request.user):
        panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "stale_practices"]
    for locale in locales:
        panels.append(TranslationWorkPanel(request.user, locale))


class PracticeChooseParentView(ChooseParentView):
    """ "Add practice" with no language chosen opens the working language's
    practice index (practices/translator_dashboard.working_locale)."""

    def get_locale(self):
        if self.request.GET.get("locale"):
            return super().get_locale()
        return working_locale(self.request.user)


def admin_urls():
    return [
        path("translation-work/start/", start_translation, name="practices_start_translation"),
        path(
            "translation-work/<str:language_code>/<slug:section>/",
            TranslationWorkView.as_view(),
            name="practices_translation_work",
        ),
    ]
