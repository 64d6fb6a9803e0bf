"""Tables of the database search engine (search/engines/database.py).

`IndexedPractice` holds one search document per live, public version of a
practice (see search/documents.py); `IndexedFacetValue` its facet values and
`IndexedAudience` the visitor languages it is shown to, both indexed for the
filters and the facet counts. The full-text index over the normalised terms
is vendor-specific and created by migration 0002: an FTS5 table kept in step
by triggers on SQLite, a generated, GIN-indexed tsvector column on
PostgreSQL.

`PendingReindex` remembers practices an engine failed to update (say,
Elasticsearch was unreachable): `sync_search_index` repairs them.
"""

from django.db import models


class IndexedPractice(models.Model):
    page_id = models.BigIntegerField(unique=True)
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
    document = models.ForeignKey(IndexedPractice, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=120)

    class Meta:
        db_table = "search_document_facet"
        indexes = [
            models.Index(fields=["facet", "value", "document"], name="search_facet_value_doc"),
            # Both covering: filters look values up, facet counts documents.
            models.Index(fields=["document", "facet", "value"], name="search_facet_doc"),
        ]

    def __str__(self):
        return f"{self.facet}={self.value}"


class IndexedAudience(models.Model):
    document = models.ForeignKey(
        IndexedPractice, on_delete=models.CASCADE, related_name="audiences"
    )
    language = models.CharField(max_length=10)

    class Meta:
        db_table = "search_document_audience"
        constraints = [
            models.UniqueConstraint(fields=["language", "document"], name="search_audience_unique")
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
