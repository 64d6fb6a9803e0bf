"""Helpers of the translator tests (roles and wagtail-localize boundaries)."""

import html
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation

from home.demo_loader import PAGE_TEXT_FIELDS


def run_setup_roles():
    out = StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue()


def assert_denied(response):
    """Wagtail's answer to a PermissionDenied in an admin view."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")
    messages = [html.unescape(str(m)).strip() for m in get_messages(response.wsgi_request)]
    assert "Sorry, you do not have permission to access this area." in messages


def page_edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def snippet_url(instance, view="edit"):
    name = f"wagtailsnippets_practices_{instance._meta.model_name}:{view}"
    return reverse(name, args=[instance.pk])


def page_state(page):
    """What a denied request must leave untouched."""
    page = Page.objects.get(pk=page.pk)
    return (page.title, page.live, page.live_revision_id, page.revisions.count())


def translate_string(client, translation, path, value):
    """Type `value` into the translation editor's field for the segment at `path`."""
    segment = StringSegment.objects.get(source=translation.source, context__path=path)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    return client.put(url, f"value={value}", content_type="application/x-www-form-urlencoded")


def translation_of(instance):
    return Translation.objects.get(
        source__object_id=instance.translation_key, target_locale=instance.locale
    )


def practice_values(title, slug, page):
    values = {"title": title, "slug": slug}
    values.update({name: getattr(page, name) for name in PAGE_TEXT_FIELDS})
    values["summary"] = f"{title}: summary."
    return values


def make_user(username, *group_names):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "password")
    user.groups.set([Group.objects.get(name=name) for name in group_names])
    return user
