"""Search engines: the database (default) and Elasticsearch (ELASTICSEARCH_URL)."""
