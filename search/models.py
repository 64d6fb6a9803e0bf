"""Tables of the database search engine (search/engines/database.py) and its repair queue.

The full-text index over the normalised terms is created by migration 0002 (search/fulltext.py);
docs/search.md explains how the tables are shaped for the search statements.
"""

from django.db import models


class IndexedPractice(models.Model):
    # The page's own id: ties in the results break the same way after any
    # mix of updates and rebuilds, on every engine.
    id = models.BigIntegerField(primary_key=True)
    translation_key = models.UUIDField(db_index=True)
    language = models.CharField(max_length=10)
    is_original = models.BooleanField(default=False)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    title_sort = models.CharField(max_length=255, db_index=True)
    start_year = models.PositiveSmallIntegerField(null=True)
    end_year = models.PositiveSmallIntegerField(null=True)
    first_published_at = models.DateTimeField(null=True, db_index=True)
    countries = models.JSONField(default=list)
    themes = models.JSONField(default=list)

    class Meta:
        db_table = "search_document"

    def __str__(self):
        return f"{self.title} ({self.language})"


class IndexedFacetValue(models.Model):
    """A facet value of a document, once per visitor language the document
    is shown to: counting a language's facets then reads one contiguous
    range of the (language, facet, value, document) index."""

    document = models.ForeignKey(IndexedPractice, on_delete=models.CASCADE, related_name="facets")
    language = models.CharField(max_length=10)
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=120)

    class Meta:
        db_table = "search_document_facet"
        indexes = [
            models.Index(
                fields=["language", "facet", "value", "document"], name="search_facet_lookup"
            ),
        ]

    def __str__(self):
        return f"{self.facet}={self.value} ({self.language})"


class IndexedAudience(models.Model):
    """A visitor language a document is shown to, with the document's sort
    keys and years: a search without words, or the join of a full-text
    match, reads only the covering index, never the documents' text."""

    document = models.ForeignKey(
        IndexedPractice, on_delete=models.CASCADE, related_name="audiences"
    )
    language = models.CharField(max_length=10)
    published = models.DateTimeField(null=True)
    title_sort = models.CharField(max_length=255)
    start_year = models.PositiveSmallIntegerField(null=True)
    end_year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        db_table = "search_document_audience"
        # One row per (language, document) by construction; no unique
        # constraint, whose narrower index the planner would prefer to this
        # covering one.
        indexes = [
            models.Index(
                fields=[
                    "language",
                    "document",
                    "published",
                    "title_sort",
                    "start_year",
                    "end_year",
                ],
                name="search_audience_covering",
            ),
        ]

    def __str__(self):
        return self.language


class PendingReindex(models.Model):
    translation_key = models.UUIDField(unique=True)
    engine = models.CharField(max_length=40)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "search_pending_reindex"

    def __str__(self):
        return f"{self.translation_key} ({self.engine})"


class ExternalRebuild(models.Model):
    """Present while a full rebuild of an external engine (Elasticsearch)
    fills its new index: updates made meanwhile go to the old index, so they
    are also queued in PendingReindex and replayed after the swap."""

    engine = models.CharField(max_length=40)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "search_external_rebuild"

    def __str__(self):
        return f"{self.engine} rebuild since {self.started_at:%Y-%m-%d %H:%M}"
