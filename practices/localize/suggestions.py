"""A changed text's previous translation, offered as a suggestion: a fuzzy
entry in the PO download, a note above the text in the online editor."""

from collections import defaultdict
from difflib import SequenceMatcher

from django.db.models import Exists, OuterRef
from wagtail_localize.models import StringSegment, StringTranslation

# Below this similarity, an old text of the same field is not a previous
# version of the new one (a paragraph removed while another was added).
MIN_SIMILARITY = 0.3


def previous_translations(translation):
    """{StringSegment id: (old source text, its translation)} for the texts of
    `translation` that have no translation and had one before a change."""
    segments = StringSegment.objects.filter(source=translation.source)
    untranslated = [
        segment
        for segment in segments.annotate_translation(translation.target_locale)
        .select_related("string")
        .order_by("order")
        if segment.translation is None
    ]
    if not untranslated:
        return {}
    old = (
        StringTranslation.objects.filter(
            context_id__in={segment.context_id for segment in untranslated},
            locale_id=translation.target_locale_id,
            has_error=False,
        )
        # Still a text of that field: not an old one (the same sentence may
        # be current in another field).
        .exclude(
            Exists(
                segments.filter(
                    string_id=OuterRef("translation_of_id"), context_id=OuterRef("context_id")
                )
            )
        )
        .exclude(data="")
        .select_related("translation_of")
        .order_by("-updated_at")
    )
    candidates = defaultdict(list)
    for string_translation in old:
        candidates[string_translation.context_id].append(string_translation)
    suggestions = {}
    for segment in untranslated:
        pool = candidates.get(segment.context_id)
        if not pool:
            continue
        new_text = segment.string.data

        def similarity(candidate, new_text=new_text):
            return SequenceMatcher(None, candidate.translation_of.data, new_text).ratio()

        best = max(pool, key=similarity)  # the most recent of equals (order_by)
        if similarity(best) < MIN_SIMILARITY:
            continue
        pool.remove(best)
        suggestions[segment.pk] = (best.translation_of.data, best.data)
    return suggestions


def export_po(translation):
    """wagtail-localize's PO file of `translation`, with each changed text's
    previous translation as a fuzzy entry (and no longer as an obsolete one)."""
    po = translation.export_po()
    suggestions = previous_translations(translation)
    if not suggestions:
        return po
    by_text = {
        (segment.context.path, segment.string.data): suggestions[segment.pk]
        for segment in StringSegment.objects.filter(pk__in=suggestions).select_related(
            "context", "string"
        )
    }
    used = set()
    for entry in po:
        if entry.obsolete or entry.msgstr:
            continue
        suggestion = by_text.get((entry.msgctxt, entry.msgid))
        if suggestion is None:
            continue
        entry.previous_msgctxt = None
        entry.previous_msgid = suggestion[0]
        entry.msgstr = suggestion[1]
        entry.flags.append("fuzzy")
        used.add((entry.msgctxt, suggestion[0]))
    for entry in [e for e in po if e.obsolete and (e.msgctxt, e.msgid) in used]:
        po.remove(entry)
    return po


def without_fuzzy_entries(po):
    """`po` less its fuzzy entries: suggestions nobody confirmed are not
    translations (gettext's msgfmt leaves them out the same way)."""
    for entry in [e for e in po if "fuzzy" in e.flags]:
        po.remove(entry)
    return po
