"""The interface every search engine implements."""


class SearchUnavailable(Exception):
    """The engine cannot answer now (server down, timeout, error). The
    service turns it into a clear message for the visitor and a log line."""


class SearchEngine:
    name = ""

    def search(self, query):
        """Answer a `SearchQuery` with an `EngineResult`: the page of hits
        (with snippets), the total, and for every facet the counts of its
        values, each ignoring that facet's own selection."""
        raise NotImplementedError

    def replace_practice(self, translation_key, documents):
        """Make the index hold exactly `documents` for this practice (every
        language version of it); an empty list removes the practice."""
        raise NotImplementedError

    def rebuild(self, documents, progress=None):
        """Replace the whole index by `documents` (an iterable of batches),
        without a moment with no results. Calls `progress(n)` after each batch."""
        raise NotImplementedError

    def count(self):
        """Documents in the index, by language."""
        raise NotImplementedError
