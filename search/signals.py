"""Signal handlers that keep the search index in step with the content.

Connected in SearchConfig.ready(). Every handler works out which practices
(translation keys) an event touches and hands them to search.indexing.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from practices.models import TAXONOMIES, Country, ErasmusProject, Organisation, PracticePage
from search import indexing
from search.labels import labels_changed

TERM_RELATIONS = {taxonomy.model: taxonomy.field for taxonomy in TAXONOMIES}


def _keys_under(page):
    """Translation keys of the practices at or below `page`."""
    return PracticePage.objects.filter(path__startswith=page.path).values_list(
        "translation_key", flat=True
    )


def practice_changed(sender, instance, **kwargs):
    indexing.reindex([instance.translation_key])


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, PracticePage):
        indexing.reindex([instance.translation_key])


def page_moved(sender, instance, **kwargs):
    """A page moved or changed its slug: the URLs of the practices at or
    below it changed."""
    indexing.reindex(_keys_under(instance))


def practice_saved(sender, instance, **kwargs):
    """Aliases are created and kept in step with their original by plain
    saves, without page_published; their relations are copied after the
    save, hence after the commit."""
    if instance.alias_of_id:
        transaction.on_commit(partial(indexing.reindex, [instance.translation_key]))


def restriction_changed(sender, instance, **kwargs):
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:  # the page itself is being deleted
        return
    indexing.reindex(_keys_under(page))


def _term_practices(sender, instance):
    relation = TERM_RELATIONS[sender]
    return PracticePage.objects.filter(
        **{f"{relation}__translation_key": instance.translation_key}
    ).values_list("translation_key", flat=True)


def _related_practices(sender, instance):
    return instance.practices.values_list("translation_key", flat=True)


def _changed(find):
    """A handler reindexing the practices `find(sender, instance)` returns.

    Deletion removes the relations before post_delete: the practices are
    found at pre_delete and reindexed at post_delete, once the row is gone.
    """

    def before_delete(sender, instance, **kwargs):
        instance._search_keys = list(find(sender, instance))

    def after(sender, instance, **kwargs):
        keys = getattr(instance, "_search_keys", None)
        indexing.reindex(keys if keys is not None else find(sender, instance))

    return before_delete, after


# A term was renamed, translated or deleted: the practices classified under
# it carry its name in their text. A country, organisation or project a
# practice shows changed: likewise.
term_before_delete, term_changed = _changed(_term_practices)
related_before_delete, related_changed = _changed(_related_practices)


def labels_written(sender, **kwargs):
    """A facet value's label may have changed: at once for this transaction's own
    searches, and again after the commit, for the searches made meanwhile elsewhere."""
    labels_changed()
    transaction.on_commit(labels_changed)


def connect():
    page_published.connect(practice_changed, sender=PracticePage)
    page_unpublished.connect(practice_changed, sender=PracticePage)
    post_delete.connect(page_deleted, sender=PracticePage)
    post_page_move.connect(page_moved)
    page_slug_changed.connect(page_moved)
    post_save.connect(practice_saved, sender=PracticePage)
    post_save.connect(restriction_changed, sender=PageViewRestriction)
    post_delete.connect(restriction_changed, sender=PageViewRestriction)
    for model in TERM_RELATIONS:
        post_save.connect(term_changed, sender=model)
        pre_delete.connect(term_before_delete, sender=model)
        post_delete.connect(term_changed, sender=model)
    for model in (Country, Organisation, ErasmusProject):
        post_save.connect(related_changed, sender=model)
        pre_delete.connect(related_before_delete, sender=model)
        post_delete.connect(related_changed, sender=model)
    for model in (*TERM_RELATIONS, Country, ErasmusProject, Locale):
        post_save.connect(labels_written, sender=model)
        post_delete.connect(labels_written, sender=model)
