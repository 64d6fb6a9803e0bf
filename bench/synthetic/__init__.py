"""Synthetic practices for benchmarks and load tests (docs/benchmarks.md).

* `vocabulary`: parallel English, French and Italian words, so search finds every translation.
* `specs`: `build_specs()`, pure and deterministic, from a seed to the practices' specs.
* `writer`: `generate_practices()`, which writes them as published, translated pages in bulk.
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
