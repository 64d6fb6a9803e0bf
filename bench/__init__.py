"""`make bench`: how fast the repository is, against a plain Wagtail build
and the database's own limit. See docs/benchmarks.md.

The orchestrator (`python -m bench`, bench/__main__.py) builds deterministic
corpora (bench/corpus.py), then for each size runs the in-process
measurements in a Django process of their own (bench/measure.py: search
service, pages, indexing) and the load test on gunicorn (bench/load.py), and
writes JSON and Markdown (bench/report.py) to bench/results/.
"""
