"""The translation editor's props, completed (practices.localize.editor)."""

from django import template

from practices.localize.editor import editor_props

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_editor_props(context):
    return editor_props(context["props"], context["translation"], context["request"].user)
