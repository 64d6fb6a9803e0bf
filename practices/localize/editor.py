"""What the translation editor adds to wagtail-localize's: a notice when the
original changed after the last sync, previous translations as suggestions,
publishing refused while a text is untranslated, and "Convert to alias page"
only for those who may convert."""

import json
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.models import Page
from wagtail_localize.models import Translation

from practices.localize.alias_conversion import user_can_convert_to_alias
from practices.localize.language_checks import incomplete_segments, user_can_edit_instance
from practices.localize.suggestions import previous_translations
from practices.visibility import changes_not_brought_in


def _original_changed(translation):
    """Was the original published after the translation's source was synced?"""
    try:
        original = translation.source.get_source_instance()
    except Page.DoesNotExist:
        return None
    published = getattr(original, "last_published_at", None)
    if changes_not_brought_in(published, translation.source.last_updated_at):
        return original
    return None


def tell_that_the_original_changed(request, page):
    # Before wagtail-localize's hook, which serves the translation editor
    # (a message added here is shown in its page).
    if request.method != "GET":
        return None
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source")
        .first()
    )
    if translation is None or not user_can_edit_instance(request.user, page):
        return None
    original = _original_changed(translation)
    if original is None:
        return None
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    sync_url = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    messages.warning(
        request,
        _(
            "The original (%(language)s) was published on %(date)s, after this translation "
            "was last synced: its changes are not here yet."
        )
        % {
            "language": original.locale.get_display_name(),
            "date": date_format(localtime(original.last_published_at), "DATE_FORMAT"),
        },
        buttons=[
            messages.button(
                f"{sync_url}?{urlencode({'next': edit_url})}", _("Bring the changes in")
            )
        ],
    )
    return None


def refuse_publishing_untranslated_text(request, page):
    # wagtail-localize's "Publish in <language>" puts the original's text
    # live for every text not translated yet: refused, nothing changed.
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    if translation is None:
        return None
    missing = incomplete_segments(translation)
    if not missing:
        return None
    messages.error(
        request,
        ngettext(
            "“%(title)s” was not published in %(language)s: %(count)s text is not translated "
            "yet. Translate it, then publish.",
            "“%(title)s” was not published in %(language)s: %(count)s texts are not translated "
            "yet. Translate them, then publish.",
            missing,
        )
        % {
            "title": page.get_admin_display_title(),
            "language": translation.target_locale.get_display_name(),
            "count": missing,
        },
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def _incomplete_translations(pages):
    """{page: untranslated texts} of the pages that are translations missing some."""
    by_key = {(page.translation_key, page.locale_id): page for page in pages}
    incomplete = {}
    for translation in Translation.objects.filter(
        source__object_id__in={key for key, _locale in by_key}, enabled=True
    ).select_related("source"):
        page = by_key.get((translation.source.object_id, translation.target_locale_id))
        if page is not None and (missing := incomplete_segments(translation)):
            incomplete[page] = missing
    return incomplete


def refuse_bulk_publishing_untranslated_text(request, action_type, objects, action_class):
    # The listing's bulk "Publish" would put a translation's draft live with
    # the original's text where a text is untranslated: refused as a whole.
    if action_type != "publish":
        return None
    incomplete = _incomplete_translations([obj for obj in objects if isinstance(obj, Page)])
    if not incomplete:
        return None
    messages.error(
        request,
        _("Nothing was published: %(pages)s still have texts to translate.")
        % {
            "pages": ", ".join(
                f"“{page.get_admin_display_title()}” ({page.locale.get_display_name()})"
                for page in incomplete
            )
        },
    )
    return redirect(action_class.next_url)


def editor_props(props, translation, user):
    """The translation editor's props (JSON), with previous translations
    offered and the alias conversion left out where refused."""
    props = json.loads(props)
    suggestions = previous_translations(translation)
    for segment in props.get("segments", []):
        if segment.get("type") != "string" or segment.get("id") not in suggestions:
            continue
        old_source, old_translation = suggestions[segment["id"]]
        hint = _("Previous translation (of “%(text)s”): %(translation)s") % {
            "text": old_source,
            "translation": old_translation,
        }
        location = segment["location"]
        location["subField"] = f"{location['subField']} — {hint}" if location["subField"] else hint
    links = props.get("links", {})
    if links.get("convertToAliasUrl"):
        target = translation.get_target_instance()
        if not (isinstance(target, Page) and user_can_convert_to_alias(user, target)):
            links["convertToAliasUrl"] = None
    return json.dumps(props, cls=DjangoJSONEncoder)
