"""wagtail-localize's "Convert to alias page", offered and served only to those
who may publish both the translation and its original."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail.models import Page
from wagtail_localize.models import TranslationSource
from wagtail_localize.views import convert

ACTION_NAME = "localize-convert-to-alias"


def user_can_convert_to_alias(user, page):
    """May `user` turn the translation `page` into an alias of its original?"""
    source = TranslationSource.objects.filter(
        object_id=page.translation_key,
        specific_content_type=page.content_type_id,
        translations__target_locale=page.locale_id,
    ).first()
    if source is None:
        return False
    try:
        original = source.get_source_instance()
    except Page.DoesNotExist:
        return False
    return (
        page.permissions_for_user(user).can_publish()
        and original.permissions_for_user(user).can_publish()
    )


def convert_to_alias(request, page_id):
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    if not user_can_convert_to_alias(request.user, page):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


def hide_convert_to_alias(menu_items, request, context):
    page = context.get("page")
    if page is None or user_can_convert_to_alias(request.user, page):
        return
    menu_items[:] = [item for item in menu_items if item.name != ACTION_NAME]


def register_admin_urls():
    # wagtail-localize's path, registered before its own (order=-1).
    return [
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            convert_to_alias,
            name="practices_convert_to_alias",
        )
    ]
