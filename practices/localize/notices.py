"""E-mails to translators: a translation into their language was created, or
the original of one of their translations changed."""

import logging
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.mail import send_mail
from wagtail.models import Page
from wagtail.signals import page_published
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments.extract import extract_segments

from practices.editorial.translator_groups import group_name

logger = logging.getLogger(__name__)


def translators_of(locale):
    """Active users with an e-mail address in the translator group of `locale`."""
    return list(
        get_user_model()
        .objects.filter(groups__name=group_name(locale.language_code), is_active=True)
        .exclude(email="")
        .distinct()
    )


def _absolute(url):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _send(recipients, template, context):
    for recipient in recipients:
        try:
            with override(UserProfile.get_for_user(recipient).get_preferred_language()):
                context = {**context, "user": recipient}
                subject = render_to_string(f"{template}_subject.txt", context).strip()
                body = render_to_string(f"{template}.txt", context).strip()
            send_mail(subject, body, [recipient.email])
        except Exception:
            logger.exception("Could not send %s to %s", template, recipient.email)


def _on_commit(func, *args):
    transaction.on_commit(partial(_guarded, func, *args))


def _guarded(func, *args):
    try:
        func(*args)
    except Exception:
        logger.exception("Translator notification failed")


# A translation was created ---------------------------------------------------
def notify_translation_created(instance, locales, actor):
    """Tell the translators of each of `locales` (but `actor`) that `instance`
    now has a translation in their language to work on."""
    locale_ids = [locale.pk for locale in locales]
    actor_id = getattr(actor, "pk", None)
    _on_commit(_send_translation_created, type(instance), instance.pk, locale_ids, actor_id)


def _send_translation_created(model, pk, locale_ids, actor_id):
    instance = model._default_manager.get(pk=pk)
    for translation in Translation.objects.filter(
        source__object_id=instance.translation_key, target_locale_id__in=locale_ids
    ).select_related("target_locale", "source"):
        target = translation.get_target_instance()
        url = AdminURLFinder().get_edit_url(target)
        recipients = [u for u in translators_of(translation.target_locale) if u.pk != actor_id]
        _send(
            recipients,
            "practices/notifications/translation_created",
            {
                "title": translation.source.object_repr or str(instance),
                "locale": translation.target_locale,
                "editor_url": _absolute(url) if url else None,
                "dashboard_url": _absolute(reverse("wagtailadmin_home")),
            },
        )


# The original changed ----------------------------------------------------------
def _texts(instance):
    """The translatable strings of `instance`, as wagtail-localize extracts them."""
    return {
        (segment.path, segment.string.data)
        for segment in extract_segments(instance)
        if hasattr(segment, "string")
    }


def _previous_published(page, revision):
    """The page as it was last published before `revision` (None if never)."""
    from wagtail.models import PageLogEntry

    entry = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
        .exclude(revision=revision)
        .order_by("-timestamp", "-pk")
        .select_related("revision")
        .first()
    )
    return entry.revision.as_object() if entry else None


def original_published(sender, instance, revision=None, **kwargs):
    """page_published: when an original with translations is published with
    changed text, tell the translators of each translated language."""
    source = TranslationSource.objects.filter(
        object_id=instance.translation_key, locale_id=instance.locale_id
    ).first()
    if source is None:
        return
    locale_ids = list(
        source.translations.filter(enabled=True).values_list("target_locale_id", flat=True)
    )
    if not locale_ids:
        return
    try:
        previous = _previous_published(instance, revision)
        if previous is not None and _texts(previous) == _texts(instance.specific):
            return
    except Exception:
        logger.exception("Could not compare the texts of %r", instance)
        return
    _on_commit(_send_original_changed, instance.pk, source.pk, locale_ids)


def _send_original_changed(page_id, source_id, locale_ids):
    page = Page.objects.get(pk=page_id)
    sync = reverse("wagtail_localize:update_translations", args=[source_id])
    sync += "?" + urlencode({"next": reverse("wagtailadmin_home")})
    for translation in Translation.objects.filter(
        source_id=source_id, target_locale_id__in=locale_ids, enabled=True
    ).select_related("target_locale"):
        _send(
            translators_of(translation.target_locale),
            "practices/notifications/original_changed",
            {
                "title": page.title,
                "original_locale": page.locale,
                "locale": translation.target_locale,
                "sync_url": _absolute(sync),
                "dashboard_url": _absolute(reverse("wagtailadmin_home")),
            },
        )


def connect():
    page_published.connect(original_published, dispatch_uid="practices_original_published")
