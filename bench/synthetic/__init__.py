"""Synthetic practices for benchmarks and load tests.

Three modules:

* `vocabulary`: the parallel English, French and Italian words and phrases
  the texts are built from, so that each translation says the same thing in
  its language and full-text search finds synthetic practices in every
  language.
* `specs`: `build_specs()`, pure and deterministic, from a seed to the titles,
  slugs, texts, indicators, taxonomy assignments and dates of the practices.
* `writer`: `generate_practices()`, which writes the specs to the database as
  published, translated Wagtail pages, in bulk.
"""

from bench.synthetic.specs import (
    SLUG_PREFIX,
    SyntheticDataError,
    TaxonomyPools,
    build_specs,
)
from bench.synthetic.writer import generate_practices, load_pools

__all__ = [
    "SLUG_PREFIX",
    "SyntheticDataError",
    "TaxonomyPools",
    "build_specs",
    "generate_practices",
    "load_pools",
]
