"""Create translations through wagtail-localize's PO path, as a partner does
offline, so that scripts make ordinary translations that partners can keep
editing."""

import copy

from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


class TranslationMismatchError(ValueError):
    """The translated values do not have the structure of the source."""


def translated_copy(instance, values):
    """An unsaved copy of `instance` carrying the translated `values`.

    StreamField values are given as a list of block values, in the order of
    the source's blocks; they keep the source's block ids so that segments
    pair up.
    """
    target = copy.copy(instance)
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if isinstance(field, StreamField):
            source_blocks = list(getattr(instance, name).raw_data)
            if len(source_blocks) != len(value):
                raise TranslationMismatchError(
                    f"{name}: {len(value)} blocks given for {len(source_blocks)} in the source"
                )
            value = field.stream_block.to_python(
                [
                    {"type": block["type"], "id": block["id"], "value": block_value}
                    for block, block_value in zip(source_blocks, value, strict=True)
                ]
            )
        setattr(target, name, value)
    return target


def _strings(instance):
    return [s for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]


def pair_segments(source_instance, target_instance):
    """Map (context path, source string) to the target string, segment by segment."""
    source_segments, target_segments = _strings(source_instance), _strings(target_instance)
    if [s.path for s in source_segments] != [t.path for t in target_segments]:
        raise TranslationMismatchError(
            f"{source_instance!r}: the translation does not have the source's structure "
            f"(source segments {[s.path for s in source_segments]}, "
            f"translated segments {[t.path for t in target_segments]})"
        )
    return {
        (source.path, source.string.data): target.string.data
        for source, target in zip(source_segments, target_segments, strict=True)
    }


def translate(instance, locale, values, *, publish=True, user=None):
    """Translate `instance` into `locale` with the translated field `values`.

    Returns the saved translated instance.
    """
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    pairs = pair_segments(instance, translated_copy(instance, values))
    po = translation.export_po()
    for entry in po:
        entry.msgstr = pairs.get((entry.msgctxt, entry.msgid), entry.msgstr)
    warnings = translation.import_po(po, user=user, tool_name="practices.localize.po_translation")
    if warnings:
        raise TranslationMismatchError(f"{instance!r}: PO import warnings {warnings}")
    # wagtail-localize publishes page translations in transaction.on_commit,
    # from the object as it was in memory: inside a longer transaction that
    # overwrites tree data written since (the parent's child count), and in
    # tests the callback never runs. Save a draft, then publish it here.
    draftable = isinstance(instance, DraftStateMixin)
    translation.save_target(user=user, publish=not draftable)
    target = instance.get_translation(locale)
    if publish and draftable:
        target = target.specific if isinstance(target, Page) else target
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target
